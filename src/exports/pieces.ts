// What an export holds at an instant: its objects (one per completed piece), each one's key
// and the lines it holds. Derived only from the job as GetExportJob answers it at that instant
// (its status and counters, which the lifecycle computes), so the objects can never disagree
// with the job: nothing before the job is terminal; then one object per completed piece,
// holding together the endpoints that were exported (TotalProcessed − TotalFailures). Pure.
//
// Keys are `<key prefix><job Id>/part-NNNNN.gz`, the key prefix being S3UrlPrefix's path after
// the bucket with a "/" added when it has none (parseS3Url): the job's own folder keeps two exports to one
// prefix apart, and the same names are those of lifecycle.ts's Failures messages. The failed
// pieces are those the lifecycle names (failedPieceIndex); the completed pieces are the rest,
// in order, so no object bears the name of a piece that Failures says failed.
import { failedPieceIndex } from '../harness/lifecycle';
import { Invalid } from '../invalid';
import type { ExportJobResponse, JobStatus } from '../jobs/schema';
import { MAX_EXPORT_ENDPOINTS, MAX_PIECE_ENDPOINTS } from '../limits';

/** Where an export goes, from its S3UrlPrefix: the bucket, and the keys' prefix ('' or ending in "/"). */
export interface ExportLocation {
  bucket: string;
  prefix: string;
}

/** One object of an export: its piece, its key, and which lines of the export it holds. */
export interface Piece {
  index: number; // the piece's number among TotalPieces, as in its name
  key: string;
  firstLine: number; // index of its first line among the export's lines: ids derive from it
  lines: number;
}

/** The counters of a job that decide its export, as GetExportJob answers them. */
export type ExportCounters = Pick<
  ExportJobResponse,
  'JobStatus' | 'TotalPieces' | 'CompletedPieces' | 'FailedPieces' | 'TotalProcessed' | 'TotalFailures'
>;

const ENDED: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** `s3://bucket[/prefix[/]]` → bucket and the keys' prefix, as the Failures messages join them: a slash added if missing. */
export function parseS3Url(url: string): ExportLocation | Invalid {
  const [, bucket, rest = ''] = /^s3:\/\/([^/]+)(?:\/(.*))?$/s.exec(url) ?? [];
  return bucket
    ? { bucket, prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` }
    : new Invalid(`Invalid S3UrlPrefix: expected s3://<bucket>[/<prefix>]; got "${url.slice(0, 64)}".`);
}

/** The key of piece `index` of job `jobId`'s export. */
export function pieceKey({ prefix }: ExportLocation, jobId: string, index: number): string {
  return `${prefix}${jobId}/part-${String(index).padStart(5, '0')}.gz`;
}

/** What an object's key names, by pieceKey's rule: the export's folder (`<prefix><job Id>/`),
 *  the job, and the piece; null for a key no export can hold. */
export function parsePieceKey(key: string): { folder: string; jobId: string; index: number } | null {
  const [, folder, jobId, index] = /^((?:.*\/)?([A-Za-z0-9_-]{1,64})\/)part-(\d{5})\.gz$/s.exec(key) ?? [];
  return folder && jobId && index ? { folder, jobId, index: Number(index) } : null;
}

/** The lines the export of a job with these counters holds in all. */
export const exportedLines = (job: ExportCounters): number =>
  ENDED.includes(job.JobStatus) && (job.CompletedPieces ?? 0) > 0 ? Math.max(0, (job.TotalProcessed ?? 0) - (job.TotalFailures ?? 0)) : 0;

/** The objects of the export of a job as GetExportJob answers it now, in key order. */
export function piecesOf(job: ExportCounters, location: ExportLocation, jobId: string): Piece[] {
  const total = exportedLines(job);
  const completed = ENDED.includes(job.JobStatus) ? (job.CompletedPieces ?? 0) : 0;
  const boundary = (k: number) => Math.floor((total * k) / completed); // even portions that sum to `total`
  return completedPieceIndexes(job, completed).map((index, k) => ({
    index,
    key: pieceKey(location, jobId, index),
    firstLine: boundary(k),
    lines: boundary(k + 1) - boundary(k),
  }));
}

/** The first `completed` piece indexes that the lifecycle does not name as failed. */
function completedPieceIndexes(job: ExportCounters, completed: number): number[] {
  const failedPieces = job.FailedPieces ?? 0;
  const pieces = job.TotalPieces ?? completed + failedPieces;
  const failed = new Set(Array.from({ length: failedPieces }, (_, j) => failedPieceIndex(pieces, failedPieces, j)));
  const indexes: number[] = [];
  for (let index = 0; indexes.length < completed; index++) if (!failed.has(index)) indexes.push(index);
  return indexes;
}

/** CreateExportJob, a fixture or a progression naming an export larger than the sandbox
 *  generates: too many endpoints in all, or in its largest piece. */
export function exportSizeProblem(endpoints: number, pieces: number): Invalid | null {
  const largestPiece = Math.ceil(endpoints / pieces);
  if (endpoints > MAX_EXPORT_ENDPOINTS) {
    return new Invalid(`The export would hold ${endpoints} endpoints; this sandbox exports at most ${MAX_EXPORT_ENDPOINTS} per job.`);
  }
  return largestPiece > MAX_PIECE_ENDPOINTS
    ? new Invalid(
        `The export would put ${largestPiece} endpoints in one piece; this sandbox writes at most ${MAX_PIECE_ENDPOINTS} per piece (use more pieces).`,
      )
    : null;
}
