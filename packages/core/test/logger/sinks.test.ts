import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FdSink, MemorySink } from '../../src/logger';

describe('FdSink', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faasade-sink-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has written each line with a newline by the time write returns', () => {
    const file = path.join(dir, 'out.log');
    const fd = fs.openSync(file, 'w');
    try {
      const sink = new FdSink(fd);
      sink.write('{"a":1}', 'info');
      sink.write('{"b":"naïve ☃ 😀"}', 'warn');
      expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":"naïve ☃ 😀"}\n');
    } finally {
      fs.closeSync(fd);
    }
  });

  it('writes a line larger than a pipe buffer completely', () => {
    const file = path.join(dir, 'big.log');
    const fd = fs.openSync(file, 'w');
    const big = 'é'.repeat(300_000);
    try {
      new FdSink(fd).write(big, 'info');
      expect(fs.readFileSync(file, 'utf8')).toBe(`${big}\n`);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('waits out a full pipe (EAGAIN) and finishes a short write', () => {
    const received: string[] = [];
    let calls = 0;
    const write = jest.spyOn(fs, 'writeSync').mockImplementation(((
      _fd: number,
      data: string | Uint8Array,
    ) => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('try again'), { code: 'EAGAIN' });
      const text = typeof data === 'string' ? data : Buffer.from(data).toString();
      const taken = calls === 2 ? text.slice(0, 3) : text;
      received.push(taken);
      return Buffer.byteLength(taken);
    }) as typeof fs.writeSync);
    try {
      new FdSink(99).write('{"a":1}', 'info');
    } finally {
      write.mockRestore();
    }
    expect(received.join('')).toBe('{"a":1}\n');
  });

  it('gives up on a line when the pipe stays full, rather than hang the function', () => {
    const write = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('try again'), { code: 'EAGAIN' });
    });
    try {
      expect(() => new FdSink(99, { maxWaitMs: 5 }).write('x', 'info')).not.toThrow();
      // The first attempt, then one after each of the five 1 ms naps.
      expect(write).toHaveBeenCalledTimes(6);
    } finally {
      write.mockRestore();
    }
  });

  it('drops the line instead of throwing when the descriptor is unusable', () => {
    const fd = fs.openSync(path.join(dir, 'closed.log'), 'w');
    fs.closeSync(fd);
    expect(() => new FdSink(fd).write('x', 'info')).not.toThrow();
  });
});

describe('MemorySink', () => {
  it('keeps lines and levels in order, parses JSON lines, and clears', () => {
    const sink = new MemorySink();
    sink.write('{"n":1}', 'info');
    sink.write('{"n":2}', 'error');
    expect(sink.lines).toEqual(['{"n":1}', '{"n":2}']);
    expect(sink.entries.map((e) => e.level)).toEqual(['info', 'error']);
    expect(sink.records()).toEqual([{ n: 1 }, { n: 2 }]);
    sink.clear();
    expect(sink.lines).toEqual([]);
  });
});
