import { resolve } from 'node:path';
import { renderSloFiles, sloWarnings } from '@faasade/slo';
import { parseOptions, required } from '../args';
import { GeneratedFilesOutOfDateError } from '../errors';
import type { CliIo } from '../io';
import { loadSloConfig } from './load-config';
import { compareFiles, writeFiles } from './write-files';

export const GENERATE_USAGE = `Usage: faasade slo generate --config <file> --out <dir> [--runbook-url <url>] [--check]

Writes, from the objectives in <file>, into <dir>:
  prometheus/<slo>.rules.yml        recording rules and multiwindow burn-rate alerts
  prometheus/<slo>.rules.test.yml   promtool unit tests (promtool test rules <file>)
  openslo/<service>.openslo.yaml    the objectives as OpenSLO v1
  aws/<service>-slo-alarms.json     CloudWatch alarms (CloudFormation, mergeable into SAM)
  azure/<service>-slo-alerts.json   Azure Monitor log search alert rules (ARM; a Bicep module)
  gcp/<service>-slo-monitoring.json Cloud Monitoring SLOs and alert policies (API)
  gcp/<service>-slo.tf.json         the same as Terraform

Options:
  --config <file>      objectives: a .js/.ts module exporting defineSlos(...), a .json config,
                       or OpenSLO v1 (.yaml, .yml, .json)
  --out <dir>          where to write; files of objectives that no longer exist are removed
  --runbook-url <url>  the runbook template ({service}, {slo}) for configs that have none
  --check              write nothing; exit 1 if <dir> is not what the objectives generate
`;

/** `faasade slo generate`: the rules, their tests and every cloud's alerts, from the objectives. */
export async function generateCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(
    args,
    {
      config: { type: 'string' },
      out: { type: 'string' },
      'runbook-url': { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'slo generate',
  );
  if (options.help) {
    io.stdout(GENERATE_USAGE);
    return 0;
  }
  const config = required(options.config, '--config', 'slo generate');
  const out = resolve(io.cwd, required(options.out, '--out', 'slo generate'));
  const set = await loadSloConfig(config, io.cwd, options['runbook-url']);
  const files = renderSloFiles(set);
  for (const warning of sloWarnings(set)) io.stderr(`warning: ${warning}\n`);

  if (options.check) {
    const { changed, obsolete } = await compareFiles(out, files);
    if (changed.length > 0 || obsolete.length > 0) {
      const list = [
        ...changed.map((path) => `  out of date: ${path}`),
        ...obsolete.map((path) => `  obsolete:    ${path}`),
      ];
      throw new GeneratedFilesOutOfDateError(
        `${options.out} does not match the objectives in ${config}:\n${list.join('\n')}\n` +
          `regenerate with: faasade slo generate --config ${config} --out ${options.out}`,
      );
    }
    io.stdout(`${options.out} is up to date with ${config} (${Object.keys(files).length} files)\n`);
    return 0;
  }
  const { changed, obsolete, unchanged } = await writeFiles(out, files);
  io.stdout(
    `${set.service}: ${set.slos.length} SLO${set.slos.length === 1 ? '' : 's'} → ${options.out} ` +
      `(${changed.length} written, ${unchanged.length} unchanged, ${obsolete.length} removed)\n` +
      `test the alerts with: cd ${options.out}/prometheus && promtool test rules *.rules.test.yml\n`,
  );
  return 0;
}
