import { describe, expect, it } from 'vitest';
import { compressLzxpressHuffman, codeLengths } from '../../../test/support/windows/lzxpress-compress.ts';
import { buildDecodeTable, decompressLzxpressHuffman } from './lzxpress-huffman.ts';
import { mulberry32 } from '../../core/rng.ts';

/** mulberry32: a small deterministic PRNG */
const prng = mulberry32;

function sample(kind: string, n: number, seed = 7): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'random') b[i] = Math.floor(r() * 256);
    else if (kind === 'runs') b[i] = Math.floor(i / 300) & 3;
    else if (kind === 'text') b[i] = 'prefetch\\VOLUME{01d1}\\WINDOWS\\SYSTEM32\\NTDLL.DLL '.charCodeAt(i % 49)!;
    else b[i] = r() < 0.7 ? (i * 13) & 0xff : Math.floor(r() * 256);
  }
  return b;
}

describe('LZXPRESS Huffman round trip (compressor written from MS-XCA, independent of the decoder)', () => {
  const cases: [string, number][] = [
    ['random', 1],
    ['random', 70_000],
    ['runs', 200_000],
    ['text', 131_072],
    ['text', 65_535],
    ['mixed', 300_001],
  ];
  for (const [kind, n] of cases) {
    it(`${kind}, ${n} bytes`, () => {
      const input = sample(kind, n);
      const packed = compressLzxpressHuffman(input);
      const r = decompressLzxpressHuffman(packed, input.length);
      expect(r.error).toBeUndefined();
      expect(r.data.equals(input)).toBe(true);
      if (kind === 'runs' || kind === 'text') expect(packed.length).toBeLessThan(input.length / 10);
    });
  }

  it('long matches use the one-byte and the 16-bit length extensions', () => {
    // 40 and 5000 repeated bytes need lengths beyond 15 and beyond 255 + 15
    const input = Buffer.concat([
      Buffer.from('ab'),
      Buffer.alloc(40, 0x41),
      Buffer.from('cd'),
      Buffer.alloc(5000, 0x42),
    ]);
    const r = decompressLzxpressHuffman(compressLzxpressHuffman(input), input.length);
    expect(r.data.equals(input)).toBe(true);
  });

  it('keeps code lengths within 15 bits even for skewed frequencies', () => {
    const freq = Array.from({ length: 512 }, (_, i) => (i < 40 ? 2 ** Math.min(i, 30) : 0));
    const lens = codeLengths(freq);
    expect(Math.max(...lens)).toBeLessThanOrEqual(15);
    expect(lens.slice(0, 40).every((l) => l > 0)).toBe(true);
  });
});

describe('LZXPRESS Huffman on bad input', () => {
  it('rejects an over-subscribed code table', () => {
    const lens = new Uint8Array(512).fill(1);
    expect(buildDecodeTable(lens)).toBeUndefined();
  });

  it('stops with an error, never throws, on truncated or garbage input', () => {
    const input = sample('text', 100_000);
    const packed = compressLzxpressHuffman(input);
    for (const cut of [0, 10, 255, 256, 300, packed.length >> 1, packed.length - 1]) {
      const r = decompressLzxpressHuffman(packed.subarray(0, cut), input.length);
      expect(r.data.length).toBeLessThanOrEqual(input.length);
      if (r.data.length < input.length) expect(r.error).toBeTruthy();
    }
    const r = prng(3);
    for (let k = 0; k < 50; k++) {
      const junk = Buffer.from(Array.from({ length: 600 }, () => Math.floor(r() * 256)));
      const out = decompressLzxpressHuffman(junk, 4096);
      expect(out.data.length).toBeLessThanOrEqual(4096);
    }
  });

  it('refuses a match that reaches before the start of the output', () => {
    // a table where only symbol 256 + (4 << 4) (distance 16..31, length 3) and 'a' have codes
    const table = Buffer.alloc(256);
    table[0x61 >> 1] = 0x10; // 'a' (odd index → high nibble): length 1
    const sym = 256 + (4 << 4);
    table[sym >> 1] = sym & 1 ? 0x10 : 0x01; // length 1
    // bit 1 = the match symbol first (canonical order: 'a' = 0, match = 1), then 4 offset bits
    const bits = Buffer.from([0x00, 0xf8, 0x00, 0x00]);
    const r = decompressLzxpressHuffman(Buffer.concat([table, bits, Buffer.alloc(8)]), 64);
    expect(r.error).toMatch(/before the start/);
  });
});
