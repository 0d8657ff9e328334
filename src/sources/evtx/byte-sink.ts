/**
 * A growable UTF-8 byte buffer that rendered records are written into. Renderers write bytes straight
 * into `buf` after `ensure`; full batches go to the output as they are (one thread) or to the main thread
 * by transfer (workers): no copy, no second encoding.
 */
export class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** One ASCII character by its code. */
  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Text, encoded as UTF-8. */
  raw(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }

  /** Text known to be ASCII. */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    const o = this.buf;
    const p = this.pos;
    if (n > 1024) o.set(b, p);
    else for (let i = 0; i < n; i++) o[p + i] = b[i]!;
    this.pos = p + n;
  }

  /** Bytes [from, to) of `b`. */
  slice(b: Buffer, from: number, to: number): void {
    const n = to - from;
    this.ensure(n);
    const o = this.buf;
    const p = this.pos;
    // a loop beats Buffer#copy's call cost for the short runs records are made of
    if (n > 1024) o.set(b.subarray(from, to), p);
    else for (let i = 0; i < n; i++) o[p + i] = b[from + i]!;
    this.pos = p + n;
  }

  /** The bytes written so far, in a buffer of their own (transferable), and starts over. */
  take(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  /**
   * The bytes written so far, handing over the buffer itself (no copy); the sink continues in a new
   * buffer of the same size.
   */
  detach(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }
}
