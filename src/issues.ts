// A valibot issue in words: where it is and what is wrong. The one way the problems of every
// schema are told (fixture files, endpoint fixtures, request bodies), each caller choosing only
// how a path is written and what an unknown or missing member is called. Pure.
import type * as v from 'valibot';

/** A problem with an input: where (a JSON path within it, e.g. $[2].Definition.RoleArn) and why. */
export interface Problem {
  path: string;
  reason: string;
}

/** What to say of a member the shape does not know, and of one it requires that is missing. */
export interface IssueWords {
  unknown: string;
  missing: string;
}

/** The issue's JSON path below `root`: `$[2].Definition.RoleArn`. */
export const issuePath = (issue: v.BaseIssue<unknown>, root = '$'): string =>
  root + (issue.path ?? []).map(({ key }) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');

/** Why the issue was raised: the caller's words for an unknown or a missing member, else the schema's message. */
export function issueReason(issue: v.BaseIssue<unknown>, words: IssueWords): string {
  if (issue.expected === 'never') return words.unknown;
  if (issue.input === undefined && issue.path?.length) return words.missing;
  return issue.message;
}
