// Applies x-mock-progression (and x-mock-now) to a stored job, as the JSON to serve. A client
// polling a progression mostly finds it at the stage it saw last (counters move in whole
// steps), so the JSON last built for each progression is kept, and reused while the fixture
// object and the stage are the same. Progressions are the parsed, remembered header values.
import { ApiError } from '../errors';
import type { ExportJobResponse } from '../export-job-schema';
import { jobAtStage, type Stage, stageAt } from './lifecycle';
import type { Harness } from './parse';
import type { Progression } from './progression-header';

interface Built {
  fixture: ExportJobResponse;
  stage: string;
  json: string;
}
const lastBuilt = new WeakMap<Progression, Built>();

const stageKey = (s: Stage) => `${s.status} ${s.completedPieces} ${s.failedPieces} ${s.processed} ${s.failures}`;

/** The JSON to serve for `fixture` (whose own JSON is `json`) under the harness, at `realNow` unless x-mock-now says otherwise. */
export function progress(fixture: ExportJobResponse, json: string, h: Harness, realNow: number, applied: string[]): string {
  const now = h.now ?? realNow;
  if (h.now !== undefined) applied.push(`now=${new Date(now).toISOString()}`);
  const p = h.progression;
  if (!p) return json;
  const stage = stageAt(p, now);
  if (!stage) {
    applied.push('progression=not-created-yet');
    throw new ApiError('NotFoundException');
  }
  applied.push(`progression=${stage.status} ${Math.floor(stage.elapsed * 100)}%`);
  const key = stageKey(stage);
  const last = lastBuilt.get(p);
  if (last?.fixture === fixture && last.stage === key) return last.json;
  const built = JSON.stringify(jobAtStage(fixture, p, stage));
  lastBuilt.set(p, { fixture, stage: key, json: built });
  return built;
}
