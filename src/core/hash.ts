/** SHA-256 of a file, streamed (evidence is opened read-only and never loaded whole). */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';

/** Files up to this size are hashed in one read (a stream costs more than the hashing for small files). */
const ONE_READ = 1 << 20;

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      // one open: the size and the bytes come from the same file even if the path is swapped meanwhile
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        if (size <= ONE_READ) {
          const buf = Buffer.allocUnsafe(size + 1);
          let n = 0;
          for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
          // a file that grew past the limit meanwhile is streamed like a large one
          if (n <= size) {
            resolve(createHash('sha256').update(buf.subarray(0, n)).digest('hex'));
            return;
          }
        }
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      reject(e);
      return;
    }
    const h = createHash('sha256');
    createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
