import { parseDocument, type Tags } from 'yaml';

/** The short forms of CloudFormation's intrinsic functions, and their long names. */
const INTRINSICS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
};

/** Each short form as a scalar, a sequence and a mapping, read as CloudFormation reads it (`!GetAtt A.B` is `{ 'Fn::GetAtt': ['A', 'B'] }`). */
const TAGS: Tags = Object.entries(INTRINSICS).flatMap(([short, long]) => [
  {
    tag: `!${short}`,
    resolve: (value: string) => ({ [long]: short === 'GetAtt' ? value.split('.') : value }),
  },
  ...(['seq', 'map'] as const).map((collection) => ({
    tag: `!${short}`,
    collection,
    resolve: (node: { toJSON(): unknown }) => ({ [long]: node.toJSON() }),
  })),
]);

/**
 * Parses a CloudFormation/SAM template written in YAML, with the intrinsic functions' short
 * forms (`!Ref`, `!GetAtt`, `!If`...) turned into their long forms, and fails on anything the
 * parser warns about (an unknown tag, a duplicate key).
 */
export function parseTemplate(text: string): CloudFormationTemplate {
  const doc = parseDocument(text, { customTags: TAGS, uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  return doc.toJS({ maxAliasCount: -1 }) as CloudFormationTemplate;
}

/** The parts of a template the tests read. */
export interface CloudFormationTemplate {
  Transform?: string;
  Parameters: Record<string, { Type: string; Default?: string }>;
  Conditions: Record<string, unknown>;
  Globals: { Function: Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } } };
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Condition?: string }>;
  Outputs: Record<string, unknown>;
}
