import { HpackError, huffmanDecode } from './huffman';

/**
 * HPACK (RFC 7541), as much as an HTTP/2 client needs: a full decoder, because servers use the
 * dynamic table and Huffman coding freely, and a stateless encoder that sends every field as a
 * literal without indexing, because a few short requests per connection gain nothing from
 * compression and a stateless encoder cannot get out of step with the server.
 *
 * Header bytes are handled as latin1 (one char per byte) both ways, as HTTP field values are
 * bytes, not UTF-8 text.
 */

export { HpackError };

/** The static table (RFC 7541 Appendix A); index 1 is at position 0. */
const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

const STATIC_COUNT = STATIC_TABLE.length;

/** Per-entry overhead in the table size (RFC 7541 section 4.1). */
const ENTRY_OVERHEAD = 32;

/**
 * The largest integer we accept: nothing in a header block (index, length, table size) is
 * legitimately larger, and the bound keeps the arithmetic exact.
 */
const MAX_INTEGER = 2 ** 31 - 1;

/** At most this many continuation bytes after the prefix: 5 x 7 bits covers any integer above. */
const MAX_CONTINUATION_BYTES = 5;

/**
 * Decodes the header blocks of one connection, in the order they arrive: the dynamic table is
 * shared by all of them. After an {@link HpackError} the table can no longer be trusted and the
 * connection must end (HTTP/2 COMPRESSION_ERROR).
 */
export class HpackDecoder {
  /** Dynamic table entries, oldest first (so the newest, index 62, is the last). */
  private readonly entries: Array<readonly [string, string]> = [];
  private size = 0;
  private capacity: number;

  /**
   * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE we advertised: the initial table size,
   * and the most the server may raise it to with a table size update.
   */
  constructor(private readonly maxTableSize = 4096) {
    this.capacity = maxTableSize;
  }

  /**
   * Decodes one complete header block (HEADERS + CONTINUATION payloads concatenated). Returns
   * [name, value] pairs in order. Throws {@link HpackError} for a malformed block.
   */
  decode(block: Uint8Array): Array<[string, string]> {
    const fields: Array<[string, string]> = [];
    const reader = new Reader(block);
    while (reader.pos < block.length) {
      const byte = block[reader.pos];
      if (byte & 0x80) {
        // Indexed header field (6.1).
        const [name, value] = this.lookup(reader.integer(7));
        fields.push([name, value]);
      } else if (byte & 0x40) {
        // Literal with incremental indexing (6.2.1).
        const field = this.literal(reader, 6);
        this.insert(field[0], field[1]);
        fields.push(field);
      } else if (byte & 0x20) {
        // Dynamic table size update (6.3): only before the first field of a block (4.2).
        if (fields.length > 0) throw new HpackError('dynamic table size update after a header field');
        const size = reader.integer(5);
        if (size > this.maxTableSize) {
          throw new HpackError(
            `dynamic table size update to ${size} exceeds the maximum ${this.maxTableSize}`,
          );
        }
        this.capacity = size;
        this.evict(0);
      } else {
        // Literal without indexing (0000) or never indexed (0001), 6.2.2 and 6.2.3: to us the same.
        fields.push(this.literal(reader, 4));
      }
    }
    return fields;
  }

  /** A field by its index: the static table, then the dynamic table, newest first. */
  private lookup(index: number): readonly [string, string] {
    if (index === 0) throw new HpackError('header field index 0');
    if (index <= STATIC_COUNT) return STATIC_TABLE[index - 1];
    const k = index - STATIC_COUNT;
    if (k > this.entries.length) throw new HpackError(`header field index ${index} is beyond the table`);
    return this.entries[this.entries.length - k];
  }

  /** A literal field whose name is an index (non-zero prefix) or follows as a string. */
  private literal(reader: Reader, prefix: number): [string, string] {
    const index = reader.integer(prefix);
    const name = index === 0 ? reader.string() : this.lookup(index)[0];
    return [name, reader.string()];
  }

  private insert(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    // An entry larger than the table empties it and is not added; not an error (4.4).
    this.evict(size);
    if (size <= this.capacity) {
      this.entries.push([name, value]);
      this.size += size;
    }
  }

