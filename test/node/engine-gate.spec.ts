// The engine's gate (node/workers/gate.ts): the Worker listens from workerd's first start, and
// a request that reaches it while the fixtures are still going in waits for them, then gets
// them; without the gate it would be answered at once, with a 404.
import { expect, it } from 'vitest';
import { type Control, startEngine } from '../../node/engine';
import { planSources } from '../../node/fixtures';
import { freePort } from '../../scripts/loopback';
import { shippedJob } from '../support/fixtures';
import { tempDirs } from './temp-dirs';

const tempDir = tempDirs('engine-gate');
const HELD_MS = 300; // how long the early request must stay unanswered: far longer than a 404 takes

it('holds a request that arrives before the fixtures are in until they are, and answers it with them', async () => {
  const job = shippedJob('retail-app-completed.json');
  const { entries } = planSources([job]);
  const port = await freePort();
  let early: Promise<Response> | undefined;
  const prepare = async (control: Control) => {
    early = fetch(`http://127.0.0.1:${port}/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`);
    const first = await Promise.race([early.then(() => 'answered'), new Promise((resolve) => setTimeout(resolve, HELD_MS, 'held'))]);
    expect(first).toBe('held');
    await control('put', { entries });
  };
  const engine = await startEngine({ host: '127.0.0.1', port, persistRoot: tempDir(), log: false }, prepare);
  try {
    const answer = await (early as Promise<Response>);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(job);
  } finally {
    await engine.dispose();
  }
});
