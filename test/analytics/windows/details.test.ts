/**
 * The Details column against independent sources: every code that Hayabusa's rewrite tables
 * (hayabusa-rules/config/data_mapping) translate must be translated here too (and logon types keep
 * their number); on corpus files, the values shown must be the values the Rust evtx crate reads
 * for the same record; and every corpus event gets a one-line Details without an error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Event } from '../../../src/core/event.ts';
import { detailsAndExtra, translateValue } from '../../../src/report/details/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { CORPUS_READY, corpusEvents, EVTX, oracle, readEvents } from './helpers.ts';

const MAPPING = corpusDir('rules', 'hayabusa-rules', 'config', 'data_mapping');

describe.skipIf(!MAPPING)("codes against Hayabusa's rewrite tables", () => {
  it('every Security and System code Hayabusa rewrites is translated; logon types keep their number', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of readdirSync(MAPPING!).filter((f) => /^(Security|System)_/.test(f))) {
      const doc = parse(readFileSync(join(MAPPING!, file), 'utf8').split(/\nsample-(evtx|message):/)[0]!) as {
        RewriteFieldData?: Record<string, Array<Record<string, string>>>;
      };
      for (const [field, pairs] of Object.entries(doc.RewriteFieldData ?? {})) {
        for (const pair of pairs) {
          for (const [raw, words] of Object.entries(pair)) {
            checked++;
            const ours = translateValue(field, raw);
            if (ours === raw || ours === '') missing.push(`${file} ${field} ${raw} (${words})`);
            if (field === 'LogonType') expect(ours.split(' - ')[0], raw).toBe(String(words).split(' - ')[0]);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });
});

/** Our events of a file by EventRecordID. */
function byRecord(events: Event[]): Map<number, Event> {
  return new Map(events.map((e) => [Number(e.fields.EventRecordID), e]));
}

describe.skipIf(!CORPUS_READY)('Details on corpus files', () => {
  it('values shown are the values the Rust evtx crate reads (logons, process creation, services, Defender)', () => {
    const cases: Array<[string, number, Array<[string, string]>]> = [
      [
        'DeepBlueCLI/evtx/smb-password-guessing-security.evtx',
        4625,
        [
          ['User', 'TargetUserName'],
          ['SrcIP', 'IpAddress'],
          ['SrcComp', 'WorkstationName'],
        ],
      ],
      [
        'omerbenamram-evtx/samples/security.evtx',
        4624,
        [
          ['User', 'TargetUserName'],
          ['SrcIP', 'IpAddress'],
          ['AuthPkg', 'AuthenticationPackageName'],
          ['LID', 'TargetLogonId'],
        ],
      ],
      ['EVTX-ATTACK-SAMPLES/Lateral Movement/LM_WMI_4624_4688_TargetHost.evtx', 4688, [['Proc', 'NewProcessName']]],
      [
        'omerbenamram-evtx/samples/system.evtx',
        7045,
        [
          ['Svc', 'ServiceName'],
          ['Path', 'ImagePath'],
        ],
      ],
      [
        'EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender threat detected.evtx',
        1116,
        [
          ['Threat', 'Threat Name'],
          ['Path', 'Path'],
          ['User', 'Detection User'],
        ],
      ],
    ];
    for (const [rel, id, fields] of cases) {
      const ours = byRecord(corpusEvents(rel));
      const theirs = oracle(rel).filter((e) => e.id === id);
      expect(theirs.length, rel).toBeGreaterThan(0);
      for (const o of theirs) {
        const { details } = detailsAndExtra(ours.get(o.record)!);
        for (const [label, field] of fields) {
          const v = (o.data[field] ?? '').trim();
          if (v === '') continue;
          expect(details, `${rel} #${o.record}`).toContain(`${label}: ${v}`);
        }
        if (o.data.LogonType) expect(details).toMatch(new RegExp(`LogonType: ${o.data.LogonType} - \\w`));
        if (o.data.SubStatus && o.data.SubStatus !== '0x0')
          expect(details).toMatch(/SubStatus: [a-z].* \(0xc[0-9a-f]{7}\)/);
      }
    }
  });

  it('every corpus event gets a one-line Details (and no code of our tables is left raw)', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d, { withFileTypes: true })) {
        if (n.isDirectory()) walk(join(d, n.name));
        else if (n.name.endsWith('.evtx')) files.push(join(d, n.name));
      }
    };
    walk(EVTX!);
    let events = 0;
    let withDetails = 0;
    let ms = 0;
    for (const f of files) {
      for (const e of readEvents(f)) {
        const t = performance.now();
        const { details, extra } = detailsAndExtra(e);
        ms += performance.now() - t;
        events++;
        if (details) withDetails++;
        expect(details.includes('\n') || extra.includes('\n'), f).toBe(false);
        expect(/%%(1833|1842|1843|2313|1936|1937|1938)\b/.test(details), f).toBe(false);
      }
    }
    expect(events).toBeGreaterThan(40_000);
    expect(withDetails / events).toBeGreaterThan(0.95);
    console.log(
      `details: ${events} corpus events, ${withDetails} with details, ${(events / (ms / 1000)).toFixed(0)} events/s`,
    );
  });
});
