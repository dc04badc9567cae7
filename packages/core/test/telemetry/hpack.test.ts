import fc from 'fast-check';
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { encodeHeaders, HpackDecoder, HpackError } from '../../src/telemetry/exporters/otlp/h2/hpack';
import { huffmanCodeLengths, huffmanDecode } from '../../src/telemetry/exporters/otlp/h2/huffman';

type Fields = Array<[string, string]>;

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
/** Every byte value as a latin1 char. */
const byteChar = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));

/** An HPACK integer with an N-bit prefix (RFC 7541 5.1), written independently of the module. */
function int(value: number, prefix: number, flags = 0): Buffer {
  const max = 2 ** prefix - 1;
  if (value < max) return Buffer.from([flags | value]);
  const out = [flags | max];
  for (value -= max; value >= 128; value = Math.floor(value / 128)) out.push((value % 128) + 128);
  out.push(value);
  return Buffer.from(out);
}

/** A raw string literal. */
const str = (s: string): Buffer => Buffer.concat([int(s.length, 7), latin1(s)]);

/** The canonical codes that the code lengths imply, computed here from first principles. */
function canonicalCodes(): Array<{ code: number; length: number }> {
  const lengths = huffmanCodeLengths();
  const order = lengths.map((length, symbol) => ({ length, symbol })).sort((a, b) => a.length - b.length);
  const codes = new Array<{ code: number; length: number }>(lengths.length);
  let code = 0;
  let previous = order[0].length;
  for (const { length, symbol } of order) {
    code *= 2 ** (length - previous);
    previous = length;
    codes[symbol] = { code, length };
    code += 1;
  }
  return codes;
}

