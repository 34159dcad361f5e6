// GET / and the static assets, through the Worker, with real local KV and the ASSETS binding.
import { SELF } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { HARNESS_REFERENCE } from '../../src/harness/parse';
import { JOBS, seedFixtures } from './fixtures';

beforeEach(seedFixtures);

describe('GET /', () => {
  it('describes the sandbox as JSON: base URL, every seeded job with its status and link, the harness headers', async () => {
    const response = await SELF.fetch('https://sandbox.test/', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-RequestId')).toBeTruthy();
    const index = (await response.json()) as {
      baseUrl: string;
      jobs: { Id: string; JobStatus: string; url: string }[];
      harnessHeaders: unknown;
    };
    expect(index.baseUrl).toBe('https://sandbox.test');
    expect(index.jobs).toHaveLength(JOBS.length);
    for (const job of JOBS) {
      const listed = index.jobs.find((j) => j.Id === job.Id);
      expect(listed).toMatchObject({ JobStatus: job.JobStatus, url: `/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}` });
      expect(await (await SELF.fetch(`https://sandbox.test${listed?.url}`)).json()).toEqual(job);
    }
    expect(index.harnessHeaders).toEqual(HARNESS_REFERENCE);
  });

  it('gives a browser the landing page, with a Content-Security-Policy', async () => {
    const response = await SELF.fetch('https://sandbox.test/', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    const html = await response.text();
    expect(html).toContain('<script src="/app.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//); // no inline code, no external assets
  });

  it('serves the page’s own files and the OpenAPI document, and a JSON 404 for anything else, "//" included', async () => {
    for (const [path, type] of [
      ['/app.js', /javascript/],
      ['/sandbox.css', /css/],
      ['/openapi.json', /json/],
    ] as const) {
      const response = await SELF.fetch(`https://sandbox.test${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      await response.arrayBuffer();
    }
    for (const path of ['/nope.js', '//', '///']) {
      const missing = await SELF.fetch(`https://sandbox.test${path}`);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('x-amzn-ErrorType')).toBe('NotFoundException');
      await missing.arrayBuffer();
    }
  });
});
