/**
 * LZ4 block decompression (the block format, not the frame format): what journald stores in an
 * LZ4-compressed data object after an 8-byte little-endian uncompressed size. Bounded by the size the
 * caller expects; returns undefined on malformed input instead of throwing.
 */
export function lz4BlockDecode(src: Uint8Array, expected: number): Uint8Array | undefined {
  const out = new Uint8Array(expected);
  let si = 0;
  let di = 0;
  while (si < src.length) {
    const token = src[si++];
    let lit = token >>> 4;
    if (lit === 15) {
      let b = 255;
      while (b === 255 && si < src.length) {
        b = src[si++];
        lit += b;
      }
    }
    if (si + lit > src.length || di + lit > expected) return undefined;
    out.set(src.subarray(si, si + lit), di);
    si += lit;
    di += lit;
    if (si >= src.length) break; // the last sequence has literals only
    if (si + 2 > src.length) return undefined;
    const offset = src[si] | (src[si + 1] << 8);
    si += 2;
    if (offset === 0 || offset > di) return undefined;
    let len = (token & 15) + 4;
    if ((token & 15) === 15) {
      let b = 255;
      while (b === 255 && si < src.length) {
        b = src[si++];
        len += b;
      }
    }
    if (di + len > expected) return undefined;
    // byte by byte: matches may overlap their own output
    for (let k = 0; k < len; k++, di++) out[di] = out[di - offset];
  }
  return di === expected ? out : undefined;
}
