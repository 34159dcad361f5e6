// Path templates, as the API reference writes them ("/v1/apps/{application-id}/jobs/export"):
// compiled once into the router's patterns, filled in to build a path, and their labels
// checked as IDs. A label inside a path may match empty ("/v1/apps//jobs/…"), so that a bad
// label is a 400 naming it rather than an unknown path.
import { badRequest } from '../http/errors';
import { ID_PATTERN, ID_RULE } from '../jobs/ids';

export type Labels = Record<string, string>; // by the template's label name, e.g. "application-id"

const LABEL = /\{([a-z-]+)\}/g;

/** The template's label names, in order. */
export const labelsOf = (template: string): string[] => [...template.matchAll(LABEL)].map((m) => m[1] as string);

/** The router's pattern for a template: a group `l<i>` for its i-th label (label names are not
 *  identifiers). No trailing slash: ".../jobs/export/" is a path no operation has, not an empty
 *  job-id, so a label that ends the template takes at least one character. */
export function compilePath(template: string): RegExp {
  let i = 0;
  const body = template
    .replace(/\./g, '\\.')
    .replace(
      LABEL,
      (label: string, _name: string, at: number, whole: string) => `(?<l${i++}>[^/]${at + label.length === whole.length ? '+' : '*'})`,
    );
  return new RegExp(`^${body}$`);
}

/** The checked labels of a match of compilePath(template), by name. */
export function checkLabels(names: readonly string[], groups: Record<string, string>): Labels {
  const labels: Labels = {};
  for (let i = 0; i < names.length; i++) labels[names[i] as string] = checkId(names[i] as string, groups[`l${i}`] ?? '');
  return labels;
}

/** The template with its labels filled in; IDs need no encoding (ids.ts). */
export const fillPath = (template: string, labels: Labels): string => template.replace(LABEL, (_, name: string) => labels[name] ?? '');

/** A path label, percent-decoded and checked; a 400 naming the label otherwise. */
function checkId(label: string, raw: string): string {
  let id: string;
  try {
    id = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    throw badRequest(`Invalid ${label}: malformed percent-encoding.`);
  }
  if (!ID_PATTERN.test(id)) throw badRequest(`Invalid ${label}: it must be ${ID_RULE}.`);
  return id;
}