/** A Huffman encoder for the tests, padding with the high bits of EOS (all ones). */
function huffmanEncode(s: string): Buffer {
  const codes = canonicalCodes();
  let bits = '';
  for (let i = 0; i < s.length; i++) {
    const { code, length } = codes[s.charCodeAt(i)];
    bits += code.toString(2).padStart(length, '0');
  }
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  const out = Buffer.alloc(bits.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

/** Huffman string literal: H bit, length, code. */
const huff = (s: string): Buffer => {
  const bytes = huffmanEncode(s);
  return Buffer.concat([int(bytes.length, 7, 0x80), bytes]);
};

/**
 * What the decoder's dynamic table holds, newest first, read back through indexed fields (which
 * leave the table alone): entries 62, 63, ... until the first index beyond the table.
 */
function dynamicTable(decoder: HpackDecoder): Fields {
  const entries: Fields = [];
  for (let index = 62; ; index++) {
    try {
      entries.push(...decoder.decode(int(index, 7, 0x80)));
    } catch (error) {
      expect(error).toBeInstanceOf(HpackError);
      return entries;
    }
  }
}

function expectHpackError(block: Uint8Array, decoder = new HpackDecoder()): void {
  expect(() => decoder.decode(block)).toThrow(HpackError);
}

describe('HPACK Huffman code (RFC 7541 Appendix B)', () => {
  it('has 257 code lengths that fill the code space exactly (Kraft equality)', () => {
    const lengths = huffmanCodeLengths();
    expect(lengths).toHaveLength(257);
    // sum of 2^-len == 1, in integers: sum of 2^(30 - len) == 2^30.
    expect(lengths.reduce((sum, length) => sum + 2 ** (30 - length), 0)).toBe(2 ** 30);
    expect(Math.min(...lengths)).toBe(5);
    expect(lengths[256]).toBe(30);
  });

  it('assigns the codes that the RFC lists', () => {
    const codes = canonicalCodes();
    const at = (c: string | number) => codes[typeof c === 'number' ? c : c.charCodeAt(0)];
    expect(at('0')).toEqual({ code: 0b00000, length: 5 });
    expect(at('a')).toEqual({ code: 0b00011, length: 5 });
    expect(at('t')).toEqual({ code: 0b01001, length: 5 });
    expect(at(' ')).toEqual({ code: 0b010100, length: 6 });
    expect(at(':')).toEqual({ code: 0x5c, length: 7 });
    expect(at('&')).toEqual({ code: 0xf8, length: 8 });
    expect(at('!')).toEqual({ code: 0x3f8, length: 10 });
    expect(at(0)).toEqual({ code: 0x1ff8, length: 13 });
    expect(at('\\')).toEqual({ code: 0x7fff0, length: 19 });
    expect(at(9)).toEqual({ code: 0xffffea, length: 24 });
    expect(at(255)).toEqual({ code: 0x3ffffee, length: 26 });
    expect(at(10)).toEqual({ code: 0x3ffffffc, length: 30 });
    expect(at(256)).toEqual({ code: 0x3fffffff, length: 30 });
  });

  it.each([
    ['f1e3 c2e5 f23a 6ba0 ab90 f4ff', 'www.example.com'],
    ['a8eb 1064 9cbf', 'no-cache'],
    ['25a8 49e9 5ba9 7d7f', 'custom-key'],
    ['25a8 49e9 5bb8 e8b4 bf', 'custom-value'],
    ['6402', '302'],
    ['640e ff', '307'],
    ['aec3 771a 4b', 'private'],
    ['d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff', 'Mon, 21 Oct 2013 20:13:21 GMT'],
    ['d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff', 'Mon, 21 Oct 2013 20:13:22 GMT'],
    ['9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3', 'https://www.example.com'],
    ['9bd9 ab', 'gzip'],
    [
      '94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
      'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',
    ],
  ])('decodes the RFC 7541 Appendix C string %s as %j', (bytes, text) => {
    expect(huffmanDecode(hex(bytes))).toBe(text);
    expect(huffmanEncode(text)).toEqual(hex(bytes));
  });

  it('decodes the empty string', () => {
    expect(huffmanDecode(new Uint8Array(0))).toBe('');
  });

  it('decodes whatever the canonical code encodes, every byte value included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: byteChar, maxLength: 100 }),
        (s) => huffmanDecode(huffmanEncode(s)) === s,
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['padding of 8 bits', '6402 ff'],
    ['padding that is not all ones', '00'], // '0' (00000) then 000
    ['padding that is not all ones after a long code', 'fffe 10'], // '\' (19 bits) then 10000
    ['a string of padding only', 'ff'],
    ['EOS inside the string', 'ffff fffc'],
    ['EOS then a symbol', 'ffff fffc 00'],
    ['input ending inside a long code', 'fe'],
  ])('rejects %s', (_what, bytes) => {
    expect(() => huffmanDecode(hex(bytes))).toThrow(HpackError);
  });

  it('throws nothing but HpackError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          huffmanDecode(bytes);
        } catch (error) {
          return error instanceof HpackError;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('HpackDecoder on the RFC 7541 Appendix C examples', () => {
  it('decodes the C.1 integers: 1337 with a 5-bit prefix is 1f 9a 0a', () => {
    // A table size update to 1337 (C.1.2's encoding), then an entry of exactly 1337 octets fits…
    const fits = new HpackDecoder();
    fits.decode(Buffer.concat([hex('3f9a0a'), hex('40'), str('x'), str('v'.repeat(1337 - 32 - 1))]));
    expect(dynamicTable(fits)).toHaveLength(1);
    // …and one octet more empties the table instead (4.4).
    const over = new HpackDecoder();
    over.decode(Buffer.concat([hex('3f9a0a'), hex('40'), str('x'), str('v'.repeat(1337 - 32))]));
    expect(dynamicTable(over)).toEqual([]);
  });

  it.each<[string, string, Fields, Fields]>([
    [
      'C.2.1 literal with indexing',
      '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572',
      [['custom-key', 'custom-header']],
      [['custom-key', 'custom-header']],
    ],
    ['C.2.2 literal without indexing', '040c 2f73 616d 706c 652f 7061 7468', [[':path', '/sample/path']], []],
    [
      'C.2.3 literal never indexed',
      '1008 7061 7373 776f 7264 0673 6563 7265 74',
      [['password', 'secret']],
      [],
    ],
    ['C.2.4 indexed', '82', [[':method', 'GET']], []],
  ])('%s', (_what, block, fields, table) => {
    const decoder = new HpackDecoder();
    expect(decoder.decode(hex(block))).toEqual(fields);
    expect(dynamicTable(decoder)).toEqual(table);
  });

  const requests: Fields[] = [
    [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ],
    [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
      ['cache-control', 'no-cache'],
    ],
    [
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ],
  ];
  const requestTables: Fields[] = [
    [[':authority', 'www.example.com']],
    [
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
  ];

  it.each([
    [
      'C.3 requests without Huffman coding',
      [
        '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '8286 84be 5808 6e6f 2d63 6163 6865',
        '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
      ],
    ],
    [
      'C.4 requests with Huffman coding',
      [
        '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
        '8286 84be 5886 a8eb 1064 9cbf',
        '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
      ],
    ],
  ])('%s, one decoder for the sequence', (_what, blocks) => {
    const decoder = new HpackDecoder();
    blocks.forEach((block, i) => {
      expect(decoder.decode(hex(block))).toEqual(requests[i]);
      expect(dynamicTable(decoder)).toEqual(requestTables[i]);
    });
  });

  const date21 = 'Mon, 21 Oct 2013 20:13:21 GMT';
  const date22 = 'Mon, 21 Oct 2013 20:13:22 GMT';
  const location = 'https://www.example.com';
  const cookie = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
  const responses: Fields[] = [
    [
      [':status', '302'],
      ['cache-control', 'private'],
      ['date', date21],
      ['location', location],
    ],
    [
      [':status', '307'],
      ['cache-control', 'private'],
      ['date', date21],
      ['location', location],
    ],
    [
      [':status', '200'],
      ['cache-control', 'private'],
      ['date', date22],
      ['location', location],
      ['content-encoding', 'gzip'],
      ['set-cookie', cookie],
    ],
  ];
  // With a 256-octet table: each response evicts what no longer fits, oldest first.
  const responseTables: Fields[] = [
    [
      ['location', location],
      ['date', date21],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
    [
      [':status', '307'],
      ['location', location],
      ['date', date21],
      ['cache-control', 'private'],
    ],
    [
      ['set-cookie', cookie],
      ['content-encoding', 'gzip'],
      ['date', date22],
    ],
  ];

  it.each([
    [
      'C.5 responses without Huffman coding',
      [
        `4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
         2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70
         6c65 2e63 6f6d`,
        '4803 3330 37c1 c0bf',
        `88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d
         54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049
         5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e
         3d31`,
      ],
    ],
    [
      'C.6 responses with Huffman coding',
      [
        `4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
         2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3`,
        '4883 640e ffc1 c0bf',
        `88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab
         77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
         9587 3160 65c0 03ed 4ee5 b106 3d50 07`,
      ],
    ],
  ])('%s, one decoder with a 256-octet table for the sequence', (_what, blocks) => {
    const decoder = new HpackDecoder(256);
    blocks.forEach((block, i) => {
      expect(decoder.decode(hex(block))).toEqual(responses[i]);
      expect(dynamicTable(decoder)).toEqual(responseTables[i]);
    });
  });
});

describe('HpackDecoder', () => {
  it('refers to a name in the dynamic table for a literal', () => {
    const decoder = new HpackDecoder();
    decoder.decode(Buffer.concat([hex('40'), str('x-a'), str('1')]));
    // Literal without indexing, name index 62 (4-bit prefix: 0f 2f).
    expect(decoder.decode(Buffer.concat([int(62, 4), str('2')]))).toEqual([['x-a', '2']]);
    // Incremental indexing, name 62: the new entry becomes 62, the old one 63.
    expect(decoder.decode(Buffer.concat([int(62, 6, 0x40), huff('3')]))).toEqual([['x-a', '3']]);
    expect(dynamicTable(decoder)).toEqual([
      ['x-a', '3'],
      ['x-a', '1'],
    ]);
  });

  it('applies table size updates at the start of a block: shrinking evicts, up to the maximum is allowed', () => {
    const decoder = new HpackDecoder();
    decoder.decode(Buffer.concat([hex('40'), str('a'), str('1'), hex('40'), str('b'), str('2')]));
    // Each entry is 34 octets: 40 keeps the newest only.
    decoder.decode(int(40, 5, 0x20));
    expect(dynamicTable(decoder)).toEqual([['b', '2']]);
    // Two updates in one block (0, then back to 4096), then a field.
    expect(decoder.decode(Buffer.concat([int(0, 5, 0x20), int(4096, 5, 0x20), hex('82')]))).toEqual([
      [':method', 'GET'],
    ]);
    expect(dynamicTable(decoder)).toEqual([]);
  });

  it('evicts the oldest entries by size: name + value + 32 octets', () => {
    const decoder = new HpackDecoder(100);
    const add = (name: string, value: string) =>
      decoder.decode(Buffer.concat([hex('40'), str(name), str(value)]));
    add('a', 'x'.repeat(17)); // 50
    add('b', 'y'.repeat(17)); // 100: full, nothing evicted
    expect(dynamicTable(decoder).map(([n]) => n)).toEqual(['b', 'a']);
    add('c', ''); // 33: 'a' goes
    expect(dynamicTable(decoder).map(([n]) => n)).toEqual(['c', 'b']);
  });

  it('decodes names and values as latin1, raw and Huffman alike', () => {
    const text = 'caf\xe9 \xff\x80';
    const decoder = new HpackDecoder();
    expect(
      decoder.decode(Buffer.concat([hex('00'), str('x-r'), str(text), hex('00'), huff('x-h'), huff(text)])),
    ).toEqual([
      ['x-r', text],
      ['x-h', text],
    ]);
  });

  it.each([
    ['an empty index on an indexed field (index 0)', '80'],
    ['an index beyond the static table when the dynamic one is empty', 'be'],
    ['an index far beyond the table', 'ff 80 01'],
    ['a name index beyond the table', '0f 30 01 61'],
    ['a truncated integer', '7f'],
    ['an integer whose continuation is cut off', 'ff 80'],
    ['an integer above 2^31', 'ff ff ff ff ff 0f'],
    ['an integer with too many continuation bytes', 'ff 80 80 80 80 80 00'],
    ['a string longer than the block', '40 05 61 62'],
    ['a value missing after a literal name', '00 01 61'],
    ['a literal name missing', '40'],
    ['a value string longer than the block', '04 7f 00'],
    ['a table size update above the maximum', '3f e2 1f'],
    ['a table size update after a field', '82 20'],
    ['bad Huffman padding in a value', '04 81 00'],
    ['EOS in a Huffman-coded name', '00 84 ff ff ff fc 01 61'],
  ])('rejects %s with HpackError', (_what, block) => {
    expectHpackError(hex(block));
  });

  it('accepts a table size update up to its maximum, and rejects one past it', () => {
    expect(new HpackDecoder().decode(hex('3f e1 1f'))).toEqual([]); // 4096
    expectHpackError(hex('3f e2 1f')); // 4097
    expect(new HpackDecoder(8192).decode(hex('3f e2 1f'))).toEqual([]);
    expectHpackError(int(1, 5, 0x20), new HpackDecoder(0));
  });

  /** Blocks assembled from plausible pieces reach deeper than uniform noise. */
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)),
    fc.integer({ min: 0, max: 80 }).map((i) => int(i, 7, 0x80)),
    fc
      .tuple(fc.integer({ min: 0, max: 70 }), fc.string({ unit: byteChar, maxLength: 40 }))
      .map(([i, v]) => Buffer.concat([int(i, 6, 0x40), i === 0 ? str('x') : Buffer.alloc(0), huff(v)])),
    fc.integer({ min: 0, max: 5000 }).map((size) => int(size, 5, 0x20)),
  );

  it('throws nothing but HpackError on malformed input, random bytes or random pieces', () => {
    const check = (blocks: Uint8Array[]) => {
      const decoder = new HpackDecoder();
      for (const block of blocks) {
        try {
          decoder.decode(block);
        } catch (error) {
          return error instanceof HpackError;
        }
      }
      return true;
    };
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 4 }), check), {
      numRuns: 2000,
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 8 }).map((pieces) => Buffer.concat(pieces)),
          { maxLength: 4 },
        ),
        check,
      ),
      { numRuns: 2000 },
    );
  });
});

