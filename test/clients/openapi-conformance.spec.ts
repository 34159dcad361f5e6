// The running Worker's real answers, checked against public/openapi.json by an independent
// validator (Ajv): every fixture, every error, progression snapshots, the index, preflights.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { ERROR_CATALOGUE, ERROR_NAMES } from '../../src/http/errors';
import { ajv } from '../node/json-schema';
import { FIXTURE_JOBS, jobWithStatus, sandboxUrl } from './pinpoint';

// biome-ignore lint/suspicious/noExplicitAny: walks an arbitrary JSON document by the paths it names
type Json = Record<string, any>;
const doc = JSON.parse(readFileSync('public/openapi.json', 'utf8')) as Json;
const validator = ajv();
validator.addSchema(doc, 'openapi');
const JOB = '/v1/apps/{application-id}/jobs/export/{job-id}';
const JOBS = '/v1/apps/{application-id}/jobs/export';
const SEGMENT_JOBS = '/v1/apps/{application-id}/segments/{segment-id}/jobs/export';

/** Checks a response against the document's answer for `path` and `method`, and returns its body. */
async function conforms(response: Response, path: string, method: 'get' | 'post' | 'options'): Promise<unknown> {
  const declared = doc.paths[path][method].responses[String(response.status)] as Json | undefined;
  expect(declared, `${method.toUpperCase()} ${path} does not document ${response.status}`).toBeDefined();
  for (const [name, spec] of Object.entries((declared?.headers ?? {}) as Json)) {
    const resolved = spec.$ref ? doc.components.headers[spec.$ref.split('/').pop()] : spec;
    if (resolved.required) expect(response.headers.get(name), `${name} on ${response.status}`).toBeTruthy();
    const enumerated = resolved.schema?.enum as string[] | undefined;
    if (enumerated) expect(enumerated).toContain(response.headers.get(name));
  }
  const text = await response.text();
  const schema = declared?.content?.['application/json']?.schema;
  if (!schema) {
    expect(text).toBe('');
    return null;
  }
  const body = JSON.parse(text);
  const ref = `openapi${schema.$ref}`;
  const validate = validator.getSchema(ref);
  expect(validate, ref).toBeDefined();
  expect(validate?.(body), JSON.stringify(validate?.errors)).toBe(true);
  return body;
}

const urlOf = (j: { ApplicationId: string; Id: string }) => `${sandboxUrl()}/v1/apps/${j.ApplicationId}/jobs/export/${j.Id}`;

describe('the Worker conforms to its OpenAPI document', () => {
  it('for every fixture', async () => {
    for (const job of FIXTURE_JOBS) expect(await conforms(await fetch(urlOf(job)), JOB, 'get')).toEqual(job);
  });

  it('for every error, injected or real', async () => {
    const job = jobWithStatus('COMPLETED');
    for (const name of ERROR_NAMES) {
      const response = await fetch(urlOf(job), { headers: { 'x-mock-error': name } });
      expect(response.status).toBe(ERROR_CATALOGUE[name].status);
      await conforms(response, JOB, 'get');
    }
    await conforms(await fetch(urlOf({ ...job, Id: 'missing' })), JOB, 'get');
    await conforms(await fetch(urlOf({ ...job, Id: 'not%20an%20id' })), JOB, 'get');
    await conforms(await fetch(urlOf(job), { headers: { 'x-mock-delay': 'soon' } }), JOB, 'get');
  });

  it('for progression snapshots of every outcome', async () => {
    const job = jobWithStatus('FAILED');
    for (const outcome of ['COMPLETED', 'FAILED', 'CANCELLED']) {
      for (const second of [0, 7, 15, 50, 95, 100]) {
        const headers = {
          'x-mock-progression': `start=2026-01-01T00:00:00Z; duration=100; outcome=${outcome}; pieces=7`,
          'x-mock-now': new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
        };
        await conforms(await fetch(urlOf(job), { headers }), JOB, 'get');
      }
    }
  });

  it('for the preflight and the index', async () => {
    const preflight = await fetch(urlOf(jobWithStatus('CREATED')), {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' },
    });
    await conforms(preflight, JOB, 'options');
    const index = (await conforms(await fetch(`${sandboxUrl()}/`), '/', 'get')) as { jobs: unknown[] };
    expect(index.jobs).toHaveLength(FIXTURE_JOBS.length);
  });

  it('for CreateExportJob, a created job, and both lists, with their errors', async () => {
    const job = jobWithStatus('FAILED');
    const jobs = `${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export`;
    const headers = {
      'content-type': 'application/json',
      authorization: unsignedAuthorization('AKIDCONFORM'),
    };
    const body = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports' });
    const created = (await conforms(await fetch(jobs, { method: 'POST', headers, body }), JOBS, 'post')) as { Id: string };
    await conforms(await fetch(jobs, { method: 'POST', headers, body: '{}' }), JOBS, 'post');
    await conforms(await fetch(`${jobs}/${created.Id}`, { headers }), JOB, 'get');
    const listed = (await conforms(await fetch(`${jobs}?page-size=2`, { headers }), JOBS, 'get')) as { Item: { Id: string }[] };
    expect(listed.Item).toHaveLength(2);
    await conforms(await fetch(`${jobs}?page-size=zero`, { headers }), JOBS, 'get');
    const segment = `${sandboxUrl()}/v1/apps/${job.ApplicationId}/segments/${job.Definition.SegmentId}/jobs/export`;
    await conforms(await fetch(segment, { headers }), SEGMENT_JOBS, 'get');
    await conforms(await fetch(`${segment}?token=nope`, { headers }), SEGMENT_JOBS, 'get');
  });
});
