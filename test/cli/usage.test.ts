import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('nas-studio help and usage errors', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['search', 'derive', 'inspect']) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(r.stderr).toBe('');
  });

  it('each command has its own --help', async () => {
    const r = await runCli(['search', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: nas-studio search/);
    for (const flag of ['--preset NAME', '--config FILE', '--epochs N', '--backend B', '--out DIR', '--seed N', '--data-root DIR', '--resume DIR', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('no command is a usage error (exit 2) that shows the usage on stderr', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: nas-studio <command>');
  });

  it.each([
    [['train'], /^nas-studio: unknown command 'train'/],
    [['derive', '--alphas'], /^nas-studio: Option '--alphas <value>' argument missing/],
    [['inspect', '--space', 'darts', '--bogus'], /^nas-studio: Unknown option '--bogus'/],
    [['inspect', '--space', 'darts', '--genotype', 'DARTS_V2'], /^nas-studio: give exactly one of --space, --genotype\n$/],
    [['inspect', '--space', 'darts', '--channels', 'many'], /^nas-studio: --channels must be an integer ≥ 1, got 'many'\n$/],
  ])('%j fails with exit 2 and one line on stderr', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
