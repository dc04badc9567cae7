#!/usr/bin/env node
// `npm run slo -w @faasade/orders-aws`: merges the CloudWatch alarms generated from the orders
// app's SLOs (packages/slo/examples/generated/aws/orders-slo-alarms.json, written by
// `faasade slo generate`) into deploy/template.yaml. The generated Parameters, Conditions and
// Resources go between the `# >>> slo:<Section>` and `# <<< slo:<Section>` markers of each
// section, so the hand-written rest of the template keeps its comments and layout. With
// `--check` it changes nothing and exits 1 when the template is not up to date.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const TEMPLATE = path.join(__dirname, '../deploy/template.yaml');
const ALARMS = path.join(__dirname, '../../../packages/slo/examples/generated/aws/orders-slo-alarms.json');
const SECTIONS = ['Parameters', 'Conditions', 'Resources'];

/**
 * The template with each section's generated region replaced by that section of the alarm
 * template (as YAML, in CloudFormation's long form: `Ref`, `Fn::If`).
 *
 * @param {string} template the SAM template's text, with the markers
 * @param {{ Parameters?: object, Conditions?: object, Resources?: object }} alarms the generated CloudFormation template
 * @returns {string}
 * @example
 * const { mergeSloAlarms } = require('./scripts/merge-slo-alarms');
 * const text = 'Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n  # >>> slo:Resources\n  # <<< slo:Resources\n';
 * mergeSloAlarms(text, { Resources: { SloAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: {} } } });
 * // 'Resources:\n  Api:\n ...  # >>> slo:Resources\n  SloAlarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {}\n  # <<< slo:Resources\n'
 */
function mergeSloAlarms(template, alarms) {
  let merged = template;
  for (const section of SECTIONS) {
    const region = new RegExp(
      `(^  # >>> slo:${section}\\b[^\\n]*\\n)[\\s\\S]*?(^  # <<< slo:${section}\\b[^\\n]*\\n)`,
      'm',
    );
    if (!region.test(merged)) {
      throw new Error(`The template has no "# >>> slo:${section}" ... "# <<< slo:${section}" region`);
    }
    const body =
      Object.keys(alarms[section] ?? {}).length > 0
        ? indent(YAML.stringify(alarms[section], { lineWidth: 0 }))
        : '';
    merged = merged.replace(region, (_, begin, end) => `${begin}${body}${end}`);
  }
  return merged;
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

module.exports = { mergeSloAlarms, TEMPLATE, ALARMS };

if (require.main === module) {
  const template = fs.readFileSync(TEMPLATE, 'utf8');
  const merged = mergeSloAlarms(template, JSON.parse(fs.readFileSync(ALARMS, 'utf8')));
  if (process.argv.includes('--check')) {
    if (merged !== template) {
      process.stderr.write(
        `${path.relative(process.cwd(), TEMPLATE)} is out of date: run npm run slo -w @faasade/orders-aws\n`,
      );
      process.exit(1);
    }
  } else if (merged !== template) {
    fs.writeFileSync(TEMPLATE, merged);
    process.stdout.write(`merged the SLO alarms into ${path.relative(process.cwd(), TEMPLATE)}\n`);
  }
}
