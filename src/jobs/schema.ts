// The wire shapes of the export-job operations, as valibot schemas. One schema per shape,
// used by the seeder (to refuse bad fixtures), by the Worker (to refuse bad KV values and bad
// request bodies), by the tests and by the generated docs. Field names, required members and
// the 11 JobStatus values follow the API reference.
import * as v from 'valibot';
import { INT32_MAX, MAX_FAILURES } from '../limits';
import { BUCKET_NAME_PATTERN, bucketNameProblem } from '../s3/bucket-name';
import { ID_PATTERN, ID_RULE } from './ids';

const S3_SCHEME = 's3://';

export const JOB_STATUSES = [
  'CREATED',
  'PREPARING_FOR_INITIALIZATION',
  'INITIALIZING',
  'PROCESSING',
  'PENDING_JOB',
  'COMPLETING',
  'COMPLETED',
  'CANCELLING',
  'CANCELLED',
  'FAILING',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const count = <M extends string | undefined>(notANumber?: M) =>
  v.pipe(
    v.number(notANumber),
    v.integer('must be an integer'),
    v.minValue(0, 'must be 0 or more'),
    v.maxValue(INT32_MAX, `must be at most ${INT32_MAX}`),
  );
const Count = count();
const Identifier = v.pipe(v.string(), v.regex(ID_PATTERN, `must be ${ID_RULE}`));
const IsoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00.000Z'));

/** The S3 naming rule the bucket of an s3:// URL breaks, if any (a URL without a bucket is not of that shape: no rule to name). */
function bucketProblemOf(url: string): string | undefined {
  const bucket = url.startsWith(S3_SCHEME) ? (url.slice(S3_SCHEME.length).split('/')[0] as string) : '';
  return bucket ? bucketNameProblem(bucket) : undefined;
}

/** What a malformed S3UrlPrefix is told: the S3 naming rule its bucket breaks when it is one
 *  (as the S3 API's InvalidBucketName names it), else the shape an S3 URL takes. */
function s3UrlMessage({ input }: { input: string }): string {
  const problem = bucketProblemOf(input);
  return problem
    ? `names a bucket S3 refuses: ${problem}`
    : 'must be an S3 URL, s3://<bucket>[/<prefix>], its bucket name 3 to 63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit';
}

/** The members of an export's definition: what CreateExportJob takes, and what a job's Definition holds. */
const DEFINITION = {
  RoleArn: v.pipe(
    v.string('must be a string'),
    v.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/, 'must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'),
  ),
  S3UrlPrefix: v.pipe(
    v.string('must be a string'),
    v.regex(new RegExp(`^s3://${BUCKET_NAME_PATTERN}(/\\S*)?$`), s3UrlMessage),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? bucketProblemOf(dataset.value) : undefined;
      if (problem) addIssue({ message: `names a bucket S3 refuses: ${problem}` });
    }),
  ),
  SegmentId: v.optional(v.pipe(v.string('must be a string'), v.regex(ID_PATTERN, `must be ${ID_RULE}`))),
  SegmentVersion: v.optional(count('must be an integer')),
};

const ExportJobResourceSchema = v.strictObject(DEFINITION);

/** CreateExportJob's body. Unknown members are dropped, as AWS services ignore them. */
export const ExportJobRequestSchema = v.object(DEFINITION);
export type ExportJobRequest = v.InferOutput<typeof ExportJobRequestSchema>;

export const ExportJobResponseSchema = v.pipe(
  v.strictObject({
    ApplicationId: Identifier,
    Id: Identifier,
    JobStatus: v.picklist(JOB_STATUSES, `must be one of ${JOB_STATUSES.join(', ')}`),
    CompletedPieces: v.optional(Count),
    FailedPieces: v.optional(Count),
    TotalPieces: v.optional(Count),
    CreationDate: IsoDate,
    CompletionDate: v.optional(IsoDate),
    Type: v.literal('EXPORT', 'must be "EXPORT"'),
    TotalFailures: v.optional(Count),
    TotalProcessed: v.optional(Count),
    Failures: v.optional(v.pipe(v.array(v.string()), v.maxLength(MAX_FAILURES, `must hold at most ${MAX_FAILURES} entries`))),
    Definition: ExportJobResourceSchema,
  }),
  // A partial check: it runs whenever the three counters are valid, whatever else is wrong, so
  // that a fixture's problems are all named in one round.
  v.forward(
    v.partialCheck(
      [['TotalPieces'], ['CompletedPieces'], ['FailedPieces']],
      (job) => job.TotalPieces === undefined || (job.CompletedPieces ?? 0) + (job.FailedPieces ?? 0) <= job.TotalPieces,
      'CompletedPieces + FailedPieces must not exceed TotalPieces',
    ),
    ['TotalPieces'],
  ),
);
export type ExportJobResponse = v.InferOutput<typeof ExportJobResponseSchema>;

/** The body of GetExportJobs and GetSegmentExportJobs: a page of jobs, and the token of the next page, absent on the last. */
export const ExportJobsResponseSchema = v.strictObject({
  Item: v.array(ExportJobResponseSchema),
  NextToken: v.optional(v.string()),
});
export type ExportJobsResponse = v.InferOutput<typeof ExportJobsResponseSchema>;
