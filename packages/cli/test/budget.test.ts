import { cli } from './support';

describe('faasade slo budget from counts', () => {
  it('prints the budget left and the time to exhaustion at the burn rate of the last hour', async () => {
    const { code, stdout, stderr } = await cli([
      'slo',
      'budget',
      '--objective',
      '0.999',
      '--window',
      '30d',
      '--total',
      '1000000',
      '--bad',
      '250',
      '--burn-window',
      '1h',
      '--burn-total',
      '2000',
      '--burn-bad',
      '6',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        'SLO           99.9% over 30d',
        'error budget  0.1% of events: 1000 of 1000000 may be bad',
        'spent         250 bad events, 25% of the budget',
        'left          750 bad events, 75% of the budget',
        'burn rate     3x over the last 1h (6 bad of 2000)',
        'exhaustion    in 7d 12h at the current burn rate',
        '',
      ].join('\n'),
    );
  });

  it("falls back to the window's average burn rate, and says so", async () => {
    const { stdout } = await cli([
      'slo',
      'budget',
      '--objective',
      '0.99',
      '--window',
      '7d',
      '--total',
      '10000',
      '--bad',
      '50',
    ]);
    expect(stdout).toContain('burn rate     0.5x 7d average');
    expect(stdout).toContain('exhaustion    in 7d at the 7d average burn rate');
  });

  it('says when the budget is already spent', async () => {
    const { stdout } = await cli(['slo', 'budget', '--objective', '0.999', '--total', '1000', '--bad', '5']);
    expect(stdout).toContain('left          -4 bad events, -400% of the budget');
    expect(stdout).toContain('exhaustion    now: the budget is spent, the objective is missed');
  });

  it('prints JSON for scripts, with a time to exhaustion in seconds', async () => {
    const { stdout } = await cli([
      'slo',
      'budget',
      '--objective',
      '0.999',
      '--total',
      '1000000',
      '--bad',
      '500',
      '--burn-total',
      '1000',
      '--burn-bad',
      '2',
      '--json',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      objective: 0.999,
      window: '30d',
      budgetRatio: 0.001,
      remainingFraction: 0.5,
      burnRate: 2,
      burnWindow: '1h',
      secondsToExhaustion: 648_000,
      remainingBad: 500,
    });
  });
});

describe('faasade slo budget with bad arguments', () => {
  it.each([
    [
      ['--objective', '0.999', '--totl', '5'],
      "slo budget: unknown option '--totl' (see faasade slo budget --help)",
    ],
    [['--total', '5', '--bad', '1'], 'slo budget: --objective is required'],
    [
      ['--objective', '0.999', '--total', 'many', '--bad', '1'],
      'slo budget: --total must be a count of events (0 or more), got "many"',
    ],
    [
      ['--objective', '99.9', '--total', '10', '--bad', '1'],
      'objective must be a share between 0 and 1 exclusive, such as 0.999 for 99.9%; got 99.9 (did you mean 0.999?)',
    ],
    [
      ['--objective', '0.999', '--window', '14d', '--total', '10', '--bad', '1'],
      '--window "14d" is not supported: use a rolling window of 30d, 28d, 7d',
    ],
    [
      ['--objective', '0.999', '--total', '10', '--bad', '11'],
      'the window has more bad events (11) than events in total (10)',
    ],
    [
      ['--objective', '0.999', '--total', '10', '--bad', '1', '--burn-window', '1h'],
      'slo budget: --burn-window needs --burn-total and --burn-bad',
    ],
    [
      ['--objective', '0.999', '--total', '10', '--bad', '1', '--burn-total', '5'],
      'slo budget: --burn-bad is required',
    ],
    [
      ['--prometheus', 'http://127.0.0.1:9090', '--slo', 'x', '--total', '5'],
      'slo budget: --total counts cannot be combined with --prometheus',
    ],
    [['--prometheus', 'http://127.0.0.1:9090'], 'slo budget: --slo is required'],
  ])('exits 2 with a one-line message for %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(['slo', 'budget', ...args]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `faasade: ${message}\n` });
  });
});
