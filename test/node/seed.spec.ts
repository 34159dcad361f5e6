// `npm run seed`: all-or-nothing writes to real local KV, and problems named by file and path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedJob } from '../support/fixtures';
import { localKeys, localValue, seed } from './run';

const first = shippedJob('retail-app-created.json');
const tempDir = () => mkdtempSync(join(tmpdir(), 'seed-test-'));
const writeJson = (dir: string, name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe('npm run seed', () => {
  it('seeds fixtures/ by default, and twice leaves the same state', () => {
    const persist = tempDir();
    const once = seed('--persist-to', persist);
    expect(once.status, once.stderr).toBe(0);
    expect(once.stdout).toMatch(/wrote 12 job\(s\) from 12 file\(s\)/);
    const keys = localKeys(persist);
    expect(keys).toHaveLength(12);
    const key = `job:${first.ApplicationId}:${first.Id}`;
    const before = localValue(persist, key);
    expect(JSON.parse(before)).toEqual(first);
    expect(seed('--persist-to', persist).status).toBe(0);
    expect(localKeys(persist)).toEqual(keys);
    expect(localValue(persist, key)).toBe(before);
  });

  it('writes nothing when any fixture is invalid, and names every problem with file, path and reason', () => {
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
    writeJson(dir, 'broken.json', '{');
    writeFileSync(join(dir, 'broken.json'), '{"ApplicationId": ');
    const result = seed('--persist-to', persist, good, bad, join(dir, 'broken.json'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/nothing written/);
    expect(result.stderr).toMatch(/bad\.json: \$\[0\]\.JobStatus: must be one of CREATED/);
    expect(result.stderr).toMatch(/bad\.json: \$\[1\]\.TotalPieces: Invalid type: Expected number but received "eight"/);
    expect(result.stderr).toMatch(/bad\.json: \$\[2\]\.Definition\.RoleArn: is required but missing/);
    expect(result.stderr).toMatch(/bad\.json: \$\[3\]\.JobStatus: is required but missing/);
    expect(result.stderr).toMatch(/bad\.json: \$\[3\]\.Extra: is not a field of ExportJobResponse/);
    expect(result.stderr).toMatch(/broken\.json: \$: not valid JSON/);
    expect(localKeys(persist)).toEqual([]);
  });

  it('refuses two fixtures for the same job', () => {
    const dir = tempDir();
    const result = seed('--check', writeJson(dir, 'a.json', first), writeJson(dir, 'b.json', [first]));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/b\.json: job \w+ of application \w+ is also defined in .*a\.json/);
  });

  it('says how to use it when an option is wrong, and when a path does not exist', () => {
    expect(seed('--nope').stderr).toMatch(/usage: npm run seed/);
    const missing = seed('--check', 'no/such/file.json');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no such fixtures file or folder: no\/such\/file.json/);
  });
});
