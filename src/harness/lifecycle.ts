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
function totals(p: Progression): Totals {
  const { outcome, pieces, endpoints } = p;
  if (outcome === 'COMPLETED') return { completedPieces: pieces, failedPieces: 0, processed: endpoints, failures: 0 };
  if (outcome === 'CANCELLED') {
    return { completedPieces: Math.floor(pieces / 2), failedPieces: 0, processed: Math.floor(endpoints / 2), failures: 0 };
  }
  const failedPieces = Math.max(1, Math.floor(pieces / 5));
  return { completedPieces: pieces - failedPieces, failedPieces, processed: endpoints, failures: failuresIn(p, failedPieces) };
}

// The failure model. A failure is an endpoint of a failed piece: the first `f` failed pieces
// hold failuresIn(p, f) failed endpoints (the endpoints' share of those pieces, at least one),
// so TotalFailures grows with FailedPieces and is 0 exactly when it is. The j-th piece to fail
// is piece j * step (step = TotalPieces / failed pieces at the end, rounded down): every fifth
// piece, always an index below TotalPieces. Failures lists the first MAX_FAILURES failed
// endpoints, piece by piece, so a later instant's list extends an earlier one's.

/** The failed endpoints in the first `failedPieces` failed pieces. */
const failuresIn = ({ pieces, endpoints }: Progression, failedPieces: number): number =>
  failedPieces === 0 ? 0 : Math.max(1, Math.floor((endpoints * failedPieces) / pieces));

/** Which piece fails `j`-th (from 0) when `failedPieces` of `pieces` fail in all: every
 *  (pieces / failedPieces)-th, so always an index below `pieces`. The export's objects
 *  (exports/pieces.ts) are the pieces this leaves out. */
export const failedPieceIndex = (pieces: number, failedPieces: number, j: number): number =>
  j * Math.max(1, Math.floor(pieces / failedPieces));

/** Failures' entries: the first min(MAX_FAILURES, failures) failed endpoints, each naming its piece. */
function failureEntries(job: ExportJobResponse, p: Progression, failures: number): string[] {
  const failedPieces = totals(p).failedPieces;
  const prefix = job.Definition.S3UrlPrefix.replace(/\/?$/, '/');
  const entries: string[] = [];
  const count = Math.min(MAX_FAILURES, failures);
  for (let j = 0; entries.length < count; j++) {
    const part = `part-${String(failedPieceIndex(p.pieces, failedPieces, j)).padStart(5, '0')}`;
    const inPiece = failuresIn(p, j + 1) - failuresIn(p, j);
    for (let n = 1; n <= inPiece && entries.length < count; n++) {
      entries.push(
        `Failed to write endpoint ${n} of ${part} to ${prefix}${job.Id}/${part}.gz: Access Denied (Service: Amazon S3; Status Code: 403)`,
      );
    }
  }
  return entries;
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
  const failedPieces = done(target.failedPieces);
  const failures = failuresIn(p, failedPieces);
  return {
    elapsed,
    status: terminal ? p.outcome : statusAt(elapsed, p.outcome),
    terminal,
    completedPieces: done(target.completedPieces),
    failedPieces,
    processed: Math.max(done(target.processed), failures), // a failed endpoint was processed
    failures,
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
    ...(stage.failures > 0 ? { Failures: failureEntries(job, p, stage.failures) } : {}),
  };
}

function statusAt(elapsed: number, outcome: Outcome): JobStatus {
  const [phase] = PHASES.find(([, end]) => elapsed < end) ?? ['CLOSING'];
  return phase === 'CLOSING' ? CLOSING[outcome] : phase;
}
