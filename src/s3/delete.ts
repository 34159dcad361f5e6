// DeleteObjects, pure: the request's <Delete> document as S3 reads it (1 to S3_MAX_DELETE_KEYS
// <Object><Key>, an optional <Quiet>; anything else is MalformedXML, the whole request refused
// before anything is deleted) and the <DeleteResult> answer (Quiet leaves out what was deleted
// and keeps the errors). DeleteObject of a key that is not there is still a success, as in S3.
import { S3_MAX_DELETE_KEYS } from '../limits';
import { S3Error } from './errors';
import { parseXml, S3_NAMESPACE, xmlDocument } from './xml';

export interface DeleteRequest {
  keys: string[];
  quiet: boolean;
}

/** What happened to one key of the request. */
export type DeleteOutcome = { key: string; deleted: true } | { key: string; error: S3Error };

const malformed = new S3Error('MalformedXML');

/** The body of `POST /bucket?delete`, or MalformedXML. */
export function parseDeleteRequest(body: string): DeleteRequest | S3Error {
  const document = parseXml(body);
  const root = document?.Delete;
  if (!isElement(root)) return malformed;
  const { Object: objects, Quiet = 'false', '#text': _whitespace, ...unknown } = root;
  const entries = objects === undefined ? [] : Array.isArray(objects) ? objects : [objects];
  if (Object.keys(unknown).length > 0 || entries.length === 0 || entries.length > S3_MAX_DELETE_KEYS) return malformed;
  if (typeof Quiet !== 'string' || !/^\s*(true|false)\s*$/i.test(Quiet)) return malformed;
  const keys: string[] = [];
  for (const entry of entries) {
    const key = isElement(entry) ? entry.Key : undefined;
    if (typeof key !== 'string' || key === '') return malformed;
    keys.push(key);
  }
  return { keys, quiet: /true/i.test(Quiet) };
}

const isElement = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The DeleteResult S3 answers: every outcome in request order, or only the errors when Quiet. */
export function deleteResultXml(outcomes: readonly DeleteOutcome[], quiet: boolean): string {
  const deleted = quiet ? [] : outcomes.flatMap((o) => ('deleted' in o ? [{ Key: o.key }] : []));
  const errors = outcomes.flatMap((o) => ('error' in o ? [{ Key: o.key, Code: o.error.code, Message: o.error.message }] : []));
  return xmlDocument('DeleteResult', { Deleted: deleted, Error: errors }, S3_NAMESPACE);
}
