import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** The files `slo generate` owns in an output directory: anything else there is left alone. */
const OWNED = [
  /^prometheus\/[^/]+\.rules(\.test)?\.yml$/,
  /^openslo\/[^/]+\.openslo\.yaml$/,
  /^aws\/[^/]+-slo-alarms\.json$/,
  /^azure\/[^/]+-slo-alerts\.json$/,
  /^gcp\/[^/]+-slo-monitoring\.json$/,
  /^gcp\/[^/]+-slo\.tf\.json$/,
];

async function ownedFiles(root: string, dir = root): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? ownedFiles(root, join(dir, entry.name)) : [relative(root, join(dir, entry.name))],
    ),
  );
  return nested.flat().filter((path) => OWNED.some((pattern) => pattern.test(path.split('\\').join('/'))));
}

/** How the files on disk compare with the generated ones. */
export interface FileChanges {
  /** Generated files that are missing or differ on disk. */
  changed: string[];
  /** Files on disk that `slo generate` wrote before and would not write now (an objective was removed). */
  obsolete: string[];
  unchanged: string[];
}

/** Compares generated files (relative path → content) with an output directory. */
export async function compareFiles(root: string, files: Record<string, string>): Promise<FileChanges> {
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const current = await readFile(join(root, path), 'utf8').catch(() => undefined);
    (current === content ? unchanged : changed).push(path);
  }
  const obsolete = (await ownedFiles(root)).filter((path) => !(path in files));
  return { changed, obsolete, unchanged };
}

/** Writes what changed and removes what is obsolete, so the directory holds exactly what the objectives generate. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<FileChanges> {
  const changes = await compareFiles(root, files);
  for (const path of changes.changed) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), files[path]);
  }
  for (const path of changes.obsolete) await rm(join(root, path));
  return changes;
}
