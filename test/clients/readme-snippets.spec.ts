// Every fenced code block of README.md and docs/*.md runs here as written, against the running
// sandbox of this project, so that the docs cannot drift from what the sandbox does. The one
// change made to a block: the sandbox's documented origin (http://localhost:8787, or
// http://127.0.0.1:8787) becomes the running sandbox's URL. A block runs by its language: sh
// with bash (-e, -o pipefail), ts and js with tsx (and all of them through a strict tsc),
// python with a Python that has boto3. An ```http block is the output of the block before it,
// and is checked against it. Each must exit 0, and print what the docs say it prints where
// they say so (PRINTS). A block that cannot run is listed in SKIPPED with its reason; any other
// block, a new one included, runs.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TSC } from '../../scripts/declarations.mjs';
import { type Run, runProcess } from '../support/run-process';
import { sandboxUrl } from './pinpoint';
import { PYTHON_ENV, python } from './python';

interface Block {
  file: string;
  line: number; // of the opening fence
  lang: string;
  code: string;
}

const DOCS = ['README.md', ...readdirSync('docs').map((name) => `docs/${name}`)].filter((path) => path.endsWith('.md'));

const blocksOf = (file: string): Block[] => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    file,
    line: text.slice(0, m.index).split('\n').length,
    lang: m[1] as string,
    code: m[2] as string,
  }));
};
const BLOCKS = DOCS.flatMap(blocksOf);
const nameOf = (b: Block) => `${b.file}:${b.line} (${b.lang || 'no language'}): ${b.code.split('\n')[0]?.slice(0, 60)}`;

/** The blocks that do not run, each found by its file and a text it contains, and why. */
const SKIPPED: { file: string; contains: string; reason: string }[] = [
  { file: 'README.md', contains: 'npm ci && npm start', reason: 'installs the project and starts a server that runs until stopped' },
  { file: 'README.md', contains: 'npm pack ', reason: 'packs and installs the package: test/node/package.spec.ts does both' },
  {
    file: 'README.md',
    contains: 'npx pinpoint-export-job-sandbox [--port N]',
    reason: 'a synopsis, and a server that runs until stopped: test/node/package.spec.ts runs the installed CLI',
  },
  {
    file: 'README.md',
    contains: 'sandbox.seed([job])',
    reason: "the package's API, with placeholders (…); test/node/package.spec.ts runs it",
  },
  {
    file: 'README.md',
    contains: '// test/global-setup.ts',
    reason: 'a file of examples/client-app, shown as it is (test/node/docs.spec.ts); its tests run it',
  },
  {
    file: 'README.md',
    contains: '// test/jest/sandbox-up.mjs',
    reason: 'files of examples/client-app, shown as they are (test/node/docs.spec.ts); its npm run test:jest runs them',
  },
  {
    file: 'README.md',
    contains: 'withHarness(client,',
    reason: "lines of a client app's test, with its client and input; test/clients/aws-sdk.spec.ts runs the helpers",
  },
  {
    file: 'README.md',
    contains: 'withS3Harness(s3,',
    reason:
      "lines of a client app's test, with its sandbox and input; node/aws-sdk.spec.ts and test/clients/s3-sdk.spec.ts run the helpers",
  },
  { file: 'README.md', contains: 'runs-on: ubuntu-latest', reason: 'a GitHub Actions workflow' },
  {
    file: 'README.md',
    contains: 'pip install pinpoint-export-sandbox',
    reason: 'installs from the registries; test/node/python-plugin.spec.ts installs the packed package and the plugin',
  },
  {
    file: 'README.md',
    contains: 'def test_export_reaches_s3(pinpoint_tenant)',
    reason: 'a pytest test with the plugin’s fixtures: test/node/python-plugin.spec.ts runs it with pytest, as written',
  },
  {
    file: 'README.md',
    contains: 'npx wrangler login',
    reason: 'deploys to a Cloudflare account, over the network (its dry run: test/node/deploy.spec.ts)',
  },
  {
    file: 'README.md',
    contains: 'await sandbox.requests(',
    reason: "the package's API on a sandbox it started; test/node/package-api.spec.ts runs the journal with every filter",
  },
  {
    file: 'docs/deploy.md',
    contains: 'npx wrangler login',
    reason: 'deploys to a Cloudflare account, over the network (its dry run: test/node/deploy.spec.ts)',
  },
  { file: 'docs/deploy.md', contains: 'npx wrangler secret put', reason: 'deploys to a Cloudflare account, over the network' },
  {
    file: 'README.md',
    contains: '"$schema": "./endpoints.schema.json"',
    reason: 'an endpoints fixture: test/node/docs.spec.ts checks it against its schema and seeds it',
  },
  {
    file: 'docs/fixtures.md',
    contains: '"$schema": "./endpoints.schema.json"',
    reason: 'an endpoints fixture: test/node/docs.spec.ts checks it against its schema and seeds it',
  },
  {
    file: 'docs/fixtures.md',
    contains: "startSandbox({ fixtures: ['test/fixtures'] })",
    reason: "the package's API, on a client app's folder; test/node/package-api.spec.ts seeds endpoints fixtures through it",
  },
  {
    file: 'docs/fixtures.md',
    contains: 'npx pinpoint-export-job-sandbox --fixtures',
    reason: 'a server that runs until stopped, on a client app’s folder: test/node/package-cli.spec.ts runs the installed CLI',
  },
  {
    file: 'docs/fixtures.md',
    contains: 'npm run seed',
    reason: "seeds this checkout's local KV and names example folders: test/node/seed.spec.ts runs the seeder",
  },
];
const skipOf = (b: Block) => SKIPPED.find((s) => s.file === b.file && b.code.includes(s.contains));

