import type { ExportResult } from '@opentelemetry/core';
import type { OtlpClient } from './client';

/** Serializes, sends and reports one export; shared by the span and metric exporters. */
export function send(
  client: OtlpClient,
  path: string,
  serialize: () => Uint8Array | undefined,
  onResponse: (response: Uint8Array) => void,
  resultCallback: (result: ExportResult) => void,
): void {
  let body: Uint8Array | undefined;
  try {
    body = serialize();
  } catch (error) {
    resultCallback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    return;
  }
  if (!body) {
    resultCallback({ code: 1, error: new Error('OTLP serialization produced nothing') });
    return;
  }
  client.call(path, body).then(
    (response) => {
      try {
        onResponse(response);
      } catch {
        // A response we cannot read still means the collector accepted the export.
      }
      resultCallback({ code: 0 });
    },
    (error: Error) => resultCallback({ code: 1, error }),
  );
}
