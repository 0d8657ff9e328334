import { mulberry32 } from '../../../src/core/rng.ts';
/**
 * A small writer of glibc utmp records (and lastlog/faillog/tallylog), for fixtures that the real
 * tools (utmpdump, last, lastb, lastlog, faillog) then read. Independent of the reader: offsets are
 * written from the struct layouts spelled out here.
 */
export interface UtmpIn {
  type: number;
  pid?: number;
  line?: string;
  id?: string;
  user?: string;
  host?: string;
  exitTermination?: number;
  exitStatus?: number;
  session?: number;
  sec: number;
  usec?: number;
  /** dotted IPv4, or 16 raw bytes */
  addr?: string | Buffer;
}

export type WriterLayout = 'x86_64' | 'aarch64' | 's390x';

function putStr(b: Buffer, at: number, size: number, s: string | undefined): void {
  if (s === undefined) return;
  const bytes = Buffer.from(s, 'latin1');
  bytes.copy(b, at, 0, Math.min(size, bytes.length));
}

function addrBytes(a: string | Buffer | undefined): Buffer {
  const out = Buffer.alloc(16);
  if (a === undefined) return out;
  if (Buffer.isBuffer(a)) {
    a.copy(out, 0, 0, 16);
    return out;
  }
  const parts = a.split('.').map(Number);
  for (let i = 0; i < 4; i++) out[i] = parts[i] ?? 0;
  return out;
}

export function utmpRecord(r: UtmpIn, layout: WriterLayout = 'x86_64'): Buffer {
  const wide = layout !== 'x86_64';
  const le = layout !== 's390x';
  const b = Buffer.alloc(wide ? 400 : 384);
  if (le) {
    b.writeInt16LE(r.type, 0);
    b.writeInt32LE(r.pid ?? 0, 4);
  } else {
    b.writeInt16BE(r.type, 0);
    b.writeInt32BE(r.pid ?? 0, 4);
  }
  putStr(b, 8, 32, r.line);
  putStr(b, 40, 4, r.id);
  putStr(b, 44, 32, r.user);
  putStr(b, 76, 256, r.host);
  const w16 = (v: number, o: number): number => (le ? b.writeInt16LE(v, o) : b.writeInt16BE(v, o));
  w16(r.exitTermination ?? 0, 332);
  w16(r.exitStatus ?? 0, 334);
  if (wide) {
    const w64 = (v: number, o: number): number =>
      le ? b.writeBigInt64LE(BigInt(v), o) : b.writeBigInt64BE(BigInt(v), o);
    w64(r.session ?? 0, 336);
    w64(r.sec, 344);
    w64(r.usec ?? 0, 352);
    addrBytes(r.addr).copy(b, 360);
  } else {
    b.writeInt32LE(r.session ?? 0, 336);
    b.writeInt32LE(r.sec, 340);
    b.writeInt32LE(r.usec ?? 0, 344);
    addrBytes(r.addr).copy(b, 348);
  }
  return b;
}

export function utmpFile(records: UtmpIn[], layout: WriterLayout = 'x86_64'): Buffer {
  return Buffer.concat(records.map((r) => utmpRecord(r, layout)));
}

/** A sparse lastlog (x86-64: int32 time, line[32], host[256]) with records at the given uids. */
export function lastlogFile(
  entries: { uid: number; time: number; line?: string; host?: string }[],
  uidCount: number,
): Buffer {
  const b = Buffer.alloc(uidCount * 292);
  for (const e of entries) {
    const o = e.uid * 292;
    b.writeInt32LE(e.time, o);
    putStr(b, o + 4, 32, e.line);
    putStr(b, o + 36, 256, e.host);
  }
  return b;
}

