import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for `localhost` and 127.0.0.1, made with openssl, on disk and in memory. */
export interface TestCertificate {
  keyPath: string;
  certPath: string;
  key: Buffer;
  cert: Buffer;
  remove(): void;
}

/**
 * Makes a throwaway certificate (RSA 2048, one day) with the openssl CLI: the server's
 * certificate, the CA a client trusts, and, for mTLS tests, the client's certificate too.
 *
 * @example
 * ```ts
 * const certificate = selfSignedCertificate();
 * const server = createSecureServer({ key: certificate.key, cert: certificate.cert });
 * // ... connect with { ca: certificate.cert }
 * certificate.remove();
 * ```
 */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-addext',
      'extendedKeyUsage=serverAuth,clientAuth',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return {
    keyPath,
    certPath,
    key: readFileSync(keyPath),
    cert: readFileSync(certPath),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
