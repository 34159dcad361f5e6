import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND, DEFAULT_PORT, parseCliArgs, USAGE } from './cli-args';

describe('parseCliArgs', () => {
  it.each([
    [[], { port: DEFAULT_PORT }], // no fixtures: the sample jobs
    [['--port', '0'], { port: 0 }],
    [['--port', '65535'], { port: 65_535 }],
    [['--port', '00080'], { port: 80 }],
    [['--port=9000', '--host', '0.0.0.0'], { port: 9000, host: '0.0.0.0' }],
    [['--no-fixtures', '--port', '0'], { port: 0, fixtures: [] }],
    [['--fixtures', 'a.json', 'dir', '--persist', 'state'], { port: DEFAULT_PORT, fixtures: ['a.json', 'dir'], persist: 'state' }],
    [['--fixtures=a.json', '--fixtures', 'b.json'], { port: DEFAULT_PORT, fixtures: ['a.json', 'b.json'] }],
    [['--fixtures=a.json', 'b.json'], { port: DEFAULT_PORT, fixtures: ['a.json', 'b.json'] }],
    [['--persist=dir=x', '--host='], { port: DEFAULT_PORT, persist: 'dir=x', host: '' }],
    [['--persist=a\nb'], { port: DEFAULT_PORT, persist: 'a\nb' }],
    [['--port', '1', '--port', '2'], { port: 2 }],
    [['--isolates', '4'], { port: DEFAULT_PORT, isolates: 4 }],
    [['--isolates=16', '--port', '0'], { port: 0, isolates: 16 }],
  ])('reads %j', (argv, options) => {
    expect(parseCliArgs(argv)).toEqual({ options });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--bogus=1'], 'unknown option --bogus'],
    [['-p', '1'], 'unknown option -p'],
    [['--port'], '--port needs a value (N)'],
    [['--port', '--fixtures', 'x'], '--port needs a value (N)'],
    [['--port', '65536'], '--port takes a whole number from 0 to 65535, not "65536"'],
    [['--port', '123456'], '--port takes a whole number from 0 to 65535, not "123456"'],
    [['--port', 'abc'], '--port takes a whole number from 0 to 65535, not "abc"'],
    [['--port', '1e3'], '--port takes a whole number from 0 to 65535, not "1e3"'],
    [['--port', '0x50'], '--port takes a whole number from 0 to 65535, not "0x50"'],
    [['--port', '80.5'], '--port takes a whole number from 0 to 65535, not "80.5"'],
    [['--port', ' 80'], '--port takes a whole number from 0 to 65535, not " 80"'],
    [['--port='], '--port takes a whole number from 0 to 65535, not ""'],
    [['--port', '-1'], '--port needs a value (N)'],
    [['--port', '8080', '9090'], 'unexpected argument "9090"'],
    [['--port=8080', '9090'], 'unexpected argument "9090"'],
    [['--persist', 'a', 'b'], 'unexpected argument "b"'],
    [['fixtures'], 'unexpected argument "fixtures"'],
    [['--fixtures'], '--fixtures needs a value (FILE|DIR ...)'],
    [['--fixtures', 'a.json', '--host'], '--host needs a value (ADDRESS)'],
    [['--persist', '--port', '1'], '--persist needs a value (DIR)'],
    [['--no-fixtures', '--fixtures', 'a'], '--fixtures and --no-fixtures do not go together'],
    [['--fixtures', 'a', '--no-fixtures'], '--fixtures and --no-fixtures do not go together'],
    [['--no-fixtures=yes'], '--no-fixtures takes no value'],
    [['--no-fixtures', 'a'], 'unexpected argument "a"'],
    [['--isolates', '0'], '--isolates takes a whole number from 1 to 16, not "0"'],
    [['--isolates', '17'], '--isolates takes a whole number from 1 to 16, not "17"'],
    [['--isolates', '2.5'], '--isolates takes a whole number from 1 to 16, not "2.5"'],
    [['--isolates'], '--isolates needs a value (N)'],
  ])('refuses %j: %s', (argv, problem) => {
    expect(parseCliArgs(argv)).toEqual({ problem });
  });

  it.each([[['--port', '1', '--help']], [['-h']], [['--help', '--bogus']], [['--port', '-h']]])(
    'answers --help or -h wherever it stands: %j',
    (argv) => {
      expect(parseCliArgs(argv)).toEqual({ help: true });
    },
  );
  it('answers --version or -v wherever it stands, whatever else is given', () => {
    expect(parseCliArgs(['--bogus', '--version'])).toEqual({ version: true });
    expect(parseCliArgs(['-v'])).toEqual({ version: true });
  });
});

describe('USAGE', () => {
  const [synopsis = '', ...lines] = USAGE.split('\n');

  it('names the command the package installs', () => {
    const { bin } = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(bin)).toEqual([COMMAND]);
  });

  it('names the command and, in one synopsis, every option the parser takes with what follows it', () => {
    expect(synopsis).toBe(
      `usage: ${COMMAND} [--port N] [--host ADDRESS] [--fixtures FILE|DIR ...] [--no-fixtures] [--persist DIR] [--isolates N]`,
    );
    for (const [, flag = '', takes = ''] of synopsis.matchAll(/\[(--[a-z]+) ([^\]]+?)(?: \.\.\.)?\]/g)) {
      expect(parseCliArgs([flag]), flag).toEqual({
        problem: `${flag} needs a value (${synopsis.includes(`${flag} ${takes} ...`) ? `${takes} ...` : takes})`,
      });
    }
  });

  it('gives each option, --version and --help a line of its own, its help text in one column', () => {
    expect(lines.map((line) => /^ {2}(--[a-z-]+)/.exec(line)?.[1])).toEqual([
      '--port',
      '--host',
      '--fixtures',
      '--no-fixtures',
      '--persist',
      '--isolates',
      '--version',
      '--help',
    ]);
    const column = (line: string) => /^ {2}\S+(?: \S+)*? {2,}/.exec(line)?.[0].length;
    const columns = new Set(lines.map(column));
    expect([...columns]).toEqual([28]);
    for (const line of lines) expect(line.slice(28), line).toMatch(/^\S.{4,}/);
    expect(lines.at(0)).toContain(`(default ${DEFAULT_PORT})`);
  });
});
