// A browser app on another origin calling the sandbox with fetch: Debian's Chromium, driven
// by playwright-core. Skipped, with one line saying why, where Chromium is not installed.
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/loopback';
import { chromiumFound, sharedBrowser } from './chromium';
import { jobWithStatus, sandboxUrl } from './pinpoint';

describe.skipIf(!chromiumFound)('a browser app on another origin', () => {
  let browser: Browser;
  let page: Page;
  let appServer: Server;
  const preflights: string[] = [];
  const job = jobWithStatus('COMPLETED');

  beforeAll(async () => {
    const port = await freePort();
    appServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
    await new Promise<void>((resolve) => appServer.listen(port, '127.0.0.1', resolve));
    browser = await sharedBrowser();
    page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.method === 'OPTIONS') preflights.push(event.request.url);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    appServer?.close();
  });

  const browserFetch = (url: string, headers: Record<string, string>) =>
    page.evaluate(
      async ({ url, headers }) => {
        const response = await fetch(url, { headers });
        const read = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-mock-applied'];
        return {
          status: response.status,
          body: (await response.json()) as { RequestID?: string },
          headers: Object.fromEntries(read.map((h) => [h, response.headers.get(h)])),
        };
      },
      { url, headers },
    );

  it('reads a job with harness headers, after a real CORS preflight', async () => {
    const url = `${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`;
    const result = await browserFetch(url, {
      'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=10; outcome=COMPLETED',
      'x-mock-now': '2026-01-01T00:00:05Z',
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ Id: job.Id, JobStatus: 'PROCESSING' });
    expect(result.headers['x-mock-applied']).toBe('now=2026-01-01T00:00:05.000Z; progression=PROCESSING 50%');
    expect(preflights).toContain(url);
  });

  it('reads x-amzn-RequestId and x-amzn-ErrorType from a 404', async () => {
    const result = await browserFetch(`${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export/missing`, {});
    expect(result.status).toBe(404);
    expect(result.headers['x-amzn-ErrorType']).toBe('NotFoundException');
    expect(result.headers['x-amzn-RequestId']).toBe(result.body.RequestID);
  });

  it('reads x-mock-applied of an injected error', async () => {
    const result = await browserFetch(`${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`, { 'x-mock-error': '429' });
    expect(result.status).toBe(429);
    expect(result.headers['x-mock-applied']).toBe('error=429');
  });
});
