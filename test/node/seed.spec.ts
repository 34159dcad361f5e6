// `npm run seed`: all-or-nothing writes to real local KV, and problems named by file and path.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedJob } from '../support/fixtures';
import { localEntries, seed, wrangler } from './run';
import { tempDirs } from './temp-dirs';

const first = shippedJob('retail-app-created.json');
const tempDir = tempDirs('seed-test');
const writeJson = (dir: string, name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe('npm run seed', () => {
  it('seeds fixtures/ by default where wrangler dev reads it, and twice leaves the same state', async () => {
    const persist = tempDir();
    const once = await seed('--persist-to', persist);
    expect(once.status, once.stderr).toBe(0);
    expect(once.stdout).toMatch(/wrote 12 job\(s\) from 12 file\(s\)/);
    const entries = await localEntries(persist);
    expect(entries).toHaveLength(24); // each job, and its line in the bucket index
    const key = `job:${first.ApplicationId}:${first.Id}`;
    expect(JSON.parse(new Map(entries).get(key) ?? '')).toEqual(first);
    // wrangler reads the local namespace as `wrangler dev` does: the seeder writes the same one.
    const read = await wrangler('kv', 'key', 'get', key, '--binding', 'JOBS', '--local', '--persist-to', persist);
    expect(read.status, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual(first);
    expect((await seed('--persist-to', persist)).status).toBe(0);
    expect(await localEntries(persist)).toEqual(entries);
  });

  it('with --if-changed (npm start’s), skips a seed already there, and writes a changed one, or one whose state was deleted', async () => {
    const persist = tempDir();
    const ifChanged = async (...args: string[]) => (await seed('--persist-to', persist, '--if-changed', ...args)).stdout;
    expect(await ifChanged()).toMatch(/wrote 12 job\(s\)/);
    expect(await ifChanged()).toMatch(/the 12 job\(s\) from 12 file\(s\) are already in local KV, unchanged/);
    const other = { ...first, Id: 'feedfacefeedfacefeedfacefeedface' };
    expect(await ifChanged(writeJson(tempDir(), 'other.json', other))).toMatch(/wrote 1 job\(s\)/);
    expect(new Map(await localEntries(persist)).has(`job:${other.ApplicationId}:${other.Id}`)).toBe(true);
    rmSync(join(persist, 'v3'), { recursive: true, force: true }); // the local state deleted
    expect(await ifChanged()).toMatch(/wrote 12 job\(s\)/);
    expect(await localEntries(persist)).toHaveLength(24); // each job, and its line in the bucket index
  });

  it('writes nothing when any fixture is invalid, and names every problem with file, path and reason', async () => {
    const dir = tempDir();
    const persist = tempDir();
    const { JobStatus: _s, ...noStatus } = first;
    const good = writeJson(dir, 'good.json', first);
    const bad = writeJson(dir, 'bad.json', [
      { ...first, Id: 'job1', JobStatus: 'DONE' },
      { ...first, Id: 'job2', TotalPieces: 'eight' },
      { ...first, Id: 'job3', Definition: { S3UrlPrefix: 's3://bucket/prefix/' } },
      { ...noStatus, Id: 'job4', Extra: true },
    ]);
    writeFileSync(join(dir, 'broken.json'), '{"ApplicationId": ');
    const result = await seed('--persist-to', persist, good, bad, join(dir, 'broken.json'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/nothing written/);
    expect(result.stderr).toMatch(/bad\.json: \$\[0\]\.JobStatus: must be one of CREATED/);
    expect(result.stderr).toMatch(/bad\.json: \$\[1\]\.TotalPieces: Invalid type: Expected number but received "eight"/);
    expect(result.stderr).toMatch(/bad\.json: \$\[2\]\.Definition\.RoleArn: is required but missing/);
    expect(result.stderr).toMatch(/bad\.json: \$\[3\]\.JobStatus: is required but missing/);
    expect(result.stderr).toMatch(/bad\.json: \$\[3\]\.Extra: is not a field of ExportJobResponse/);
    expect(result.stderr).toMatch(/broken\.json: \$: not valid JSON/);
    expect(await localEntries(persist)).toEqual([]);
  });

  it('refuses two fixtures for the same job', async () => {
    const dir = tempDir();
    const result = await seed('--check', writeJson(dir, 'a.json', first), writeJson(dir, 'b.json', [first]));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/b\.json: job \w+ of application \w+ is also defined in .*a\.json/);
  });

  it('answers --help, says how to use it when an option is wrong, and names a path that does not exist', async () => {
    const help = await seed('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run seed -- /);
    expect(help.stdout).toMatch(/--persist-to DIR .*default: \.wrangler\/state/);
    const wrong = await seed('--nope');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown or incomplete option --nope\nusage: npm run seed/);
    const missing = await seed('--check', 'no/such/file.json');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no such fixtures file or folder: no\/such\/file.json/);
  });
});
