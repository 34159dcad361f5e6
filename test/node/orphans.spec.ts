// A test runner killed outright (SIGKILL, as a CI timeout does) leaves no server behind: the
// package's runtime (startSandbox), its CLI, and wrangler dev each stop once their runner is gone.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { TSX } from '../../scripts/tools';
import { type InstalledPackage, installedPackage } from './installed-package';
import { tempDirs } from './temp-dirs';

interface Started {
  urls: string[];
  pids: number[];
  groups: number[];
}

const answers = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  );

const tempDir = tempDirs('orphans');
let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installedPackage();
});

it('stops every server a killed runner started: startSandbox’s runtime, the CLI, the CLI through npx, wrangler dev', async () => {
  const { packageDir, bin } = pkg;
  const [node, ...tsx] = TSX;
  // A killed process cleans nothing up: what Miniflare keeps in TMPDIR goes with this folder.
  const scratch = tempDir();
  const runner = spawn(node, [...tsx, 'test/node/orphan-runner.ts', join(packageDir, 'dist', 'index.js'), bin], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TMPDIR: scratch },
  });
  onTestFinished(() => {
    runner.kill('SIGKILL'); // when the test failed before it killed the runner itself
  });
  const started = await new Promise<Started>((resolve, reject) => {
    let output = '';
    runner.stdout?.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Started);
    });
    runner.once('exit', (code) => reject(new Error(`the runner exited with ${code}: ${output}`)));
  });
  // Whatever is left when the test fails, or times out: this test started it.
  onTestFinished(() => {
    for (const target of [...started.pids, ...started.groups.map((g) => -g)])
      try {
        process.kill(target, 'SIGKILL');
      } catch {} // gone, as it should be
  });
  for (const url of started.urls) expect(await answers(url), url).toBe(true);
  runner.kill('SIGKILL');
  // Each goes within a moment; on a busy machine, a longer one: only the test's timeout ends the wait.
  for (let left = started.urls; left.length > 0; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = (await Promise.all(left.map(async (url) => ((await answers(url)) ? [url] : [])))).flat();
  }
}, 180_000);
