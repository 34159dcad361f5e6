import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it.each([
    [[], { port: DEFAULT_PORT }], // no fixtures: the sample jobs
    [['--port', '0'], { port: 0 }],
    [['--port=9000', '--host', '0.0.0.0'], { port: 9000, host: '0.0.0.0' }],
    [['--no-fixtures', '--port', '0'], { port: 0, fixtures: [] }],
    [['--fixtures', 'a.json', 'dir', '--persist', 'state'], { port: DEFAULT_PORT, fixtures: ['a.json', 'dir'], persist: 'state' }],
    [['--fixtures=a.json', '--fixtures', 'b.json'], { port: DEFAULT_PORT, fixtures: ['a.json', 'b.json'] }],
  ])('reads %j', (argv, options) => {
    expect(parseCliArgs(argv)).toEqual({ options });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-p', '1'], 'unknown option -p'],
    [['--port'], '--port needs a value (N)'],
    [['--port', '--fixtures', 'x'], '--port needs a value (N)'],
    [['--port', '65536'], '--port takes a whole number from 0 to 65535, not "65536"'],
    [['--port', '-1'], '--port needs a value (N)'],
    [['--port', '8080', '9090'], 'unexpected argument "9090"'],
    [['--persist', 'a', 'b'], 'unexpected argument "b"'],
    [['fixtures'], 'unexpected argument "fixtures"'],
    [['--fixtures'], '--fixtures needs a value (FILE|DIR ...)'],
    [['--no-fixtures', '--fixtures', 'a'], '--fixtures and --no-fixtures do not go together'],
    [['--fixtures', 'a', '--no-fixtures'], '--fixtures and --no-fixtures do not go together'],
    [['--no-fixtures=yes'], '--no-fixtures takes no value'],
    [['--no-fixtures', 'a'], 'unexpected argument "a"'],
  ])('refuses %j: %s', (argv, problem) => {
    expect(parseCliArgs(argv)).toEqual({ problem });
  });

  it('answers --help and --version wherever they stand, whatever else is given', () => {
    expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ help: true });
    expect(parseCliArgs(['--bogus', '--version'])).toEqual({ version: true });
    expect(parseCliArgs(['-v'])).toEqual({ version: true });
  });
});
