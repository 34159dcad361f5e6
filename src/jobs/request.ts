// CreateExportJob's body, read: JSON, an object, and an ExportJobRequest, or an Invalid whose
// message names the member and the rule. Pure.
import * as v from 'valibot';
import { Invalid } from '../invalid';
import { type ExportJobRequest, ExportJobRequestSchema } from './schema';

export function parseExportJobRequest(text: string): ExportJobRequest | Invalid {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Invalid('The request body is not valid JSON: expected an ExportJobRequest object.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new Invalid('The request body must be a JSON object (an ExportJobRequest with RoleArn and S3UrlPrefix).');
  }
  const result = v.safeParse(ExportJobRequestSchema, value);
  if (result.success) return result.output;
  const [issue] = result.issues;
  const member = v.getDotPath(issue) ?? '(body)';
  const missing = issue.input === undefined && !(member in value);
  return new Invalid(`Invalid ExportJobRequest: ${member} ${missing ? 'is required' : issue.message}.`);
}
