import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A block or value of the configuration, as JSON. */
export type Tf = Record<string, unknown>;

/** A Terraform configuration directory, read as Terraform reads it: every `*.tf` and `*.tf.json`. */
export interface TerraformConfig {
  files: string[];
  /** resource type → name → the block. */
  resources: Record<string, Record<string, Tf>>;
  locals: Tf;
  variables: Record<string, Tf>;
}

/**
 * Reads `*.tf` with HashiCorp's own HCL parser (Go's hcl, compiled to WebAssembly, in
 * @cdktf/hcl2json) and `*.tf.json` as JSON, into one object per resource. A name declared twice
 * (which `terraform validate` would refuse) throws.
 */
export async function loadTerraform(dir: string): Promise<TerraformConfig> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json'))
    .sort();
  const config: TerraformConfig = { files, resources: {}, locals: {}, variables: {} };
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const doc = (file.endsWith('.json') ? JSON.parse(text) : await parse(file, text)) as Record<
      string,
      unknown
    >;
    for (const [type, byName] of Object.entries(
      (doc.resource ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      config.resources[type] ??= {};
      for (const [name, block] of Object.entries(byName)) {
        if (config.resources[type][name]) throw new Error(`${type}.${name} is declared twice (${file})`);
        config.resources[type][name] = one(block) as Tf;
      }
    }
    for (const [name, block] of Object.entries((doc.variable ?? {}) as Record<string, unknown>)) {
      if (config.variables[name]) throw new Error(`variable ${name} is declared twice (${file})`);
      config.variables[name] = one(block) as Tf;
    }
    for (const locals of (doc.locals ?? []) as Tf[]) {
      for (const [name, value] of Object.entries(locals)) {
        if (name in config.locals) throw new Error(`local.${name} is declared twice (${file})`);
        config.locals[name] = value;
      }
    }
  }
  return config;
}

/** Follows a path of keys; a block that HCL gives as a list of one is entered as that one. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'string' && Array.isArray(current) && current.length === 1) current = current[0];
    current = (current as Record<string | number, unknown> | undefined)?.[key];
  }
  return one(current);
}

/** The block itself when HCL gives a list of one. */
function one(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'object' ? value[0] : value;
}

/** `${google_pubsub_topic.orders.id}` → `orders`: the resource name an expression refers to. */
export function referenced(expression: unknown, type: string, attribute: string): string | undefined {
  const match = new RegExp(`^\\$\\{${type}\\.([a-z0-9_]+)\\.${attribute}\\}$`).exec(String(expression));
  return match?.[1];
}
