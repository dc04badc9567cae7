import { readFileSync } from 'node:fs';

/** deploy/main.bicep as text: no Bicep compiler is needed to read what the tests check. */
export function readBicep(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The text of `var <name> = [...]` (or `{...}`), brackets included. */
export function bicepVar(bicep: string, name: string): string {
  const start = new RegExp(`^var ${name} = ([[{])`, 'm').exec(bicep);
  if (!start) throw new Error(`main.bicep has no var ${name}`);
  const open = start[1];
  const close = open === '[' ? ']' : '}';
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < bicep.length; i++) {
    if (bicep[i] === open) depth++;
    else if (bicep[i] === close && --depth === 0)
      return bicep.slice(start.index + start[0].length - 1, i + 1);
  }
  throw new Error(`var ${name} is not closed`);
}

/** The string literals of a Bicep array of strings. */
export function stringsOf(block: string): string[] {
  return [...block.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

/** The value of `var <name> = '<value>'`. */
export function stringVar(bicep: string, name: string): string {
  const m = new RegExp(`^var ${name} = '([^']*)'`, 'm').exec(bicep);
  if (!m) throw new Error(`main.bicep has no string var ${name}`);
  return m[1];
}

/** The one-line objects of a Bicep array (a line `{ key: 'value', ... }`), as string maps. */
export function objectsOf(block: string): Record<string, string>[] {
  return [...block.matchAll(/^\s*\[?\{ (.*) \}\]?\s*$/gm)].map((m) => {
    const entry: Record<string, string> = {};
    for (const pair of m[1].matchAll(/(\w+): ('([^']*)'|[^,]+)/g)) entry[pair[1]] = pair[3] ?? pair[2].trim();
    return entry;
  });
}
