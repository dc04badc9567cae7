import { stringify } from 'yaml';

/** YAML as people write it: block style, no folding of long PromQL lines, a header that says where it came from. */
export function toYaml(data: unknown, header: string[] = []): string {
  const body = stringify(data, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  return comments ? `${comments}\n${body}` : body;
}
