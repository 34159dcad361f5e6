// Load runs against several Workers in turn (A B C A B C …), so that each sees the same noise
// of a shared machine, with the CPU its workerd process spent on them.
import type { ChildProcess } from 'node:child_process';
import { type Load, type Result, runLoad } from './load';
import { cpuSeconds } from './process-cpu';

export interface Measured {
  result: Result; // requests summed over the rounds; rates and latencies their mean
  cpuPer10k: number; // CPU seconds of the serving process per 10,000 requests
}

export async function measure(targets: [ChildProcess, Load][], rounds: number, seconds: number): Promise<Measured[]> {
  const runs = targets.map(() => ({ results: [] as Result[], cpu: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, [child, load]] of targets.entries()) {
      const before = cpuSeconds(child.pid as number);
      runs[i]?.results.push(await runLoad(load, seconds));
      (runs[i] as { cpu: number }).cpu += cpuSeconds(child.pid as number) - before;
    }
  }
  return runs.map(({ results, cpu }) => {
    const requests = results.reduce((n, r) => n + r.requests, 0);
    const mean = (f: (r: Result) => number) => results.reduce((n, r) => n + f(r), 0) / results.length;
    const result = {
      requests,
      rps: mean((r) => r.rps),
      p50ms: mean((r) => r.p50ms),
      p99ms: mean((r) => r.p99ms),
      non2xx: mean((r) => r.non2xx),
    };
    return { result, cpuPer10k: (cpu / requests) * 10_000 };
  });
}
