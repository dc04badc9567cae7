import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availability, defineSlos, toOpenSloYaml } from '@faasade/slo';
import { cli, tempDir } from './support';

const config = {
  service: 'shop',
  runbookUrl: 'https://runbooks.acme.dev/{service}#{slo}',
  functions: ['checkout', 'listItems'],
  slos: {
    checkout: [{ kind: 'availability', objective: 0.999 }],
    '*': [{ kind: 'coldStarts', objective: 0.95 }],
  },
};

function writeConfig(name: string, content: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), content);
  return dir;
}

const EXPECTED_FILES = [
  'prometheus/checkout-availability.rules.yml',
  'prometheus/checkout-availability.rules.test.yml',
  'prometheus/all-cold-starts.rules.yml',
  'prometheus/all-cold-starts.rules.test.yml',
  'openslo/shop.openslo.yaml',
  'aws/shop-slo-alarms.json',
  'azure/shop-slo-alerts.json',
  'gcp/shop-slo-monitoring.json',
  'gcp/shop-slo.tf.json',
];

describe('faasade slo generate', () => {
  it('writes the rules, their promtool tests, OpenSLO and every cloud’s alerts from a JSON config', async () => {
    const dir = writeConfig('slos.json', JSON.stringify(config));
    const { code, stdout, stderr } = await cli(
      ['slo', 'generate', '--config', 'slos.json', '--out', 'generated'],
      dir,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      'shop: 2 SLOs → generated (9 written, 0 unchanged, 0 removed)\n' +
        'test the alerts with: cd generated/prometheus && promtool test rules *.rules.test.yml\n',
    );
    for (const file of EXPECTED_FILES) expect(existsSync(join(dir, 'generated', file))).toBe(true);
  });

  it('reads a JavaScript module that exports defineSlos(...)', async () => {
    const module = [
      "const { availability, coldStarts, defineSlos } = require('@faasade/slo');",
      'module.exports = defineSlos({',
      `  ...${JSON.stringify({ ...config, slos: undefined })},`,
      "  slos: { checkout: [availability(0.999)], '*': [coldStarts({ objective: 0.95 })] },",
      '});',
    ].join('\n');
    const dir = writeConfig('slos.js', module);
    expect(await cli(['slo', 'generate', '--config', 'slos.js', '--out', 'out'], dir)).toMatchObject({
      code: 0,
      stderr: '',
    });
    const fromJson = writeConfig('slos.json', JSON.stringify(config));
    await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], fromJson);
    for (const file of EXPECTED_FILES) {
      expect(readFileSync(join(dir, 'out', file), 'utf8')).toBe(
        readFileSync(join(fromJson, 'out', file), 'utf8'),
      );
    }
  });

  it('reads OpenSLO YAML, taking the runbook from the command line when the file has none', async () => {
    const openslo = toOpenSloYaml(
      defineSlos({ ...config, slos: { checkout: [availability(0.999)] } } as never),
    ).replace(/\n {4}faasade\.dev\/runbook-url: .*/g, '');
    const dir = writeConfig('slos.yaml', openslo);
    const without = await cli(['slo', 'generate', '--config', 'slos.yaml', '--out', 'out'], dir);
    expect(without).toMatchObject({ code: 2, stderr: expect.stringMatching(/^faasade: .*has no runbook/) });
    const { code } = await cli(
      [
        'slo',
        'generate',
        '--config',
        'slos.yaml',
        '--out',
        'out',
        '--runbook-url',
        'https://wiki.acme.dev/{slo}',
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out/prometheus/checkout-availability.rules.yml'), 'utf8')).toContain(
      'runbook_url: https://wiki.acme.dev/checkout-availability',
    );
  });

  it('removes the files of an objective that no longer exists, and leaves other files alone', async () => {
    const dir = writeConfig('slos.json', JSON.stringify(config));
    await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], dir);
    writeFileSync(join(dir, 'out/prometheus/notes.md'), 'kept');
    writeFileSync(
      join(dir, 'slos.json'),
      JSON.stringify({ ...config, slos: { checkout: config.slos.checkout } }),
    );
    const { stdout } = await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], dir);
    expect(stdout).toContain('shop: 1 SLO → out (5 written, 2 unchanged, 2 removed)');
    expect(existsSync(join(dir, 'out/prometheus/all-cold-starts.rules.yml'))).toBe(false);
    expect(existsSync(join(dir, 'out/prometheus/notes.md'))).toBe(true);
  });

  it('checks, with --check, that the output is up to date, and exits 1 naming what is not', async () => {
    const dir = writeConfig('slos.json', JSON.stringify(config));
    await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], dir);
    expect(await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out', '--check'], dir)).toEqual({
      code: 0,
      stdout: 'out is up to date with slos.json (9 files)\n',
      stderr: '',
    });
    writeFileSync(
      join(dir, 'slos.json'),
      JSON.stringify({
        ...config,
        slos: { ...config.slos, checkout: [{ kind: 'availability', objective: 0.99 }] },
      }),
    );
    const stale = await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out', '--check'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      'faasade: out does not match the objectives in slos.json:\n  out of date: prometheus/checkout-availability.rules.yml\n',
    );
    expect(stale.stderr).toContain('regenerate with: faasade slo generate --config slos.json --out out\n');
  });

  it('warns about alerts an objective makes unreachable', async () => {
    const dir = writeConfig(
      'slos.json',
      JSON.stringify({ ...config, slos: { checkout: [{ kind: 'availability', objective: 0.9 }] } }),
    );
    const { code, stderr } = await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], dir);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'warning: checkout-availability: the page alert over 1h needs an error ratio of 14.4x 10% = 144%, so it cannot ' +
        'fire; a higher objective or a longer window would make it reachable\n',
    );
  });
});

