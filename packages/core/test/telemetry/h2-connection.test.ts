import {
  constants,
  createSecureServer,
  createServer,
  type Http2SecureServer,
  type Http2Server,
  type SecureServerOptions,
  type ServerHttp2Stream,
} from 'node:http2';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import fc from 'fast-check';
import { createServer as createTlsServer } from 'node:tls';
import { H2Connection, H2Error, type H2Response } from '../../src/telemetry/exporters/otlp/h2/connection';
import { selfSignedCertificate, type TestCertificate } from './support/tls';

// faasade's own HTTP/2 client (what the OTLP exporter sends with) against Node's HTTP/2 server,
// i.e. nghttp2: the same implementation that serves @grpc/grpc-js collectors.

type Handler = (stream: ServerHttp2Stream, headers: Record<string, unknown>) => void;

const servers: Array<{ close(cb: () => void): void }> = [];
const connections: H2Connection[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function listen(server: Http2Server | Http2SecureServer | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

/** HTTP/2 servers keep their sessions open: destroy them on close, so afterEach's close() returns. */
function closingSessions<S extends Http2Server | Http2SecureServer>(server: S): S {
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  const close = server.close.bind(server);
  server.close = ((cb?: () => void) => {
    for (const session of sessions) session.destroy();
    return close(cb);
  }) as S['close'];
  return server;
}

async function h2Server(handler: Handler, settings: Record<string, number> = {}): Promise<string> {
  const server = closingSessions(createServer({ settings }));
  server.on('stream', (stream, headers) => handler(stream, headers));
  return `http://127.0.0.1:${await listen(server)}`;
}

function connect(url: string, options = {}): H2Connection {
  const c = new H2Connection(new URL(url), options);
  connections.push(c);
  return c;
}

function send(
  c: H2Connection,
  body: Buffer = Buffer.from('hello'),
  fields: Array<[string, string]> = [],
  path = '/echo',
): Promise<H2Response> {
  return new Promise((resolve, reject) =>
    c.request('POST', path, fields, body, (error, response) =>
      error ? reject(error) : resolve(response as H2Response),
    ),
  );
}

/** Reads the request body, then answers with `reply(body)` plus a trailer. */
const echo =
  (reply: (body: Buffer, headers: Record<string, unknown>) => Buffer = (b) => b): Handler =>
  (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'fine' }));
      stream.end(reply(Buffer.concat(chunks), headers));
    });
  };

