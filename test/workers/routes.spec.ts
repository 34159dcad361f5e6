// The route table is the one source of what each path answers: Allow, the preflight's
// methods, HEAD beside GET, and a 405 for every other method, on every path it declares.
import { SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { fillPath, labelsOf } from '../../src/routes/paths';
import { methodsOf, PATHS, ROUTES } from '../../src/routes/table';
import { ANY_JOB, seedFixtures } from './fixtures';

beforeEach(seedFixtures);

const LABELS: Record<string, string> = { 'application-id': ANY_JOB.ApplicationId, 'job-id': ANY_JOB.Id, 'segment-id': 'segment-1' };
const urlOf = (path: string) => `https://sandbox.test${fillPath(path, LABELS)}`;
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

describe.each(PATHS)('%s', (path) => {
  const methods = methodsOf(path);

  it('answers every method it does not declare with 405 MethodNotAllowedException and the Allow the table derives', async () => {
    expect(labelsOf(path).every((label) => label in LABELS)).toBe(true);
    for (const method of OTHER_METHODS.filter((m) => !methods.includes(m))) {
      const response = await SELF.fetch(urlOf(path), { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('x-amzn-ErrorType')).toBe('MethodNotAllowedException');
      expect(response.headers.get('allow')).toBe(methods.join(', '));
      await response.arrayBuffer();
    }
  });

  it('allows in its preflight exactly the methods of Allow, HEAD wherever GET, and OPTIONS', async () => {
    const response = await SELF.fetch(urlOf(path), { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-methods')).toBe(methods.join(', '));
    expect(methods).toContain('OPTIONS');
    const declared = ROUTES.filter((route) => route.path === path).map((route) => route.method as string);
    expect(methods.includes('HEAD')).toBe(declared.includes('GET'));
    await response.arrayBuffer();
  });
});

describe('the route table', () => {
  it('names each operation once', () => {
    const names = ROUTES.map((route) => route.operation);
    expect(new Set(names).size).toBe(names.length);
  });
});
