// The life of a simulated export job, as a pure function of (fixture, progression, now).
// Phases take fixed fractions of the duration; the job is terminal from start + duration
// on, never before. Counters only grow with `now`, and land exactly on the outcome's totals.
import type { ExportJobResponse, JobStatus } from '../export-job-schema';
import type { Outcome, Progression } from './progression-header';

/** Each phase and the fraction of the duration at which it ends; the last phase depends on the outcome. */
const PHASES: readonly (readonly [JobStatus | 'CLOSING', number])[] = [
  ['CREATED', 0.05],
  ['PREPARING_FOR_INITIALIZATION', 0.1],
  ['INITIALIZING', 0.2],
  ['PROCESSING', 0.9],
  ['CLOSING', 1],
];
const PROCESSING_FROM = 0.2;
const PROCESSING_UNTIL = 0.9;

const CLOSING: Record<Outcome, JobStatus> = { COMPLETED: 'COMPLETING', FAILED: 'FAILING', CANCELLED: 'CANCELLING' };

interface Totals {
  completedPieces: number;
  failedPieces: number;
  processed: number;
  failures: number;
}

/** What the job has done by the time it reaches its outcome. */
function totals({ outcome, pieces, endpoints }: Progression): Totals {
  if (outcome === 'COMPLETED') return { completedPieces: pieces, failedPieces: 0, processed: endpoints, failures: 0 };
  if (outcome === 'CANCELLED') {
    return { completedPieces: Math.floor(pieces / 2), failedPieces: 0, processed: Math.floor(endpoints / 2), failures: 0 };
  }
  const failedPieces = Math.max(1, Math.floor(pieces / 5));
  const failures = Math.max(1, Math.floor((endpoints * failedPieces) / pieces));
  return { completedPieces: pieces - failedPieces, failedPieces, processed: endpoints, failures };
}

export interface Snapshot {
  job: ExportJobResponse;
  elapsed: number; // fraction of the duration, 0 to 1
}

/** The job as it stands at `now`, or null before it was created. */
export function jobAt(fixture: ExportJobResponse, p: Progression, now: number): Snapshot | null {
  if (now < p.start) return null;
  const terminal = now >= p.start + p.durationMs;
  const elapsed = terminal ? 1 : (now - p.start) / p.durationMs;
  const progress = terminal ? 1 : Math.min(1, Math.max(0, (elapsed - PROCESSING_FROM) / (PROCESSING_UNTIL - PROCESSING_FROM)));
  const target = totals(p);
  const done = (total: number) => Math.floor(progress * total);
  const failures = done(target.failures);
  const { CompletionDate: _c, Failures: _f, ...kept } = fixture;
  const job: ExportJobResponse = {
    ...kept,
    JobStatus: terminal ? p.outcome : statusAt(elapsed, p.outcome),
    CreationDate: new Date(p.start).toISOString(),
    ...(terminal ? { CompletionDate: new Date(p.start + p.durationMs).toISOString() } : {}),
    TotalPieces: p.pieces,
    CompletedPieces: done(target.completedPieces),
    FailedPieces: done(target.failedPieces),
    TotalProcessed: done(target.processed),
    TotalFailures: failures,
    ...(failures > 0 ? { Failures: failureEntries(fixture, Math.min(100, failures)) } : {}),
  };
  return { job, elapsed };
}

function statusAt(elapsed: number, outcome: Outcome): JobStatus {
  const [phase] = PHASES.find(([, end]) => elapsed < end) ?? ['CLOSING'];
  return phase === 'CLOSING' ? CLOSING[outcome] : phase;
}

function failureEntries(fixture: ExportJobResponse, count: number): string[] {
  const prefix = fixture.Definition.S3UrlPrefix.replace(/\/?$/, '/');
  return Array.from(
    { length: count },
    (_, i) =>
      `Failed to write ${prefix}${fixture.Id}/part-${String(i).padStart(5, '0')}.gz: Access Denied (Service: Amazon S3; Status Code: 403)`,
  );
}
