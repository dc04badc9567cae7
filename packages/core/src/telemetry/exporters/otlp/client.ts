import type { OtlpEndpoint } from '../../config/resolve';
import { GrpcUnaryClient } from './grpc-client';

/** What an OTLP exporter sends with: one export in, the collector's response message out. */
export interface OtlpClient {
  /** Sends one serialized export request; resolves with the response message. `path` is gRPC's. */
  call(path: string, message: Uint8Array): Promise<Uint8Array>;
  /** Starts the connection early where the transport can; never throws. */
  preconnect(): void;
  close(): void;
}

/**
 * The client for an endpoint's protocol: gRPC over faasade's HTTP/2 client, or OTLP/HTTP
 * (`http/protobuf`), required only when an endpoint asks for it.
 */
export function createOtlpClient(endpoint: OtlpEndpoint): OtlpClient {
  if (endpoint.protocol === 'http/protobuf') {
    const { OtlpHttpClient } = require('./http-client') as typeof import('./http-client');
    return new OtlpHttpClient(endpoint);
  }
  return new GrpcUnaryClient(endpoint);
}
