// MD5, fed in chunks. S3's ETag of a single-part object is the MD5 of its bytes, and an
// export's objects are generated and gzipped as a stream: crypto.subtle.digest('MD5') takes the
// whole input at once, so hashing a large piece with it would hold the piece in memory. This
// one (RFC 1321) keeps 64 bytes of state. Not for security: S3 uses MD5 only as a checksum.

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11,
  16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

/** Which word of the block each step reads: each of the four rounds has its own order. */
const WORD = Uint8Array.from({ length: 64 }, (_, i) => ([i, 5 * i + 1, 3 * i + 5, 7 * i][i >> 4] as number) % 16);

export class Md5 {
  private state: [number, number, number, number] = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  private readonly block = new Uint8Array(64);
  private readonly view = new DataView(this.block.buffer);
  private readonly words = new Int32Array(16);
  private filled = 0;
  private length = 0; // bytes fed so far

  update(bytes: Uint8Array): this {
    let offset = 0;
    this.length += bytes.length;
    while (offset < bytes.length) {
      const take = Math.min(64 - this.filled, bytes.length - offset);
      this.block.set(bytes.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === 64) {
        this.compress();
        this.filled = 0;
      }
    }
    return this;
  }

  /** The digest as 32 lowercase hex characters; the hash is spent afterwards. */
  hex(): string {
    const bits = this.length * 8;
    const padding = new Uint8Array(((55 - this.filled + 64) % 64) + 9);
    padding[0] = 0x80;
    const tail = new DataView(padding.buffer, padding.length - 8);
    tail.setUint32(0, bits >>> 0, true);
    tail.setUint32(4, Math.floor(bits / 2 ** 32), true);
    this.update(padding);
    const out = new DataView(new ArrayBuffer(16));
    for (const [i, word] of this.state.entries()) out.setInt32(i * 4, word, true);
    return Array.from(new Uint8Array(out.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  private compress(): void {
    const x = this.words;
    for (let i = 0; i < 16; i++) x[i] = this.view.getInt32(i * 4, true);
    let [a, b, c, d] = this.state;
    for (let i = 0; i < 64; i++) {
      // The four rounds' mixing functions (RFC 1321, 3.4), one per 16 steps.
      const round = i >> 4;
      const f = round === 0 ? (b & c) | (~b & d) : round === 1 ? (d & b) | (~d & c) : round === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const sum = (a + f + (K[i] as number) + (x[WORD[i] as number] as number)) | 0;
      const s = S[i] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    const [a0, b0, c0, d0] = this.state;
    this.state = [(a0 + a) | 0, (b0 + b) | 0, (c0 + c) | 0, (d0 + d) | 0];
  }
}

/** The MD5 of `bytes`, as hex. */
export const md5Hex = (bytes: Uint8Array): string => new Md5().update(bytes).hex();
