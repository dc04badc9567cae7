/**
 * The Huffman code of HPACK (RFC 7541 Appendix B), decoding only: we never Huffman-encode what
 * we send (see `encodeHeaders`), but servers compress what they send back.
 *
 * The code is canonical: codes of one length are consecutive and in symbol order, and each
 * length's first code follows the last code of the previous length. So the 257 code lengths
 * (bytes 0..255, then EOS) are all the table there is; the codes follow from them. The lengths
 * are kept as text and turned into decoding tables on first use, so that importing this module
 * costs nothing measurable on a cold start.
 */

/**
 * A header block that is not valid HPACK. Any of these leaves the connection's dynamic table in
 * doubt, so HTTP/2 makes it a connection error (COMPRESSION_ERROR). Defined here rather than in
 * `hpack.ts`, which re-exports it, so that the two modules do not import each other.
 */
export class HpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HpackError';
  }
}

const CODE_LENGTHS =
  /* 0x00 */ '13 23 28 28 28 28 28 28 28 24 30 28 28 30 28 28 ' +
  /* 0x10 */ '28 28 28 28 28 28 30 28 28 28 28 28 28 28 28 28 ' +
  /* 0x20 */ '6 10 10 12 13 6 8 11 10 10 8 11 8 6 6 6 ' +
  /* 0x30 */ '5 5 5 6 6 6 6 6 6 6 7 8 15 6 12 10 ' +
  /* 0x40 */ '13 6 7 7 7 7 7 7 7 7 7 7 7 7 7 7 ' +
  /* 0x50 */ '7 7 7 7 7 7 7 7 8 7 8 13 19 13 14 6 ' +
  /* 0x60 */ '15 5 6 5 6 5 6 6 6 5 7 7 6 6 6 5 ' +
  /* 0x70 */ '6 7 6 5 5 6 7 7 7 7 7 15 11 14 13 28 ' +
  /* 0x80 */ '20 22 20 20 22 22 22 23 22 23 23 23 23 23 24 23 ' +
  /* 0x90 */ '24 24 22 23 24 23 23 23 23 21 22 23 22 23 23 24 ' +
  /* 0xa0 */ '22 21 20 22 22 23 23 21 23 22 22 24 21 22 23 23 ' +
  /* 0xb0 */ '21 21 22 21 23 22 23 23 20 22 22 22 23 22 22 23 ' +
  /* 0xc0 */ '26 26 20 19 22 23 22 25 26 26 26 27 27 26 24 25 ' +
  /* 0xd0 */ '19 21 26 27 27 26 27 24 21 21 26 26 28 27 27 27 ' +
  /* 0xe0 */ '20 24 20 21 22 21 21 23 22 22 25 25 24 24 26 23 ' +
  /* 0xf0 */ '26 27 26 26 27 27 27 27 27 28 27 27 27 27 27 26 ' +
  /* EOS  */ '30';

const EOS = 256;
const MAX_LENGTH = 30;

let lengths: number[] | undefined;

/** The code length of every symbol, 0..255 then EOS (256): for the tests that prove the table. */
export function huffmanCodeLengths(): readonly number[] {
  lengths ??= CODE_LENGTHS.split(' ').map(Number);
  return lengths;
}

/**
 * Decoding tables. `fast` maps the next 8 bits to `symbol << 4 | length` for every code of up
 * to 8 bits (all the letters, digits and common punctuation), 0 when the code is longer; those
 * longer codes all start with 0xfe or 0xff and are walked bit by bit with the canonical limits.
 */
interface Tables {
  readonly fast: Uint16Array;
  /** First code of each length, and how many codes have that length. */
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** Where each length's symbols start in `symbols` (symbols sorted by length, then value). */
  readonly offset: Int32Array;
  readonly symbols: Uint16Array;
}

let tables: Tables | undefined;

