import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { defineSlos, fromOpenSlo, SloError, type SloConfig, type SloSet } from '@faasade/slo';
import { CliUsageError } from '../errors';

const SCRIPT = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];
const YAML = ['.yaml', '.yml'];

function isSloSet(value: unknown): value is SloSet {
  return typeof value === 'object' && value !== null && Array.isArray((value as SloSet).slos);
}

function isOpenSlo(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  return (
    typeof first === 'object' &&
    first !== null &&
    (first as { apiVersion?: unknown }).apiVersion !== undefined
  );
}

/** What a config module exports: `export default defineSlos(...)`, a plain config, or `module.exports` of either. */
function fromModule(exported: Record<string, unknown>, runbookUrl: string | undefined): SloSet {
  const value = isSloSet(exported) || exported.default === undefined ? exported : exported.default;
  if (isSloSet(value)) return value;
  return defineSlos({ ...(value as SloConfig), ...(runbookUrl ? { runbookUrl } : {}) });
}

async function importScript(path: string): Promise<Record<string, unknown>> {
  const extension = extname(path);
  if (extension === '.mjs') return (await import(path)) as Record<string, unknown>;
  if (extension === '.js') {
    try {
      return require(path);
    } catch (error) {
      // A .js file in a "type": "module" package is ESM.
      if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM')
        return (await import(path)) as Record<string, unknown>;
      throw error;
    }
  }
  if (['.ts', '.cts', '.mts'].includes(extension)) {
    let tsx: { require(id: string, from: string): Record<string, unknown> };
    try {
      tsx = require('tsx/cjs/api');
    } catch {
      throw new CliUsageError(
        `loading ${path} needs tsx to read TypeScript: npm install --save-dev tsx, or compile it to .js`,
      );
    }
    return tsx.require(path, __filename);
  }
  return require(path);
}

/**
 * Loads the objectives of a service from a file: a JavaScript or TypeScript module exporting
 * `defineSlos(...)` (or its plain config), a JSON config, or OpenSLO v1 as YAML or JSON.
 */
export async function loadSloConfig(file: string, cwd: string, runbookUrl?: string): Promise<SloSet> {
  const path = resolve(cwd, file);
  const extension = extname(path);
  try {
    await access(path);
  } catch {
    throw new CliUsageError(`the config ${file} does not exist (looked for ${path})`);
  }
  if (SCRIPT.includes(extension)) {
    let exported: Record<string, unknown>;
    try {
      exported = await importScript(path);
    } catch (error) {
      // A mistake in an objective says what is wrong already; anything else is the module failing to load.
      if (error instanceof SloError || error instanceof CliUsageError) throw error;
      throw new CliUsageError(
        `the config ${file} failed to load: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    return fromModule(exported, runbookUrl);
  }
  const text = await readFile(path, 'utf8');
  const options = runbookUrl ? { runbookUrl } : {};
  if (YAML.includes(extension)) return fromOpenSlo(text, options);
  if (extension === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CliUsageError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    return isOpenSlo(data) ? fromOpenSlo(data, options) : defineSlos({ ...(data as SloConfig), ...options });
  }
  throw new CliUsageError(
    `${file}: a config is a .js, .cjs, .mjs or .ts module, a .json config, or OpenSLO as .yaml, .yml or .json`,
  );
}
