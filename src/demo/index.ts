/** `konseki demo`: writes the built-in incident's evidence and IOC list, ready for triage. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLinuxEvidence } from './linux.ts';
import { writeNetworkEvidence } from './network.ts';
import { CNC_DOMAIN, DROPPER_IP, DROPPER_URL } from './story.ts';
import { writeWindowsEvidence } from './windows.ts';

export interface DemoFiles {
  evidence: string;
  iocs: string;
  files: string[];
}

/** Writes the demo into `dir` (its evidence/ and iocs.txt are replaced). */
export function writeDemo(dir: string): DemoFiles {
  const evidence = join(dir, 'evidence');
  rmSync(evidence, { recursive: true, force: true });
  mkdirSync(evidence, { recursive: true });
  const files = [
    ...writeWindowsEvidence(join(evidence, 'windows')),
    ...writeLinuxEvidence(join(evidence, 'linux')),
    ...writeNetworkEvidence(join(evidence, 'network')),
  ];
  const iocs = join(dir, 'iocs.txt');
  writeFileSync(
    iocs,
    [
      '# Indicators from the (fictitious) partner report that started this demo case',
      `${CNC_DOMAIN}  # C&C domain`,
      `${DROPPER_IP}  # dropper host`,
      `${DROPPER_URL.replace('http', 'hxxp')}  # dropper URL (defanged)`,
      '',
    ].join('\n'),
  );
  return { evidence, iocs, files };
}