/** Languages that are what a command printed, not code: ```http is checked against the block
 *  before it; ```text (a dry run's or the bench's output) is shown as measured, and checked by
 *  the spec of its command (test/node/deploy.spec.ts, docs.spec.ts). */
const OUTPUT = new Set(['http', 'text']);

/** The origin the docs show, as the one substitution. */
const withSandbox = (code: string) => code.replaceAll(/http:\/\/(?:localhost|127\.0\.0\.1):8787/g, sandboxUrl());

const work = mkdtempSync(join(tmpdir(), 'readme-snippets-'));
const modules = resolve('node_modules/.cache/readme-snippets'); // under the project, so that imports resolve to its packages
mkdirSync(modules, { recursive: true });
afterAll(() => {
  for (const dir of [work, modules]) rmSync(dir, { recursive: true, force: true });
});

const run = (command: string, args: string[], env?: NodeJS.ProcessEnv, cwd = work): Promise<Run> =>
  runProcess(command, args, { cwd, env, timeoutMs: 100_000 });

/** A ts or js block that uses `pinpoint` without making it is run after the block that makes it. */
const CLIENT = BLOCKS.find((b) => b.lang === 'ts' && b.code.includes('const pinpoint = new PinpointClient('));

/** Writes `block` as a module under `modules`, with what it assumes made for it, and gives its path. */
function moduleOf(block: Block): string {
  const name = `${block.file.replace(/\W/g, '-')}-${block.line}`;
  const lines = [];
  if (CLIENT && block !== CLIENT && /\bpinpoint\b/.test(block.code) && !block.code.includes('const pinpoint')) {
    writeFileSync(
      join(modules, `${name}-client.mts`),
      `${withSandbox(CLIENT.code)}\n(globalThis as Record<string, unknown>).pinpoint = pinpoint;\n`,
    );
    lines.push(`import './${name}-client.mts';`, 'const pinpoint = (globalThis as Record<string, unknown>).pinpoint as PinpointClient;');
    if (!block.code.includes('PinpointClient')) lines.unshift("import type { PinpointClient } from '@aws-sdk/client-pinpoint';");
  }
  if (/\bexpect\(/.test(block.code) && !block.code.includes('import { expect')) lines.unshift("import { expect } from 'vitest';"); // a test's body
  const file = join(modules, `${name}.mts`); // .mts: ESM (top-level await) though under node_modules, where package.json's type does not reach
  writeFileSync(file, `${lines.join('\n')}\n${withSandbox(block.code)}`);
  return file;
}
const typescript = (block: Block): Promise<Run> => run(process.execPath, ['--import', 'tsx', moduleOf(block)], undefined, modules); // tsx and the imports resolve from there

/** tsc's options for the blocks: an app's strict settings; the modules import the client's with its extension. */
const STRICT_APP = [
  '--noEmit',
  '--strict',
  '--target',
  'es2022',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  '--allowImportingTsExtensions',
  '--skipLibCheck',
  '--types',
  'node',
];

const RUNNERS: Record<string, (block: Block) => Promise<Run>> = {
  sh: (block) => run('bash', ['-e', '-o', 'pipefail', '-c', withSandbox(block.code)]),
  ts: typescript,
  js: typescript,
  python: (block) => run(python as string, ['-c', withSandbox(block.code)], PYTHON_ENV),
};
RUNNERS.bash = RUNNERS.sh as (block: Block) => Promise<Run>;

/** The statuses of the answers `curl -i` printed. */
const statuses = (out: string) => [...out.matchAll(/HTTP\/[\d.]+ (\d{3}) /g)].map((m) => Number(m[1])); // a body ends with no newline: the next status line follows it
/** The JSON objects printed one after another, as `curl -s` prints bodies (with no newline between). */
function jsonValues(out: string): Record<string, unknown>[] {
  const values: Record<string, unknown>[] = [];
  let [depth, start, inString, escaped] = [0, -1, false, false];
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) [escaped, inString] = [!escaped && c === '\\', escaped || c !== '"'];
    else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) values.push(JSON.parse(out.slice(start, i + 1)));
  }
  return values;
}