describe('H2Connection: a minimal HTTP/2 client, against nghttp2', () => {
  it('sends a request with its headers and body, and reads headers, body and trailers', async () => {
    const seen: Record<string, unknown>[] = [];
    const url = await h2Server(
      echo((body, headers) => {
        seen.push(headers);
        return Buffer.concat([Buffer.from('got:'), body]);
      }),
    );
    const c = connect(url);
    const res = await send(c, Buffer.from('ping'), [
      ['content-type', 'application/grpc'],
      ['x-api-key', 'k'],
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/grpc');
    expect(res.body.toString()).toBe('got:ping');
    expect(res.trailers.get('grpc-status')).toBe('0');
    expect(res.trailers.get('grpc-message')).toBe('fine');
    expect(seen[0]).toMatchObject({
      ':method': 'POST',
      ':path': '/echo',
      ':scheme': 'http',
      ':authority': new URL(url).host,
      'x-api-key': 'k',
    });
  });

  it('runs many requests on one connection, one after another and at once', async () => {
    let sessions = 0;
    const server = closingSessions(createServer());
    server.on('session', () => sessions++);
    server.on('stream', echo());
    const url = `http://127.0.0.1:${await listen(server)}`;
    const c = connect(url);
    for (let i = 0; i < 20; i++) expect((await send(c, Buffer.from(`n${i}`))).body.toString()).toBe(`n${i}`);
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => send(c, Buffer.from(`p${i}`))));
    expect(all.map((r) => r.body.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `p${i}`));
    expect(sessions).toBe(1);
  });

  it('respects flow control: a 3 MB body through the default 64 KB windows arrives whole', async () => {
    const url = await h2Server(
      echo((body) => Buffer.from(`${body.length}:${body.subarray(-8).toString('hex')}`)),
    );
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7919) & 0xff;
    const res = await send(connect(url), body);
    expect(res.body.toString()).toBe(`${body.length}:${body.subarray(-8).toString('hex')}`);
  });

  it.each([
    ['a larger max frame size', { maxFrameSize: 65_536 }],
    ['a small initial window', { initialWindowSize: 1_000 }],
    [
      'both, and a header table of 256 bytes',
      { maxFrameSize: 1 << 20, initialWindowSize: 70_000, headerTableSize: 256 },
    ],
  ])('follows the server’s SETTINGS: %s', async (_what, settings) => {
    const url = await h2Server(
      echo((body) => Buffer.from(`${body.length}:${body.subarray(-4).toString('hex')}`)),
      settings,
    );
    const c = connect(url);
    // The first request lets the server's SETTINGS arrive; the next ones are sent under them.
    for (const size of [10, 200_000, 1_000_000]) {
      const body = Buffer.alloc(size, 7);
      body.writeUInt32BE(size, size - 4);
      const res = await send(c, body);
      expect(res.body.toString()).toBe(`${size}:${body.subarray(-4).toString('hex')}`);
    }
    expect(c.usable).toBe(true);
  });

  it('returns flow-control credit: a 2 MB response is read whole', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const url = await h2Server(echo(() => big));
    const res = await send(connect(url));
    expect(res.body.length).toBe(big.length);
    expect(res.body.equals(big)).toBe(true);
  });

  it('splits a header block bigger than a frame into CONTINUATION frames', async () => {
    const value = 'v'.repeat(40_000);
    let got: unknown;
    const url = await h2Server(
      echo((b, headers) => {
        got = headers['x-big'];
        return b;
      }),
      {},
    );
    await send(connect(url), Buffer.from('x'), [['x-big', value]]);
    expect(got).toBe(value);
  });

  it('queues requests beyond the server’s SETTINGS_MAX_CONCURRENT_STREAMS', async () => {
    let open = 0;
    let most = 0;
    const url = await h2Server(
      (stream) => {
        open++;
        most = Math.max(most, open);
        stream.resume();
        stream.on('end', () =>
          setTimeout(() => {
            open--;
            stream.respond({ ':status': 200 });
            stream.end('ok');
          }, 5),
        );
      },
      { maxConcurrentStreams: 2 },
    );
    const c = connect(url);
    // Let the server's SETTINGS arrive before the burst.
    await send(c);
    const all = await Promise.all(Array.from({ length: 8 }, () => send(c)));
    expect(all.every((r) => r.body.toString() === 'ok')).toBe(true);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('reports a stream the server reset, with its HTTP/2 error code, and the connection stays usable', async () => {
    let n = 0;
    const url = await h2Server((stream) => {
      stream.on('error', () => {});
      if (n++ === 0) stream.close(constants.NGHTTP2_REFUSED_STREAM);
      else echo()(stream, {});
    });
    const c = connect(url);
    const error = await send(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(H2Error);
    expect((error as H2Error).code).toBe(constants.NGHTTP2_REFUSED_STREAM);
    expect((await send(c)).body.toString()).toBe('hello');
    expect(c.usable).toBe(true);
  });

  it('finishes the requests a GOAWAY lets through, then becomes unusable', async () => {
    let unusable = 0;
    const url = await h2Server((stream) => {
      stream.session?.goaway(constants.NGHTTP2_NO_ERROR, stream.id);
      echo()(stream, {});
    });
    const c = connect(url, { onUnusable: () => unusable++ });
    const res = await send(c);
    expect(res.body.toString()).toBe('hello');
    expect(c.usable).toBe(false);
    expect(unusable).toBe(1);
    await expect(send(c)).rejects.toThrow(/GOAWAY|closed/);
  });

  it('fails the requests in flight at once when the server goes away over an error', async () => {
    const url = await h2Server((stream) => {
      stream.on('error', () => {});
      // The stream is within the last id, but the error code says nothing more will come.
      stream.session?.goaway(constants.NGHTTP2_INTERNAL_ERROR, stream.id);
    });
    const c = connect(url);
    const error = await send(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(H2Error);
    expect((error as H2Error).code).toBe(constants.NGHTTP2_INTERNAL_ERROR);
    expect(c.usable).toBe(false);
  });

  it('answers the server’s PING', async () => {
    let rtt: number | undefined;
    const url = await h2Server((stream) => {
      stream.session?.ping((err, duration) => {
        rtt = err ? -1 : duration;
        echo()(stream, {});
      });
    });
    await send(connect(url));
    expect(rtt).toBeGreaterThanOrEqual(0);
  });

  it('fails requests, without throwing, when nothing listens', async () => {
    const probe = createNetServer();
    const port = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    servers.splice(servers.indexOf(probe), 1);
    let unusable = 0;
    const c = connect(`http://127.0.0.1:${port}`, { onUnusable: () => unusable++ });
    await expect(send(c)).rejects.toThrow(/ECONNREFUSED/);
    expect(c.usable).toBe(false);
    expect(unusable).toBe(1);
    await expect(send(c)).rejects.toBeInstanceOf(H2Error);
  });

  it('fails requests with a connection error when the server speaks something else', async () => {
    const server = createNetServer((socket) => {
      socket.on('error', () => {});
      socket.resume();
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    });
    const c = connect(`http://127.0.0.1:${await listen(server)}`);
    await expect(send(c)).rejects.toThrow(/connection error/);
    await expect(send(c)).rejects.toBeInstanceOf(H2Error);
    expect(c.usable).toBe(false);
  });

  it('settles every request, without throwing, whatever bytes a broken server sends (fast-check)', async () => {
    // A server that answers the preface with its SETTINGS, then with arbitrary bytes, some of
    // them shaped like frames on the request's stream.
    let script: Buffer = Buffer.alloc(0);
    const server = createNetServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        socket.write(Buffer.concat([Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]), script]));
        setTimeout(() => socket.destroy(), 20);
      });
    });
    const url = `http://127.0.0.1:${await listen(server)}`;
    const frameLike = fc
      .tuple(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0, 1, 3),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([type, flags, stream, payload]) => {
        const head = Buffer.alloc(9);
        head.writeUIntBE(payload.length, 0, 3);
        head[3] = type;
        head[4] = flags;
        head.writeUInt32BE(stream, 5);
        return Buffer.concat([head, Buffer.from(payload)]);
      });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            frameLike,
            fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
          ),
          {
            maxLength: 6,
          },
        ),
        async (chunks) => {
          script = Buffer.concat(chunks);
          const c = connect(url);
          const outcome = await new Promise<string>((resolve) => {
            c.request('POST', '/x', [], Buffer.from('body'), (error, response) =>
              resolve(error ? `error ${error.name}` : `response ${response?.status}`),
            );
          });
          expect(outcome).toMatch(/^(error H2Error|response \d+)$/);
          c.destroy();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('cancels a request: RST_STREAM CANCEL reaches the server and the callback is never called', async () => {
    let reset: number | undefined;
    const url = await h2Server((stream) => {
      stream.on('close', () => {
        reset = stream.rstCode;
      });
      stream.resume();
    });
    const c = connect(url);
    let called = false;
    const request = c.request('POST', '/hang', [], Buffer.from('x'), () => {
      called = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    request.cancel();
    for (let i = 0; i < 50 && reset === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(reset).toBe(constants.NGHTTP2_CANCEL);
    expect(called).toBe(false);
    expect(c.usable).toBe(true);
  });

  describe('over TLS', () => {
    let certificate: TestCertificate;
    let tls: SecureServerOptions;
    beforeAll(() => {
      certificate = selfSignedCertificate();
      tls = { key: certificate.key, cert: certificate.cert };
    });
    afterAll(() => certificate.remove());

    it('negotiates h2 by ALPN and verifies the certificate against the given CA', async () => {
      const server = closingSessions(createSecureServer(tls));
      server.on('stream', echo());
      const port = await listen(server);
      const c = connect(`https://localhost:${port}`, { ca: tls.cert });
      const res = await send(c);
      expect(res.body.toString()).toBe('hello');
    });

    it('refuses a certificate it does not trust', async () => {
      const server = closingSessions(createSecureServer(tls));
      server.on('stream', echo());
      const port = await listen(server);
      await expect(send(connect(`https://localhost:${port}`))).rejects.toThrow(/certificate/i);
    });

    it('presents a client certificate to a server that requires one (mTLS), and fails without it', async () => {
      const server = closingSessions(
        createSecureServer({ ...tls, requestCert: true, rejectUnauthorized: true, ca: certificate.cert }),
      );
      let peer: string | undefined;
      server.on('stream', (stream, headers) => {
        const socket = stream.session?.socket as import('node:tls').TLSSocket | undefined;
        peer = socket?.getPeerCertificate().subject?.CN;
        echo()(stream, headers);
      });
      const port = await listen(server);
      const url = `https://localhost:${port}`;
      const res = await send(connect(url, { ca: tls.cert, cert: certificate.cert, key: certificate.key }));
      expect(res.body.toString()).toBe('hello');
      expect(peer).toBe('localhost');
      await expect(send(connect(url, { ca: tls.cert }))).rejects.toBeInstanceOf(H2Error);
    });

    it('refuses a TLS server that does not offer h2', async () => {
      const server = createTlsServer({ ...tls, ALPNProtocols: ['http/1.1'] }, (socket) => {
        socket.on('error', () => {});
      });
      const port = await listen(server);
      await expect(send(connect(`https://localhost:${port}`, { ca: tls.cert }))).rejects.toThrow(
        /ALPN|HTTP\/2|protocol/i,
      );
    });
  });
});
