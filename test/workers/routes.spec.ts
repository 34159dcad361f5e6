// What each path answers, as a client finds out: the methods it serves (API Reference for
// Pinpoint's paths; README for the sandbox's own), HEAD beside GET, OPTIONS (the preflight) on
// every path, and a 405 with that Allow for every other method. The expectations are written
// here, not read from the route table, so that a route lost or added by mistake shows.
import { SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { fillPath } from '../../src/routes/paths';
import { PATHS, ROUTES } from '../../src/routes/table';
import { ANY_JOB, seedFixtures } from './fixtures';

beforeEach(seedFixtures);

const SERVED: Record<string, string[]> = {
  '/v1/apps/{application-id}/jobs/export/{job-id}': ['GET', 'HEAD', 'OPTIONS'],
  '/v1/apps/{application-id}/jobs/export': ['GET', 'HEAD', 'POST', 'OPTIONS'],
  '/v1/apps/{application-id}/segments/{segment-id}/jobs/export': ['GET', 'HEAD', 'OPTIONS'],
  '/_sandbox/requests': ['GET', 'HEAD', 'DELETE', 'OPTIONS'],
  '/_sandbox/reset': ['POST', 'OPTIONS'],
  '/_sandbox/defaults': ['GET', 'HEAD', 'PUT', 'OPTIONS'],
  '/': ['GET', 'HEAD', 'OPTIONS'],
  '/openapi.json': ['GET', 'HEAD', 'OPTIONS'],
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const LABELS: Record<string, string> = { 'application-id': ANY_JOB.ApplicationId, 'job-id': ANY_JOB.Id, 'segment-id': 'segment-1' };
const urlOf = (path: string) => `https://sandbox.test${fillPath(path, LABELS)}`;
const methodList = (header: string | null) => (header ?? '').split(/,\s*/).sort();

it('every path the Worker routes is one a client is told of here', () => {
  expect([...PATHS].sort()).toEqual(Object.keys(SERVED).sort());
});

describe.each(Object.entries(SERVED))('%s', (path, served) => {
  it('answers every other method with 405 MethodNotAllowedException and an Allow of exactly the methods it serves', async () => {
    for (const method of METHODS.filter((m) => !served.includes(m))) {
      const response = await SELF.fetch(urlOf(path), { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('x-amzn-ErrorType')).toBe('MethodNotAllowedException');
      expect(methodList(response.headers.get('allow'))).toEqual([...served].sort());
      await response.arrayBuffer();
    }
  });

  it('serves each of its methods: no 405', async () => {
    for (const method of served) {
      const response = await SELF.fetch(urlOf(path), { method, headers: { 'content-type': 'application/json' } });
      expect(response.status, `${method} ${path}`).not.toBe(405);
      await response.arrayBuffer();
    }
  });

  it('allows in its preflight exactly the methods it serves', async () => {
    const response = await SELF.fetch(urlOf(path), { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
    expect(response.status).toBe(200);
    expect(methodList(response.headers.get('access-control-allow-methods'))).toEqual([...served].sort());
    await response.arrayBuffer();
  });
});

describe('the route table', () => {
  it('names each operation once', () => {
    const names = ROUTES.map((route) => route.operation);
    expect(new Set(names).size).toBe(names.length);
  });
});
