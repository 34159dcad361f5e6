// A request body read as JSON and checked by a valibot schema: the value, or an Invalid whose
// message names the problem members. Pure. Pinpoint's own operations name the first problem
// (as Pinpoint does); the sandbox's admin API names every one, so a fix takes one round trip.
import * as v from 'valibot';
import { Invalid } from '../invalid';
import { issueReason } from '../issues';

export interface BodyShape {
  name: string; // what the body is, in messages: "ExportJobRequest", "defaults"
  notJson: string; // the whole message for a body that is not JSON
  notObject: string; // the whole message for JSON that is not an object
  unknown: string; // what a member the schema does not know is not, e.g. "a default"
  report: 'first' | 'all'; // which problems the message names
}

export function parseJsonBody<S extends v.GenericSchema<object>>(text: string, schema: S, shape: BodyShape): v.InferOutput<S> | Invalid {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Invalid(shape.notJson);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new Invalid(shape.notObject);
  }
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const problems = new Map<string, string>(); // by member, its first issue: a member is named once
  const words = { unknown: `is not ${shape.unknown}`, missing: 'is required' };
  for (const issue of result.issues) {
    const member = v.getDotPath(issue) ?? '(body)';
    if (problems.has(member)) continue;
    problems.set(member, `${member} ${issueReason(issue, words)}`);
    if (shape.report === 'first') break;
  }
  return new Invalid(`Invalid ${shape.name}: ${[...problems.values()].join('; ')}.`);
}