function build(): Tables {
  const len = huffmanCodeLengths();
  const count = new Int32Array(MAX_LENGTH + 1);
  for (let s = 0; s < len.length; s++) count[len[s]] += 1;
  const first = new Int32Array(MAX_LENGTH + 1);
  const offset = new Int32Array(MAX_LENGTH + 1);
  let code = 0;
  let index = 0;
  for (let l = 1; l <= MAX_LENGTH; l++) {
    first[l] = code;
    offset[l] = index;
    code = (code + count[l]) * 2;
    index += count[l];
  }
  const symbols = new Uint16Array(len.length);
  const next = offset.slice();
  for (let s = 0; s < len.length; s++) symbols[next[len[s]]++] = s;
  const fast = new Uint16Array(256);
  for (let l = 1; l <= 8; l++) {
    for (let k = 0; k < count[l]; k++) {
      const start = (first[l] + k) << (8 - l);
      fast.fill((symbols[offset[l] + k] << 4) | l, start, start + (1 << (8 - l)));
    }
  }
  return { fast, first, count, offset, symbols };
}

/**
 * Decodes a Huffman-coded string literal as latin1 (header bytes, one char each). Throws
 * {@link HpackError} when the string ends in more than 7 bits of padding or padding that is not
 * all ones (the start of EOS), or contains EOS (RFC 7541 section 5.2). The code is complete
 * (Kraft sum exactly 1), so every other bit string is made of valid codes.
 */
export function huffmanDecode(bytes: Uint8Array): string {
  const { fast, first, count, offset, symbols } = (tables ??= build());
  const n = bytes.length;
  // Every code has at least 5 bits.
  const out = Buffer.allocUnsafe(Math.floor((n * 8) / 5));
  let written = 0;
  // The unconsumed bits are the low `bits` bits of `acc`; at most 15 of them, so int32 is safe.
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (;;) {
    while (bits < 8 && i < n) {
      acc = ((acc << 8) | bytes[i++]) & 0x7fff;
      bits += 8;
    }
    if (bits >= 8) {
      const entry = fast[(acc >>> (bits - 8)) & 0xff];
      if (entry !== 0) {
        out[written++] = entry >>> 4;
        bits -= entry & 15;
        acc &= (1 << bits) - 1;
        continue;
      }
      // A code longer than 8 bits: extend it one bit at a time until it falls below its
      // length's limit (the canonical decoding rule).
      let code = (acc >>> (bits - 8)) & 0xff;
      bits -= 8;
      acc &= (1 << bits) - 1;
      let l = 8;
      for (;;) {
        if (bits === 0) {
          // Input ended inside a long code: padding is at most 7 bits, so this is malformed.
          if (i >= n) throw new HpackError('invalid Huffman padding');
          acc = bytes[i++];
          bits = 8;
        }
        bits -= 1;
        code = code * 2 + ((acc >>> bits) & 1);
        acc &= (1 << bits) - 1;
        l += 1;
        const k = code - first[l];
        if (k >= 0 && k < count[l]) {
          const symbol = symbols[offset[l] + k];
          if (symbol === EOS) throw new HpackError('EOS in a Huffman-coded string');
          out[written++] = symbol;
          break;
        }
        if (l >= MAX_LENGTH) throw new HpackError('invalid Huffman code');
      }
      continue;
    }
    // Fewer than 8 bits left and no more input: a last short code, then padding.
    if (bits === 0) break;
    const pad = 8 - bits;
    const entry = fast[((acc << pad) | ((1 << pad) - 1)) & 0xff];
    if (entry !== 0 && (entry & 15) <= bits) {
      out[written++] = entry >>> 4;
      bits -= entry & 15;
      acc &= (1 << bits) - 1;
      continue;
    }
    // No code of 7 bits or fewer is all ones, so valid padding never decodes above.
    if (acc !== (1 << bits) - 1) throw new HpackError('invalid Huffman padding');
    break;
  }
  return out.toString('latin1', 0, written);
}
