// The landing page in headless Chromium: loads with no console errors, lists the seeded
// jobs, and its progression view advances to a terminal status. Leaves a screenshot in
// test-artifacts/ (not committed).
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../src/routes/table';
import { chromiumFound, sharedBrowser } from './chromium';
import { FIXTURE_JOBS, sandboxUrl } from './pinpoint';

const POLL_STEP_MS = 500; // the page's own interval between polls (public/app.js)

describe.skipIf(!chromiumFound)('the landing page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the seeded jobs and watches one progress to its outcome, without console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${sandboxUrl()}/`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#jobs tbody tr').count()).toBe(FIXTURE_JOBS.length);
    const operations = await page.locator('#operations tbody tr td:first-child').allTextContents();
    expect(operations).toEqual(apiOperations().map((o) => (o.kind === 'admin' ? `${o.operation} (sandbox)` : o.operation)));
    expect(operations).toEqual(
      expect.arrayContaining(['CreateExportJob', 'GetExportJobs', 'ListRequests (sandbox)', 'ResetTenant (sandbox)']),
    );
    for (const job of FIXTURE_JOBS) expect(await page.locator(`#jobs a[href$="/${job.Id}"]`).count()).toBe(1);
    expect(await page.locator('#harness tbody tr').count()).toBeGreaterThanOrEqual(10);
    // The page reads its simulated life at real time; here each poll reads it at the next step of
    // a virtual clock (x-mock-now) from the start the page sent, so a busy machine's slow first
    // poll still sees CREATED.
    let polls = 0;
    await page.route('**/jobs/export/**', async (route) => {
      const headers = route.request().headers();
      const start = /start=([^;]+)/.exec(headers['x-mock-progression'] ?? '')?.[1];
      if (!start) return route.continue();
      const now = new Date(Date.parse(start) + POLL_STEP_MS * polls++).toISOString();
      return route.continue({ headers: { ...headers, 'x-mock-now': now } });
    });
    await page.fill('#watch-duration', '3');
    await page.selectOption('#watch-outcome', 'FAILED');
    await page.click('#watch-start');
    await page.waitForFunction(() => document.getElementById('watch-status')?.textContent === 'FAILED', null, { timeout: 100_000 }); // a hang, not a slow machine
    const history = await page.locator('#watch-history li').allTextContents();
    expect(history[0]).toBe('CREATED');
    expect(history.at(-1)).toBe('FAILED');
    expect(history.length).toBeGreaterThanOrEqual(3);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/landing-page.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
