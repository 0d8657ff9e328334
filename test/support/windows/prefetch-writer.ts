/**
 * Writes Prefetch (SCCA) files of every version for tests, after libyal's format notes: header,
 * file information (v17 68 bytes, v23 156, v26/v30 220, v30 since 1903 and v31 212), metrics array,
 * an (empty) trace chain array, filename strings, and volume information with device path, file
 * references and directory strings.
 */
export interface PrefetchSpec {
  version: 17 | 23 | 26 | 30 | 31;
  /** v30 only: the 1903+ layout with a 212-byte file information (metrics at 0x128, run count at 200) */
  variant2?: boolean;
  executable: string;
  hash: number;
  runCount: number;
  /** FILETIMEs, most recent first (1 used before v26, up to 8 after) */
  runs: bigint[];
  filenames: string[];
  volumes: { devicePath: string; created: bigint; serial: number; directories: string[] }[];
}

function infoSize(s: PrefetchSpec): number {
  if (s.version === 17) return 68;
  if (s.version === 23) return 156;
  if (s.version === 31 || (s.version === 30 && s.variant2)) return 212;
  return 220;
}

export function writePrefetch(s: PrefetchSpec): Buffer {
  const v17 = s.version === 17;
  const metricsAt = 84 + infoSize(s);
  const metricSize = v17 ? 20 : 32;
  const names = s.filenames.map((f) => Buffer.from(`${f}\0`, 'utf16le'));
  const traceAt = metricsAt + s.filenames.length * metricSize;
  const namesAt = traceAt;
  const namesSize = names.reduce((n, b) => n + b.length, 0);
  const volAt = (namesAt + namesSize + 7) & ~7;
  const volEntry = v17 ? 40 : s.version <= 26 ? 104 : 96;

  // volume information: entries, then per volume its device path, file references, directory strings
  const volParts: Buffer[] = [];
  let volPos = s.volumes.length * volEntry;
  const entries = Buffer.alloc(s.volumes.length * volEntry);
  s.volumes.forEach((v, i) => {
    const e = i * volEntry;
    const path = Buffer.from(`${v.devicePath}\0`, 'utf16le');
    entries.writeUInt32LE(volPos, e);
    entries.writeUInt32LE(v.devicePath.length, e + 4);
    entries.writeBigUInt64LE(v.created, e + 8);
    entries.writeUInt32LE(v.serial, e + 16);
    volParts.push(path);
    volPos += path.length;
    const refs = Buffer.alloc(16);
    refs.writeUInt32LE(v17 ? 1 : 3, 0);
    refs.writeUInt32LE(1, 4);
    refs.writeBigUInt64LE(0x0001000000000005n, 8);
    entries.writeUInt32LE(volPos, e + 20);
    entries.writeUInt32LE(refs.length, e + 24);
    volParts.push(refs);
    volPos += refs.length;
    entries.writeUInt32LE(volPos, e + 28);
    entries.writeUInt32LE(v.directories.length, e + 32);
    for (const d of v.directories) {
      const b = Buffer.alloc(2 + (d.length + 1) * 2);
      b.writeUInt16LE(d.length, 0);
      b.write(d, 2, 'utf16le');
      volParts.push(b);
      volPos += b.length;
    }
  });
  const volumes = Buffer.concat([entries, ...volParts]);
  const total = volAt + volumes.length;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(s.version, 0);
  b.write('SCCA', 4, 'latin1');
  b.writeUInt32LE(v17 ? 0x0f : 0x11, 8);
  b.writeUInt32LE(total, 12);
  b.write(s.executable.slice(0, 29), 16, 'utf16le');
  b.writeUInt32LE(s.hash >>> 0, 76);
  b.writeUInt32LE(metricsAt, 84);
  b.writeUInt32LE(s.filenames.length, 88);
  b.writeUInt32LE(traceAt, 92);
  b.writeUInt32LE(0, 96);
  b.writeUInt32LE(namesAt, 100);
  b.writeUInt32LE(namesSize, 104);
  b.writeUInt32LE(volAt, 108);
  b.writeUInt32LE(s.volumes.length, 112);
  b.writeUInt32LE(volumes.length, 116);
  const runsAt = v17 ? 120 : 128;
  const slots = s.version >= 26 ? 8 : 1;
  for (let i = 0; i < Math.min(slots, s.runs.length); i++) b.writeBigUInt64LE(s.runs[i]!, runsAt + i * 8);
  const countAt = v17 ? 144 : s.version === 23 ? 152 : metricsAt === 0x128 ? 200 : 208;
  b.writeUInt32LE(s.runCount, countAt);
  let nameOff = 0;
  s.filenames.forEach((f, i) => {
    const e = metricsAt + i * metricSize;
    const at = e + (v17 ? 8 : 12);
    b.writeUInt32LE(nameOff, at);
    b.writeUInt32LE(f.length, at + 4);
    nameOff += names[i]!.length;
  });
  Buffer.concat(names).copy(b, namesAt);
  volumes.copy(b, volAt);
  return b;
}
