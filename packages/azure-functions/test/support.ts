import type { AzureRegistration } from '@faasade/azure-functions';
import { type AzureFunctionsOptions, registerAzureFunctions } from '@faasade/azure-functions';
import type { App } from '@faasade/core';

/** A registrar that keeps what it is given, as the Functions host would. */
export function capturingRegistrar() {
  const calls: { method: string; name: string; options: unknown }[] = [];
  const record = (method: string) => (name: string, options: unknown) => {
    calls.push({ method, name, options });
  };
  return {
    calls,
    http: record('http'),
    storageQueue: record('storageQueue'),
    serviceBusQueue: record('serviceBusQueue'),
    timer: record('timer'),
    eventGrid: record('eventGrid'),
    warmup: record('warmup'),
  };
}

/** Registers an app without the host and returns its registrations by name. */
export function registered(app: App, options: Omit<AzureFunctionsOptions, 'registrar'> = {}) {
  const list = registerAzureFunctions(app, { ...options, registrar: capturingRegistrar() });
  return (name: string) => {
    const found = list.find((r) => r.name === name);
    if (!found) throw new Error(`not registered: ${name}`);
    return found;
  };
}

export function as<K extends AzureRegistration['kind']>(
  r: AzureRegistration,
  kind: K,
): Extract<AzureRegistration, { kind: K }> {
  if (r.kind !== kind) throw new Error(`${r.name} is ${r.kind}, not ${kind}`);
  return r as Extract<AzureRegistration, { kind: K }>;
}
