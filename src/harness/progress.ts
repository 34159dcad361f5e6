// Applies x-mock-progression (and x-mock-now) to a job, as the JSON to serve. A client polling
// a progression mostly finds it at the stage it saw last (counters move in whole steps), so
// the JSON last built for each progression is kept, and reused while the job object and the
// stage are the same. Progressions are the parsed, remembered header values (parse.ts).
import type { ExportJobResponse } from '../jobs/schema';
import { jobAtStage, type Stage, stageAt } from './lifecycle';
import type { Life, Progression } from './progression-header';

/** The JSON to serve, or null when the job does not exist yet at that instant; and what was applied. */
export interface Progressed {
  json: string | null;
  applied: readonly string[]; // parts of the x-mock-applied summary
}

interface Built {
  job: ExportJobResponse;
  stage: string;
  json: string;
}
const lastBuilt = new WeakMap<Progression, Built>();

const stageKey = (s: Stage) => `${s.status} ${s.completedPieces} ${s.failedPieces} ${s.processed} ${s.failures}`;

/** What x-mock-applied says of the clock: the instant x-mock-now set, or nothing. */
export const appliedNow = (now: number, virtualNow: boolean): string[] => (virtualNow ? [`now=${new Date(now).toISOString()}`] : []);

/** What x-mock-applied says of a life x-mock-progression gave a created job: its duration, outcome, pieces and endpoints. */
export const appliedLife = ({ durationMs, outcome, pieces, endpoints }: Life): string =>
  `progression=${durationMs / 1000}s ${outcome}, ${pieces} pieces, ${endpoints} endpoints`;

/** `job` (whose own JSON is `json`) as it stands at `now` under `progression`; `virtualNow` says x-mock-now set it. */
export function progress(
  job: ExportJobResponse,
  json: string,
  progression: Progression | undefined,
  now: number,
  virtualNow: boolean,
): Progressed {
  const applied = appliedNow(now, virtualNow);
  if (!progression) return { json, applied };
  const stage = stageAt(progression, now);
  if (!stage) return { json: null, applied: [...applied, 'progression=not-created-yet'] };
  applied.push(`progression=${stage.status} ${Math.floor(stage.elapsed * 100)}%`);
  const key = stageKey(stage);
  const last = lastBuilt.get(progression);
  if (last?.job === job && last.stage === key) return { json: last.json, applied };
  const built = JSON.stringify(jobAtStage(job, progression, stage));
  lastBuilt.set(progression, { job, stage: key, json: built });
  return { json: built, applied };
}
