/**
 * LZXPRESS Huffman decompression ([MS-XCA] 2.2.4), as used by Windows 10/11 compressed Prefetch
 * (MAM) files. The input is a run of blocks, each starting with a 256-byte table of 4-bit code
 * lengths for 512 symbols (256 literals, 256 match headers) and producing up to 64 KiB of output;
 * matches may reach back into earlier blocks. Bad input ends decompression with an error value,
 * never an exception, and every loop is bounded by the output size.
 */
export interface DecompressResult {
  data: Buffer;
  /** why decompression stopped early; undefined when `size` bytes were produced */
  error?: string;
  /** input offset where it stopped */
  at?: number;
}

const BLOCK = 65536;
const TABLE_BITS = 15;

/** Canonical Huffman decoding table: entry = symbol << 4 | code length. Undefined for an invalid table. */
export function buildDecodeTable(lengths: Uint8Array): Uint16Array | undefined {
  const table = new Uint16Array(1 << TABLE_BITS);
  let pos = 0;
  let any = false;
  for (let len = 1; len <= TABLE_BITS; len++) {
    const span = 1 << (TABLE_BITS - len);
    for (let sym = 0; sym < 512; sym++) {
      if (lengths[sym] !== len) continue;
      if (pos + span > table.length) return undefined; // over-subscribed
      table.fill((sym << 4) | len, pos, pos + span);
      pos += span;
      any = true;
    }
  }
  if (!any) return undefined;
  // an incomplete code leaves entries that decode to nothing: mark them invalid (length 0)
  if (pos < table.length) table.fill(0, pos);
  return table;
}

export function decompressLzxpressHuffman(input: Buffer, size: number): DecompressResult {
  const out = Buffer.alloc(size);
  let o = 0;
  let i = 0;
  const lengths = new Uint8Array(512);
  while (o < size) {
    if (i + 256 + 4 > input.length)
      return { data: out.subarray(0, o), error: 'input ends before the block table', at: i };
    for (let k = 0; k < 256; k++) {
      const b = input[i + k]!;
      lengths[2 * k] = b & 15;
      lengths[2 * k + 1] = b >> 4;
    }
    const table = buildDecodeTable(lengths);
    if (!table) return { data: out.subarray(0, o), error: 'invalid Huffman table', at: i };
    i += 256;
    // a 32-bit window of the bit stream, read in 16-bit little-endian words; `extra` counts the
    // bits in the window beyond the 16 the decoder may look at
    let bits = ((input.readUInt16LE(i) << 16) | input.readUInt16LE(i + 2)) >>> 0;
    i += 4;
    let extra = 16;
    const blockEnd = Math.min(size, o + BLOCK);
    const refill = (): boolean => {
      if (extra >= 0) return true;
      if (i + 2 > input.length) return false;
      bits = (bits | (input.readUInt16LE(i) << -extra)) >>> 0;
      extra += 16;
      i += 2;
      return true;
    };
    while (o < blockEnd) {
      const entry = table[bits >>> (32 - TABLE_BITS)]!;
      const len = entry & 15;
      if (len === 0) return { data: out.subarray(0, o), error: 'bit pattern with no Huffman code', at: i };
      const sym = entry >> 4;
      bits = (bits << len) >>> 0;
      extra -= len;
      if (!refill()) return { data: out.subarray(0, o), error: 'input ends inside a block', at: i };
      if (sym < 256) {
        out[o++] = sym;
        continue;
      }
      let matchLen = sym & 15;
      const offBits = (sym >> 4) & 15;
      if (matchLen === 15) {
        if (i >= input.length) return { data: out.subarray(0, o), error: 'input ends inside a match length', at: i };
        matchLen = input[i++]!;
        if (matchLen === 255) {
          if (i + 2 > input.length)
            return { data: out.subarray(0, o), error: 'input ends inside a match length', at: i };
          matchLen = input.readUInt16LE(i);
          i += 2;
          if (matchLen < 15) return { data: out.subarray(0, o), error: 'invalid match length', at: i };
          matchLen -= 15;
        }
        matchLen += 15;
      }
      matchLen += 3;
      let dist = 1 << offBits;
      if (offBits > 0) {
        dist += bits >>> (32 - offBits);
        bits = (bits << offBits) >>> 0;
        extra -= offBits;
        if (!refill()) return { data: out.subarray(0, o), error: 'input ends inside a match offset', at: i };
      }
      if (dist > o) return { data: out.subarray(0, o), error: 'match reaches before the start of the output', at: i };
      const end = Math.min(size, o + matchLen);
      // byte by byte: overlapping matches repeat the bytes just written
      for (let s = o - dist; o < end; ) out[o++] = out[s++]!;
    }
  }
  return { data: out };
}
