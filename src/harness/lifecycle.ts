// The life of a simulated export job, as a pure function of (job, progression, now): the
// same for a fixture under x-mock-progression and for a job created with CreateExportJob.
// Phases take fixed fractions of the duration; the job is terminal from start + duration
// on, never before. Counters only grow with `now`, and land exactly on the outcome's totals.
import type { ExportJobResponse, JobStatus } from '../jobs/schema';
import { MAX_FAILURES } from '../limits';
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

/** Where a progression stands at a moment: everything of the job that changes with time. */
export interface Stage extends Totals {
  elapsed: number; // fraction of the duration, 0 to 1
  status: JobStatus; // the outcome exactly when terminal
  terminal: boolean;
}

/** The stage at `now`, or null before the job was created. Cheap: no job is built. */
export function stageAt(p: Progression, now: number): Stage | null {
  if (now < p.start) return null;
  const terminal = now >= p.start + p.durationMs;
  const elapsed = terminal ? 1 : (now - p.start) / p.durationMs;
  const progress = terminal ? 1 : Math.min(1, Math.max(0, (elapsed - PROCESSING_FROM) / (PROCESSING_UNTIL - PROCESSING_FROM)));
  const target = totals(p);
  const done = (total: number) => Math.floor(progress * total);
  return {
    elapsed,
    status: terminal ? p.outcome : statusAt(elapsed, p.outcome),
    terminal,
    completedPieces: done(target.completedPieces),
    failedPieces: done(target.failedPieces),
    processed: done(target.processed),
    failures: done(target.failures),
  };
}

/** The job `job` becomes at a stage of a progression (its identity and Definition kept). */
export function jobAtStage(job: ExportJobResponse, p: Progression, stage: Stage): ExportJobResponse {
  const { CompletionDate: _c, Failures: _f, ...kept } = job;
  return {
    ...kept,
    JobStatus: stage.status,
    CreationDate: new Date(p.start).toISOString(),
    ...(stage.terminal ? { CompletionDate: new Date(p.start + p.durationMs).toISOString() } : {}),
    TotalPieces: p.pieces,
    CompletedPieces: stage.completedPieces,
    FailedPieces: stage.failedPieces,
    TotalProcessed: stage.processed,
    TotalFailures: stage.failures,
    ...(stage.failures > 0 ? { Failures: failureEntries(job, Math.min(MAX_FAILURES, stage.failures)) } : {}),
  };
}

function statusAt(elapsed: number, outcome: Outcome): JobStatus {
  const [phase] = PHASES.find(([, end]) => elapsed < end) ?? ['CLOSING'];
  return phase === 'CLOSING' ? CLOSING[outcome] : phase;
}

/** Up to MAX_FAILURES messages, as a failed export of `job` to S3 would list them. */
function failureEntries(job: ExportJobResponse, count: number): string[] {
  const prefix = job.Definition.S3UrlPrefix.replace(/\/?$/, '/');
  return Array.from(
    { length: count },
    (_, i) =>
      `Failed to write ${prefix}${job.Id}/part-${String(i).padStart(5, '0')}.gz: Access Denied (Service: Amazon S3; Status Code: 403)`,
  );
}
