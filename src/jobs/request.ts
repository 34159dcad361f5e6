// CreateExportJob's body, read: JSON, an object, and an ExportJobRequest, or an Invalid whose
// message names the first problem member and its rule, as Pinpoint names one. Pure.
import { parseJsonBody } from '../http/json-body';
import type { Invalid } from '../invalid';
import { type ExportJobRequest, ExportJobRequestSchema } from './schema';

export const parseExportJobRequest = (text: string): ExportJobRequest | Invalid =>
  parseJsonBody(text, ExportJobRequestSchema, {
    name: 'ExportJobRequest',
    notJson: 'The request body is not valid JSON: expected an ExportJobRequest object.',
    notObject: 'The request body must be a JSON object (an ExportJobRequest with RoleArn and S3UrlPrefix).',
    unknown: 'a member of ExportJobRequest',
    report: 'first',
  });
