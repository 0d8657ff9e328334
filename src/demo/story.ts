import { mulberry32 } from '../core/rng.ts';
/**
 * The built-in demo incident (fictitious; documentation address ranges only). A sales PC opens a
 * booby-trapped document, downloads a tool from a bare IP, beacons to a C&C domain, sprays passwords
 * at the file server, moves on with PsExec and pass-the-hash, exfiltrates at night and clears its
 * log; meanwhile a public Linux server falls to SSH brute force. All times are JST on one day.
 */
export const DAY = '2026-10-14'; // a Wednesday
export const TZ_OFFSET_H = 9;

/** Epoch microseconds of a local (JST) time on DAY, e.g. at('09:41:07'). */
export function at(hms: string, plusMs = 0): number {
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number];
  return (Date.UTC(2026, 9, 14, h - TZ_OFFSET_H, m, s) + plusMs) * 1000;
}

export const HOSTS = {
  pc1: { name: 'PC-SALES01.corp.example', short: 'PC-SALES01', ip: '10.10.1.21', user: 'tanaka' },
  pc2: { name: 'PC-SALES02.corp.example', short: 'PC-SALES02', ip: '10.10.1.22', user: 'suzuki' },
  fs: { name: 'FS01.corp.example', short: 'FS01', ip: '10.10.2.10', user: 'svc_backup' },
  web: { name: 'web01', short: 'web01', ip: '10.10.3.5', user: 'deploy' },
} as const;

export const CNC_DOMAIN = 'update-check.example-cdn.net';
export const CNC_IP = '203.0.113.45';
export const DROPPER_IP = '198.51.100.23';
export const DROPPER_URL = `http://${DROPPER_IP}/invoice.exe`;
export const EXFIL_HOST = 'files.example-share.org';
export const EXFIL_IP = '203.0.113.99';
export const SSH_ATTACKER = '203.0.113.77';
export const DOMAIN = 'CORP';

/** Deterministic pseudo-random numbers (mulberry32), so every demo run is the same. */
export const rng = mulberry32;