  /** Evicts the oldest entries until `room` more octets fit (or the table is empty). */
  private evict(room: number): void {
    while (this.size + room > this.capacity && this.entries.length > 0) {
      const [name, value] = this.entries.shift()!;
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

/** A cursor over a header block; every read checks the block's end. */
class Reader {
  pos = 0;

  constructor(private readonly block: Uint8Array) {}

  /** An integer with an N-bit prefix (5.1), the prefix starting in the current byte. */
  integer(prefix: number): number {
    const block = this.block;
    const mask = (1 << prefix) - 1;
    if (this.pos >= block.length) throw new HpackError('truncated header field');
    let value = block[this.pos++] & mask;
    if (value < mask) return value;
    let shift = 1;
    for (let n = 0; ; n++) {
      if (n === MAX_CONTINUATION_BYTES) throw new HpackError('integer too long');
      if (this.pos >= block.length) throw new HpackError('truncated integer');
      const byte = block[this.pos++];
      value += (byte & 0x7f) * shift;
      if (value > MAX_INTEGER) throw new HpackError('integer too large');
      if ((byte & 0x80) === 0) return value;
      shift *= 128;
    }
  }

  /** A string literal (5.2): Huffman flag, 7-bit-prefix length, then the octets. */
  string(): string {
    const huffman = (this.block[this.pos] & 0x80) !== 0;
    const length = this.integer(7);
    if (length > this.block.length - this.pos) throw new HpackError('string literal beyond the header block');
    const bytes = this.block.subarray(this.pos, this.pos + length);
    this.pos += length;
    return huffman
      ? huffmanDecode(bytes)
      : Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
  }
}

/** Static table index for each name (its first entry), built on the first encode. */
let staticNames: Map<string, number> | undefined;

function staticNameIndex(name: string): number {
  if (!staticNames) {
    staticNames = new Map();
    for (let i = STATIC_COUNT; i >= 1; i--) staticNames.set(STATIC_TABLE[i - 1][0], i);
  }
  return staticNames.get(name) ?? 0;
}

/** Octets of an integer with an N-bit prefix. */
function integerSize(value: number, prefix: number): number {
  const mask = (1 << prefix) - 1;
  if (value < mask) return 1;
  let size = 2;
  for (let rest = value - mask; rest >= 128; rest = Math.floor(rest / 128)) size += 1;
  return size;
}

/** Writes an integer with an N-bit prefix at `pos`, the prefix's other bits being `flags`. */
function writeInteger(out: Buffer, pos: number, value: number, prefix: number, flags: number): number {
  const mask = (1 << prefix) - 1;
  if (value < mask) {
    out[pos++] = flags | value;
    return pos;
  }
  out[pos++] = flags | mask;
  let rest = value - mask;
  while (rest >= 128) {
    out[pos++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  out[pos++] = rest;
  return pos;
}

/**
 * Encodes a header list as "literal header field without indexing" representations (RFC 7541
 * 6.2.2): the name as a static-table index when the static table has that name, else a literal
 * name; raw (not Huffman) string literals. Using no dynamic table keeps the encoder stateless,
 * so it needs no table size agreement with the server. Names must already be lower case; names
 * and values are written as latin1, one byte per char (the caller keeps them to valid header
 * characters).
 */
export function encodeHeaders(headers: ReadonlyArray<readonly [string, string]>): Buffer {
  // Measure first, then write into one buffer.
  let size = 0;
  const indexes = new Array<number>(headers.length);
  for (let h = 0; h < headers.length; h++) {
    const [name, value] = headers[h];
    const index = staticNameIndex(name);
    indexes[h] = index;
    size += integerSize(index, 4);
    if (index === 0) size += integerSize(name.length, 7) + name.length;
    size += integerSize(value.length, 7) + value.length;
  }
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let h = 0; h < headers.length; h++) {
    const [name, value] = headers[h];
    const index = indexes[h];
    pos = writeInteger(out, pos, index, 4, 0x00);
    if (index === 0) {
      pos = writeInteger(out, pos, name.length, 7, 0x00);
      pos += out.write(name, pos, 'latin1');
    }
    pos = writeInteger(out, pos, value.length, 7, 0x00);
    pos += out.write(value, pos, 'latin1');
  }
  return out;
}
