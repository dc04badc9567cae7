import { InvalidRedactPathError } from '../errors';

/**
 * One step of the compiled `redact.paths`: a trie over keys, where `*` matches any key or index.
 * Wildcard branches are merged into their specific siblings at compile time, so walking the trie
 * while serialising is one map lookup per key and never needs a set of candidate nodes.
 */
export interface PathNode {
  /** A value reached exactly here is replaced by the censor. */
  terminal: boolean;
  children: Map<string, PathNode> | undefined;
  wildcard: PathNode | undefined;
}

/** Parses paths like `customer.email`, `items[*].secretNote`, `a["b.c"][0]` into a trie. */
export function compilePaths(paths: readonly string[]): PathNode | undefined {
  if (paths.length === 0) return undefined;
  const root = newNode();
  for (const path of paths) insert(root, parsePath(path));
  mergeWildcards(root);
  return root;
}

/** The node a key leads to from `node`, or `undefined` when no path goes that way. */
export function stepPath(node: PathNode, key: string): PathNode | undefined {
  return node.children?.get(key) ?? node.wildcard;
}

const WILDCARD = Symbol('wildcard');
type Segment = string | typeof WILDCARD;

/** Splits one path into segments; `*` and `[*]` become the wildcard. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    throw new InvalidRedactPathError(path, reason);
  };
  if (path.length === 0) fail('it is empty');
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) fail(`"[" at ${i} is never closed`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') segments.push(WILDCARD);
      else if (/^\d+$/.test(inner)) segments.push(String(Number(inner)));
      else if (/^(["']).*\1$/.test(inner) && inner.length >= 2) segments.push(inner.slice(1, -1));
      else fail(`"[${inner}]" is neither an index, [*] nor a quoted key`);
      i = close + 1;
      if (i < path.length && path[i] === '.') {
        i++;
        if (i === path.length) fail('it ends with "."');
      }
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    const key = path.slice(i, end);
    if (key.length === 0) fail(`an empty key at ${i}`);
    segments.push(key === '*' ? WILDCARD : key);
    i = end;
    if (path[i] === '.') {
      i++;
      if (i === path.length) fail('it ends with "."');
    }
  }
  return segments;
}

function newNode(): PathNode {
  return { terminal: false, children: undefined, wildcard: undefined };
}

function insert(root: PathNode, segments: Segment[]): void {
  let node = root;
  for (const segment of segments) {
    if (segment === WILDCARD) {
      node.wildcard ??= newNode();
      node = node.wildcard;
    } else {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = newNode()));
      node = next;
    }
  }
  node.terminal = true;
}

/** Copies every path below `from` into `into`. */
function mergeInto(into: PathNode, from: PathNode): void {
  if (from.terminal) into.terminal = true;
  if (from.wildcard) {
    into.wildcard ??= newNode();
    mergeInto(into.wildcard, from.wildcard);
  }
  if (from.children) {
    into.children ??= new Map();
    for (const [key, child] of from.children) {
      let target = into.children.get(key);
      if (!target) into.children.set(key, (target = newNode()));
      mergeInto(target, child);
    }
  }
}

/** A key with its own branch must also follow everything the wildcard branch says. */
function mergeWildcards(node: PathNode): void {
  if (node.wildcard) {
    mergeWildcards(node.wildcard);
    if (node.children) for (const child of node.children.values()) mergeInto(child, node.wildcard);
  }
  if (node.children) for (const child of node.children.values()) mergeWildcards(child);
}