describe('faasade slo generate with bad input', () => {
  it.each([
    [['--out', 'out'], 'slo generate: --config is required'],
    [['--config', 'slos.json'], 'slo generate: --out is required'],
    [
      ['--config', 'missing.json', '--out', 'out'],
      /^the config missing.json does not exist \(looked for .*missing.json\)$/,
    ],
    [
      ['--config', 'slos.toml', '--out', 'out'],
      'slos.toml: a config is a .js, .cjs, .mjs or .ts module, a .json config, or OpenSLO as .yaml, .yml or .json',
    ],
    [['--config', 'slos.json', '--out', 'out', 'extra'], /^slo generate: unexpected argument 'extra'/],
  ])('exits 2 with a one-line message for %j', async (args, message) => {
    const dir = writeConfig('slos.json', JSON.stringify(config));
    writeFileSync(join(dir, 'slos.toml'), '');
    const { code, stdout, stderr } = await cli(['slo', 'generate', ...(args as string[])], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.replace(/^faasade: /, '').trimEnd()).toMatch(
      typeof message === 'string'
        ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : message,
    );
  });

  it('exits 2 naming the objective that is wrong', async () => {
    const dir = writeConfig(
      'slos.json',
      JSON.stringify({
        ...config,
        slos: { checkout: [{ kind: 'latency', under: '300ms', objective: 0.99 }] },
      }),
    );
    const { code, stderr } = await cli(['slo', 'generate', '--config', 'slos.json', '--out', 'out'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^faasade: slos\["checkout"\]\[0\] threshold 300ms is not a bucket boundary .* use one of 5ms, .*, 10s\n$/,
    );
  });

  it('exits 2 when a config module fails to load, without its stack', async () => {
    const dir = writeConfig('slos.js', 'module.exports = {;');
    const { code, stderr } = await cli(['slo', 'generate', '--config', 'slos.js', '--out', 'out'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^faasade: the config slos.js failed to load: .+\n$/);
  });
});

describe('faasade', () => {
  it('prints its usage with --help, and exits 2 on an unknown command', async () => {
    expect(await cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('slo generate') });
    expect(await cli(['deploy'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^faasade: unknown command "deploy"/),
    });
    expect(await cli(['slo', 'fix'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'faasade: unknown command "slo fix": use slo generate or slo budget\n',
    });
    expect(await cli(['slo', 'budget', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('--burn-window'),
    });
  });

  it('prints its version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