/** What a block prints, where the docs say so, found by a text the block contains. */
const PRINTS: { contains: string; check: (stdout: string) => void }[] = [
  { contains: 'new ListObjectsV2Command({ Bucket, Prefix })', check: (out) => expect(out.trim()).toBe('8 objects, 10000 endpoints') },
  {
    contains: "grep -o '<Key>[^<]*</Key>'",
    check: (out) => {
      const [first, second, line] = out.trim().split('\n');
      expect([first, second]).toEqual(
        [0, 1].map((i) => `<Key>segments/cfa7ad9a/completed/aa8fb77e57d1ca18d593e909729871fe/part-0000${i}.gz</Key>`),
      );
      expect(line).toMatch(/^\{"/);
    },
  },
  {
    contains: 'x-mock-progression: duration=5; outcome=FAILED',
    check: (out) => {
      const [created, polled, listed] = jsonValues(out);
      expect(created).toMatchObject({ ApplicationId: 'a1fb24b2eae293674407a7f03207134c', JobStatus: 'CREATED', Type: 'EXPORT' });
      expect(created?.Id).toMatch(/^[0-9a-f]{32}$/);
      expect(polled).toMatchObject({ Id: created?.Id });
      expect(['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'FAILING', 'FAILED']).toContain(polled?.JobStatus);
      expect(listed?.Item).toHaveLength(5);
      expect(listed?.NextToken).toEqual(expect.any(String));
    },
  },
  {
    contains: "x-mock-error: TooManyRequestsException' -H 'x-mock-error-message: Slow down'",
    check: (out) => {
      const seen = statuses(out);
      expect(seen).toEqual([429, 500, 200, seen[3] === 500 ? 500 : 200, 200, 200, 200]); // the seeded rate may or may not fire
      expect(out).toContain('{"RequestID":');
      expect(out).toContain('"Message":"Slow down"');
      expect(out).toMatch(/^x-mock-applied: error=503 skipped; attempt=3\/2\r?$/m); // "# 200"
      expect(out).toMatch(/^x-mock-applied: now=2026-11-01T00:04:00.000Z; progression=PROCESSING 40%\r?$/m);
    },
  },
  {
    contains: 'SIGN=(--aws-sigv4',
    check: (out) => {
      const [requests, defaults, reset] = jsonValues(out);
      expect(requests).toEqual({ entries: expect.any(Array), evicted: 0 });
      expect(defaults).toEqual({ durationS: 3, outcome: 'FAILED' });
      expect(reset).toEqual({ reset: true, tenant: 'AKIDEXAMPLE/us-east-1' });
    },
  },
];

/** An ```http block shows what the block before it prints: its status line, its headers (each
 *  value as shown, but x-amzn-RequestId, fresh per response), and its body, "…" eliding. */
function checkShown(out: string, shown: Block) {
  const [head = '', body = ''] = shown.code.split(/\n\n/);
  const [status, ...headers] = head.split('\n').filter((line) => line !== '…');
  expect(out.split('\n')[0]?.trim()).toBe(status);
  for (const header of headers) {
    const [name = '', value = ''] = header.split(/:\s*/, 2);
    const actual = new RegExp(`^${name}:\\s*(.*?)\\r?$`, 'im').exec(out)?.[1];
    if (name.toLowerCase() === 'x-amzn-requestid') expect(actual, header).toMatch(/^[0-9a-f-]{36}$/);
    else expect(actual, header).toBe(value);
  }
  const printed = out.slice(out.search(/\r?\n\r?\n/)).trim();
  let at = 0;
  for (const part of body.trim().split('…').filter(Boolean)) {
    const found = printed.indexOf(part, at);
    expect(found, `the body shows ${part}`).toBeGreaterThanOrEqual(0);
    at = found + part.length;
  }
}

describe('the docs’ code blocks', () => {
  it('are each run below, or skipped with a reason, and each skip still names one block', () => {
    for (const skip of SKIPPED)
      expect(
        BLOCKS.filter((b) => b.file === skip.file && b.code.includes(skip.contains)),
        skip.contains,
      ).toHaveLength(1);
    for (const block of BLOCKS) {
      if (skipOf(block) || OUTPUT.has(block.lang)) continue;
      expect(Object.keys(RUNNERS), `${nameOf(block)}: run it (a runner for ${block.lang}) or list it in SKIPPED`).toContain(block.lang);
    }
    for (const [i, block] of BLOCKS.entries()) {
      if (block.lang === 'http')
        expect(RUNNERS[BLOCKS[i - 1]?.lang ?? ''], `${nameOf(block)} follows the block whose output it shows`).toBeDefined();
    }
    for (const prints of PRINTS)
      expect(
        BLOCKS.filter((b) => b.code.includes(prints.contains)),
        prints.contains,
      ).toHaveLength(1);
  });

  // tsx runs a block without checking its types; a user pastes it into an app that tsc checks.
  it('in TypeScript type-check as they are, in a strict app on NodeNext', { timeout: 120_000 }, async () => {
    const files = BLOCKS.filter((b) => RUNNERS[b.lang] === typescript && !skipOf(b)).map(moduleOf);
    expect(files.length).toBeGreaterThan(3);
    const { status, stdout } = await run(process.execPath, [TSC, ...STRICT_APP, ...files], undefined, modules);
    expect(status, stdout).toBe(0);
  });

  for (const [i, block] of BLOCKS.entries()) {
    const skip = skipOf(block);
    if (OUTPUT.has(block.lang)) continue; // what a command printed; an http block is checked with the block before it
    const noPython = block.lang === 'python' && !python;
    it.skipIf(Boolean(skip) || noPython)(`${nameOf(block)}${skip ? ` — skipped: ${skip.reason}` : ''}`, { timeout: 120_000 }, async () => {
      const result = await (RUNNERS[block.lang] as (b: Block) => Promise<Run>)(block);
      expect(result.status, `${nameOf(block)} exited ${result.status}:\n${result.stderr}\n${result.stdout}`).toBe(0);
      for (const prints of PRINTS.filter((p) => block.code.includes(p.contains))) prints.check(result.stdout);
      const shown = BLOCKS[i + 1];
      if (shown?.lang === 'http') checkShown(result.stdout, shown);
    });
  }
});