/** A faillog (x86-64: 32-byte records). */
export function faillogFile(
  entries: { uid: number; count: number; max: number; line?: string; time: number; locktime?: number }[],
  uidCount: number,
): Buffer {
  const b = Buffer.alloc(uidCount * 32);
  for (const e of entries) {
    const o = e.uid * 32;
    b.writeInt16LE(e.count, o);
    b.writeInt16LE(e.max, o + 2);
    putStr(b, o + 4, 12, e.line);
    b.writeBigInt64LE(BigInt(e.time), o + 16);
    b.writeBigInt64LE(BigInt(e.locktime ?? 0), o + 24);
  }
  return b;
}

/** A tallylog (pam_tally2: 64-byte records). */
export function tallylogFile(
  entries: { uid: number; rhost?: string; count: number; time: number }[],
  uidCount: number,
): Buffer {
  const b = Buffer.alloc(uidCount * 64);
  for (const e of entries) {
    const o = e.uid * 64;
    putStr(b, o, 52, e.rhost);
    b.writeUInt16LE(e.count, o + 54);
    b.writeBigUInt64LE(BigInt(e.time), o + 56);
  }
  return b;
}

/** A deterministic pseudo-random generator (mulberry32) for fixtures and fuzzing. */
export const rng = mulberry32;

const V6 = [
  '20010db8000000000000000000000001',
  '00000000000000000000ffffc0000201',
  '00000000000000000000000001020304',
  'fe800000000000000000000000000001',
  '20010db8000100000000000000000000',
  '00000000000000000000000000000001',
  '20010db8000000010000000000000000',
  '0db80000000000000000000000000000',
];

/** A realistic wtmp: boots, runlevels, console and ssh logins/logouts, a crash, a clock change, odd bytes. */
export function sampleWtmp(seed: number, count = 400): UtmpIn[] {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const users = ['root', 'alice', 'bob', 'deploy', 'a-very-long-user-name-over-8', 'ünï', 'ftp'];
  const hosts = ['192.0.2.10', '198.51.100.7', '203.0.113.99', 'host.example.org', ':0', ''];
  const out: UtmpIn[] = [];
  let t = 1600000000 + Math.floor(r() * 1e7);
  const open: { line: string; pid: number }[] = [];
  let pid = 300;
  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * 20000);
    const x = r();
    if (x < 0.05) {
      out.push({
        type: 2,
        line: '~',
        id: '~~',
        user: 'reboot',
        host: '5.10.0-9-amd64',
        sec: t,
        usec: Math.floor(r() * 1e6),
      });
      out.push({ type: 1, pid: 0x35, line: '~', id: '~~', user: 'runlevel', host: '5.10.0-9-amd64', sec: t + 2 });
      open.length = 0;
    } else if (x < 0.08) {
      out.push({
        type: 1,
        pid: r() < 0.5 ? 0x30 : 0x36,
        line: '~',
        id: '~~',
        user: 'shutdown',
        host: '5.10.0-9-amd64',
        sec: t,
      });
    } else if (x < 0.09) {
      out.push({ type: 4, line: '|', id: '', user: 'date', sec: t });
      out.push({ type: 3, line: '{', id: '', user: 'date', sec: t + 3600 });
    } else if (x < 0.55 || open.length === 0) {
      const tty = r() < 0.7 ? `pts/${Math.floor(r() * 6)}` : pick(['tty1', 'tty2', 'ftp123', 'uucp7']);
      const host = tty.startsWith('pts') ? pick(hosts) : '';
      pid++;
      let addr: string | Buffer | undefined = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : undefined;
      if (!addr && r() < 0.5) addr = Buffer.from(pick(V6), 'hex');
      out.push({
        type: 7,
        pid,
        line: tty,
        id: tty.slice(-4),
        user: pick(users),
        host,
        sec: t,
        usec: Math.floor(r() * 1e6),
        addr,
        session: pid,
      });
      open.push({ line: tty, pid });
    } else {
      const k = Math.floor(r() * open.length);
      const s = open.splice(k, 1)[0];
      out.push({ type: 8, pid: s.pid, line: s.line, id: s.line.slice(-4), sec: t, usec: Math.floor(r() * 1e6) });
    }
  }
  return out;
}
