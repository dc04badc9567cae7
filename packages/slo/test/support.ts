import {
  availability,
  coldStarts,
  defineSlos,
  latency,
  processingSuccess,
  type SloConfig,
} from '@faasade/slo';

/** A small service with one objective of every kind, and a `'*'` objective that one function overrides. */
export function sampleConfig(overrides: Partial<SloConfig> = {}): SloConfig {
  return {
    service: 'shop',
    runbookUrl: 'https://runbooks.acme.dev/{service}#{slo}',
    functions: ['checkout', 'listItems', 'sendReceipt'],
    slos: {
      checkout: [availability(0.999), latency({ under: '250ms', objective: 0.95 })],
      sendReceipt: [processingSuccess(0.99), coldStarts({ objective: 0.9 })],
      '*': [coldStarts({ objective: 0.95 })],
    },
    ...overrides,
  };
}

export const sampleSet = (overrides: Partial<SloConfig> = {}) => defineSlos(sampleConfig(overrides));