describe('encodeHeaders', () => {
  it('writes literals without indexing, naming static-table names by index', () => {
    expect(encodeHeaders([[':path', '/x']]).toString('hex')).toBe('04022f78');
    // 'user-agent' is static entry 58: 15 + 43 in the 4-bit prefix.
    expect(encodeHeaders([['user-agent', 'u']]).toString('hex')).toBe('0f2b0175');
    // ':method' is entries 2 and 3: the first counts.
    expect(encodeHeaders([[':method', 'PUT']]).toString('hex')).toBe('0203505554');
    expect(encodeHeaders([['x-a', '']]).toString('hex')).toBe('0003782d6100');
    expect(encodeHeaders([]).length).toBe(0);
    // A value of 127 octets takes a two-octet length.
    expect(
      encodeHeaders([['x', 'v'.repeat(127)]])
        .subarray(0, 5)
        .toString('hex'),
    ).toBe('0001787f00');
  });

  it('round-trips through the decoder, leaving its table empty', () => {
    const names = [
      ':authority',
      ':path',
      'content-type',
      'te',
      'grpc-timeout',
      'user-agent',
      'www-authenticate',
    ];
    const header = fc.tuple(
      fc.oneof(fc.constantFrom(...names), fc.stringMatching(/^[a-z0-9-]{1,30}$/)),
      fc.string({ unit: byteChar, maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.array(header, { maxLength: 20 }), (headers) => {
        const decoder = new HpackDecoder();
        expect(decoder.decode(encodeHeaders(headers))).toEqual(headers);
        expect(dynamicTable(decoder)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

/** How one field of a block was represented (read independently of the decoder). */
interface Representation {
  kind: 'indexed' | 'incremental' | 'literal';
  index: number;
  huffmanValue: boolean;
}

/** The representations of a well-formed block, in order, and its table size updates. */
function representations(block: Buffer): { fields: Representation[]; sizeUpdates: number[] } {
  let pos = 0;
  const integer = (prefix: number) => {
    const max = 2 ** prefix - 1;
    let value = block[pos++] & max;
    if (value < max) return value;
    for (let scale = 1; ; scale *= 128) {
      if (pos >= block.length) throw new Error('truncated integer');
      const byte = block[pos++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  };
  const string = () => {
    const huffman = block[pos] >= 0x80;
    const length = integer(7);
    pos += length;
    return huffman;
  };
  const fields: Representation[] = [];
  const sizeUpdates: number[] = [];
  while (pos < block.length) {
    const byte = block[pos];
    if (byte & 0x80) fields.push({ kind: 'indexed', index: integer(7), huffmanValue: false });
    else if (byte & 0x20 && !(byte & 0x40)) sizeUpdates.push(integer(5));
    else {
      const kind = byte & 0x40 ? 'incremental' : 'literal';
      const index = integer(kind === 'incremental' ? 6 : 4);
      if (index === 0) string();
      fields.push({ kind, index, huffmanValue: string() });
    }
  }
  return { fields, sizeUpdates };
}

/** A header block as it arrived, what our decoder made of it, and how it was represented. */
interface Block {
  raw: Buffer;
  fields: Fields;
  representations: Representation[];
  sizeUpdates: number[];
}

/**
 * An HTTP/2 client on a raw socket, just enough to fetch responses from `node:http2` (nghttp2)
 * and decode their header blocks, in connection order, with one {@link HpackDecoder}. A
 * `tableSize` other than the default is advertised as SETTINGS_HEADER_TABLE_SIZE.
 */
function rawClient(port: number, tableSize?: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const decoder = new HpackDecoder(tableSize);
  const streams = new Map<
    number,
    { blocks: Block[]; resolve: (b: Block[]) => void; reject: (e: Error) => void }
  >();
  let input = Buffer.alloc(0);
  let continuing: { id: number; parts: Buffer[]; endStream: boolean } | undefined;
  let nextId = 1;
  let failure: Error | undefined;

  const frame = (type: number, flags: number, id: number, payload: Buffer) => {
    const head = Buffer.alloc(9);
    head.writeUIntBE(payload.length, 0, 3);
    head[3] = type;
    head[4] = flags;
    head.writeUInt32BE(id, 5);
    return Buffer.concat([head, payload]);
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const stream of streams.values()) stream.reject(failure);
    streams.clear();
  };
  const endBlock = (id: number, parts: Buffer[], endStream: boolean) => {
    const raw = Buffer.concat(parts);
    const fields = decoder.decode(raw);
    const stream = streams.get(id);
    if (!stream) throw new Error(`header block on unknown stream ${id}`);
    const shape = representations(raw);
    stream.blocks.push({ raw, fields, representations: shape.fields, sizeUpdates: shape.sizeUpdates });
    if (endStream) {
      streams.delete(id);
      stream.resolve(stream.blocks);
    }
  };
  const onFrame = (type: number, flags: number, id: number, payload: Buffer) => {
    if (continuing && type !== 0x9) throw new Error('frame inside a header block');
    switch (type) {
      case 0x1: {
        // HEADERS: PADDED (0x8) adds a pad length first and padding last; PRIORITY (0x20) 5 octets.
        let start = 0;
        let end = payload.length;
        if (flags & 0x8) {
          end -= payload[0];
          start = 1;
        }
        if (flags & 0x20) start += 5;
        const part = payload.subarray(start, end);
        if (flags & 0x4) endBlock(id, [part], (flags & 0x1) !== 0);
        else continuing = { id, parts: [part], endStream: (flags & 0x1) !== 0 };
        return;
      }
      case 0x9: {
        // CONTINUATION defines no flag but END_HEADERS (RFC 9113 6.10): no padding, no priority.
        if (!continuing || continuing.id !== id) throw new Error('unexpected CONTINUATION');
        continuing.parts.push(payload);
        if (flags & 0x4) {
          const { parts, endStream } = continuing;
          continuing = undefined;
          endBlock(id, parts, endStream);
        }
        return;
      }
      case 0x0: {
        if (flags & 0x1) {
          const stream = streams.get(id);
          streams.delete(id);
          stream?.resolve(stream.blocks);
        }
        return;
      }
      case 0x4:
        if (!(flags & 0x1)) socket.write(frame(0x4, 0x1, 0, Buffer.alloc(0)));
        return;
      case 0x3:
        throw new Error(`stream ${id} reset: ${payload.readUInt32BE(0)}`);
      case 0x7:
        throw new Error(`GOAWAY: ${payload.readUInt32BE(4)}`);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    input = Buffer.concat([input, chunk]);
    try {
      while (input.length >= 9) {
        const length = input.readUIntBE(0, 3);
        if (input.length < 9 + length) break;
        const payload = input.subarray(9, 9 + length);
        const [type, flags, id] = [input[3], input[4], input.readUInt32BE(5) & 0x7fffffff];
        input = input.subarray(9 + length);
        onFrame(type, flags, id, payload);
      }
    } catch (error) {
      fail(error as Error);
      socket.destroy();
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  const settings = Buffer.alloc(tableSize === undefined ? 0 : 6);
  if (tableSize !== undefined) {
    settings.writeUInt16BE(0x1, 0); // SETTINGS_HEADER_TABLE_SIZE
    settings.writeUInt32BE(tableSize, 2);
  }
  socket.write(
    Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), frame(0x4, 0, 0, settings)]),
  );

  return {
    /** A GET with END_STREAM | END_HEADERS; resolves with the response's header blocks. */
    get(path: string, extra: Fields = []): Promise<Block[]> {
      const id = nextId;
      nextId += 2;
      return new Promise<Block[]>((resolve, reject) => {
        if (failure) return reject(failure);
        streams.set(id, { blocks: [], resolve, reject });
        const block = encodeHeaders([
          [':method', 'GET'],
          [':scheme', 'http'],
          [':authority', `127.0.0.1:${port}`],
          [':path', path],
          ...extra,
        ]);
        socket.write(frame(0x1, 0x1 | 0x4, id, block));
      });
    },
    decoder,
    close(): void {
      socket.destroy();
    },
  };
}

/**
 * Header values carrying the given bytes, eight per value, each among ten 5-bit letters so that
 * the Huffman form is the shorter one and nghttp2 picks it. Named by their first byte.
 */
function carrying(bytes: number[], prefix: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < bytes.length; i += 8) {
    const chunk = bytes.slice(i, i + 8);
    headers[`${prefix}-${chunk[0].toString(16).padStart(2, '0')}`] =
      chunk.map((b) => `etaoin0125${String.fromCharCode(b)}`).join('') + 'sate';
  }
  return headers;
}

/** [name, value] pairs as `stream.respond` sends them: pseudo-headers first, then in key order. */
function sent(headers: OutgoingHttpHeaders): Fields {
  const entries = Object.entries(headers).map(([n, v]): [string, string] => [n, String(v)]);
  return [...entries.filter(([n]) => n.startsWith(':')), ...entries.filter(([n]) => !n.startsWith(':'))];
}

type Respond = (i: number) => { headers: OutgoingHttpHeaders; trailers: OutgoingHttpHeaders };

/** A `node:http2` server answering request i with `respond(i)`, headers then trailers. */
async function withServer(
  respond: Respond,
  run: (port: number, seen: IncomingHttpHeaders[]) => Promise<void>,
): Promise<void> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer();
  server.on('stream', (stream, headers) => {
    const { headers: h, trailers } = respond(seen.length);
    seen.push(headers);
    stream.respond(h, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    stream.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await run(port, seen);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Fetches `count` responses in turn on one connection and checks every block against what was sent. */
async function fetchAndCompare(
  port: number,
  respond: Respond,
  count: number,
  options: { tableSize?: number; extra?: (i: number) => Fields } = {},
): Promise<Block[][]> {
  const client = rawClient(port, options.tableSize);
  try {
    const responses: Block[][] = [];
    for (let i = 0; i < count; i++) {
      const blocks = await client.get(`/r/${i}`, options.extra?.(i));
      expect(blocks).toHaveLength(2);
      expect(blocks[0].fields).toEqual(sent(respond(i).headers));
      expect(blocks[1].fields).toEqual(sent(respond(i).trailers));
      responses.push(blocks);
    }
    return responses;
  } finally {
    client.close();
  }
}

/** Names of the fields that arrived as Huffman-coded literals, over all blocks. */
function huffmanLiterals(responses: Block[][]): Set<string> {
  const names = new Set<string>();
  for (const block of responses.flat()) {
    block.representations.forEach((r, k) => {
      if (r.kind !== 'indexed' && r.huffmanValue) names.add(block.fields[k][0]);
    });
  }
  return names;
}

const DATE = 'Mon, 21 Oct 2013 20:13:21 GMT';

describe('HPACK against nghttp2 (node:http2 server, raw socket client)', () => {
  /** Every byte allowed in a header value: tab, 0x20-0x7e, 0x80-0xff; in four slices of 56. */
  const allowed = [0x09];
  for (let b = 0x20; b <= 0x7e; b++) allowed.push(b);
  for (let b = 0x80; b <= 0xff; b++) allowed.push(b);
  const slices = [0, 1, 2, 3].map((k) => carrying(allowed.slice(k * 56, k * 56 + 56), 'x-byte'));

  it('decodes every block of several responses on one connection: Huffman, dynamic table, eviction', async () => {
    // Response i repeats the slice of response i - 1 (dynamic-table hits) and adds its own slice;
    // by the fifth, the first entries have been evicted and slice 0 comes again as literals.
    const respond: Respond = (i) => ({
      headers: {
        ':status': 200,
        'content-type': 'application/grpc',
        date: DATE,
        'x-same': 'the same in every response',
        ...(i > 0 ? slices[(i - 1) % 4] : {}),
        ...slices[i % 4],
        'x-request': String(i),
        'x-filler': `${i}`.repeat(300 + i),
        // Over 16 KiB once: that block comes as HEADERS plus CONTINUATION frames.
        ...(i === 2 ? { 'x-big': 'abcdefgh\xe9'.repeat(2000) } : {}),
      },
      trailers: { 'grpc-status': '0', 'grpc-message': `done \xe9 ${i}` },
    });
    await withServer(respond, async (port, seen) => {
      const extra = (i: number): Fields => [
        ['user-agent', 'hpack-test'],
        ['x-probe', `probe ${i} \xe9\xff`],
      ];
      const responses = await fetchAndCompare(port, respond, 5, { extra });
      // The server read our literal-only blocks, latin1 included.
      expect(seen.map((h) => [h[':path'], h['user-agent'], h['x-probe']])).toEqual(
        [0, 1, 2, 3, 4].map((i) => [`/r/${i}`, 'hpack-test', `probe ${i} \xe9\xff`]),
      );
      // Every byte came Huffman-coded at least once…
      const huffman = huffmanLiterals(responses);
      for (const name of slices.flatMap((s) => Object.keys(s))) expect(huffman).toContain(name);
      // …entries went into the dynamic table and came back by index…
      const kinds = responses.flat().flatMap((b) => b.representations);
      expect(kinds.filter((r) => r.kind === 'incremental').length).toBeGreaterThan(20);
      const dynamicHits = (i: number) =>
        responses[i][0].representations.filter((r) => r.kind === 'indexed' && r.index > 61).length;
      for (let i = 1; i < 5; i++) expect(dynamicHits(i)).toBeGreaterThanOrEqual(7);
      // …and slice 0, evicted by then, was sent again as literals in the fifth response.
      const fifth = responses[4][0];
      for (const name of Object.keys(slices[0])) {
        expect(fifth.representations[fifth.fields.findIndex(([n]) => n === name)].kind).toBe('incremental');
      }
      expect(responses[2][0].raw.length).toBeGreaterThan(16_384);
    });
  });

  it('follows the table size update nghttp2 sends after we advertise a smaller table', async () => {
    // date 65 + x-same 42 + x-request 91 + grpc-status 44 = 242 octets: the first response fits
    // in 256; the second hits date and x-same, then its x-request evicts them both.
    const respond: Respond = (i) => ({
      headers: { ':status': 200, date: DATE, 'x-same': 'same', 'x-request': `${i}`.repeat(50) },
      trailers: { 'grpc-status': '0' },
    });
    await withServer(respond, async (port) => {
      const responses = await fetchAndCompare(port, respond, 3, { tableSize: 256 });
      expect(responses[0][0].sizeUpdates).toEqual([256]);
      const kinds = responses.map(([headers]) => headers.representations.map((r) => r.kind));
      expect(kinds[1]).toEqual(['indexed', 'indexed', 'indexed', 'incremental']);
      expect(kinds[2]).toEqual(['indexed', 'incremental', 'incremental', 'incremental']);
    });
  });

  it('decodes the control bytes too, which Node’s stream.respond passes through unchecked', async () => {
    // All but NUL, which Node uses to separate the headers it hands to nghttp2.
    const controls: number[] = [];
    for (let b = 0x01; b < 0x20; b++) if (b !== 0x09) controls.push(b);
    controls.push(0x7f);
    const headers = carrying(controls, 'x-ctl');
    const respond: Respond = () => ({
      headers: { ':status': 200, date: DATE, ...headers },
      trailers: { 'grpc-status': '0' },
    });
    await withServer(respond, async (port) => {
      const responses = await fetchAndCompare(port, respond, 1);
      const huffman = huffmanLiterals(responses);
      for (const name of Object.keys(headers)) expect(huffman).toContain(name);
    });
  });
});
