/**
 * An LZXPRESS Huffman compressor ([MS-XCA] 2.2.4) for tests: greedy LZ77 with hash chains, one
 * length-limited (15-bit) canonical Huffman code per 64 KiB block, the 16-bit word interleaving of
 * the bit stream with the extra match-length bytes, and the end-of-stream symbol 256. Matches may
 * reach into earlier blocks (the "stream" variant Windows uses for Prefetch). Written from the
 * specification, independently of the decompressor it tests.
 */
const BLOCK = 65536;
const MAX_DIST = 65535;
const MAX_CHAIN = 48;

interface Sym {
  sym: number;
  /** extra match-length bytes written between bit words */
  extra?: number[];
  offBits?: number;
  offVal?: number;
}

function parseBlock(input: Buffer, start: number, end: number, head: Int32Array, prev: Int32Array): Sym[] {
  const syms: Sym[] = [];
  const hash = (i: number): number => (((input[i]! << 16) ^ (input[i + 1]! << 8) ^ input[i + 2]!) * 2654435761) >>> 16;
  const insert = (i: number): void => {
    if (i + 2 >= input.length) return;
    const h = hash(i);
    prev[i] = head[h]!;
    head[h] = i;
  };
  let i = start;
  while (i < end) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + 2 < end) {
      let cand = head[hash(i)]!;
      for (let n = 0; cand >= 0 && n < MAX_CHAIN; n++, cand = prev[cand]!) {
        const dist = i - cand;
        if (dist > MAX_DIST) break;
        let len = 0;
        const maxLen = Math.min(end - i, 65535 + 3);
        while (len < maxLen && input[cand + len] === input[i + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestDist = dist;
          if (len === maxLen) break;
        }
      }
    }
    if (bestLen >= 3) {
      const m = bestLen - 3;
      const offBits = 31 - Math.clz32(bestDist);
      const s: Sym = { sym: 256 + (offBits << 4) + Math.min(m, 15), offBits, offVal: bestDist - (1 << offBits) };
      if (m >= 15) s.extra = m - 15 < 255 ? [m - 15] : [255, m & 0xff, m >> 8];
      syms.push(s);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      syms.push({ sym: input[i]! });
      insert(i);
      i++;
    }
  }
  return syms;
}

/** Huffman code lengths (at most 15 bits) for 512 symbol frequencies. */
export function codeLengths(freq: number[]): number[] {
  let f = freq.slice();
  for (;;) {
    const lens = huffmanLengths(f);
    if (Math.max(...lens) <= 15) return lens;
    f = f.map((x) => (x ? Math.max(1, x >> 1) : 0));
  }
}

function huffmanLengths(freq: number[]): number[] {
  type Node = { w: number; sym?: number; l?: Node; r?: Node };
  const nodes: Node[] = freq.flatMap((w, sym) => (w > 0 ? [{ w, sym }] : []));
  const lens = new Array<number>(512).fill(0);
  if (nodes.length === 1) {
    lens[nodes[0]!.sym!] = 1;
    return lens;
  }
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.w - b.w);
    const l = nodes.shift()!;
    const r = nodes.shift()!;
    nodes.push({ w: l.w + r.w, l, r });
  }
  const walk = (n: Node, d: number): void => {
    if (n.sym !== undefined) lens[n.sym] = d;
    else {
      walk(n.l!, d + 1);
      walk(n.r!, d + 1);
    }
  };
  walk(nodes[0]!, 0);
  return lens;
}

function canonicalCodes(lens: number[]): number[] {
  const codes = new Array<number>(512).fill(0);
  let code = 0;
  for (let len = 1; len <= 15; len++) {
    for (let s = 0; s < 512; s++) if (lens[s] === len) codes[s] = code++;
    code <<= 1;
  }
  return codes;
}

function encodeBlock(syms: Sym[], out: number[]): void {
  const freq = new Array<number>(512).fill(0);
  for (const s of syms) freq[s.sym]!++;
  // two used symbols at least, so the code is complete
  if (freq.filter((x) => x > 0).length < 2) freq[freq[0] ? 1 : 0]!++;
  const lens = codeLengths(freq);
  const codes = canonicalCodes(lens);
  for (let k = 0; k < 256; k++) out.push(lens[2 * k]! | (lens[2 * k + 1]! << 4));
  const slots: number[] = [out.length, out.length + 2];
  out.push(0, 0, 0, 0);
  const words: number[] = [0, 0];
  let consumed = 0;
  const writeBits = (value: number, n: number): void => {
    for (let b = n - 1; b >= 0; b--) {
      const w = consumed >> 4;
      while (words.length <= w) words.push(0);
      if ((value >> b) & 1) words[w]! |= 1 << (15 - (consumed & 15));
      consumed++;
    }
    // the decoder loads the next word once it has used more than all but 16 of the loaded bits
    if (consumed > 16 * (slots.length - 1)) {
      slots.push(out.length);
      out.push(0, 0);
    }
  };
  for (const s of syms) {
    writeBits(codes[s.sym]!, lens[s.sym]!);
    if (s.extra) out.push(...s.extra);
    if (s.offBits) writeBits(s.offVal!, s.offBits);
  }
  slots.forEach((pos, k) => {
    const w = words[k] ?? 0;
    out[pos] = w & 0xff;
    out[pos + 1] = w >> 8;
  });
}

export function compressLzxpressHuffman(input: Buffer): Buffer {
  const out: number[] = [];
  const head = new Int32Array(1 << 16).fill(-1);
  const prev = new Int32Array(Math.max(1, input.length)).fill(-1);
  if (input.length === 0) encodeBlock([{ sym: 256 }], out);
  for (let start = 0; start < input.length; start += BLOCK) {
    const end = Math.min(input.length, start + BLOCK);
    const syms = parseBlock(input, start, end, head, prev);
    if (end === input.length) syms.push({ sym: 256 });
    encodeBlock(syms, out);
  }
  return Buffer.from(out);
}

/** A MAM container ("MAM\x04", uncompressed size, LZXPRESS Huffman data) as Windows 10/11 write Prefetch. */
export function mamCompress(scca: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.write('MAM\x04', 0, 'latin1');
  h.writeUInt32LE(scca.length, 4);
  return Buffer.concat([h, compressLzxpressHuffman(scca)]);
}
