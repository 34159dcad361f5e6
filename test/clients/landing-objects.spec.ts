// The landing page's export objects in headless Chromium: for a seeded completed job it lists
// one object per piece, as the S3 API does, and a link downloads one, whose bytes gunzip to the
// job's EndpointResponse lines.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFound, sharedBrowser } from './chromium';
import { FIXTURE_JOBS, sandboxUrl } from './pinpoint';
import { linesOf, s3As } from './s3';

describe.skipIf(!chromiumFound)('the landing page’s export objects', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists a completed job’s objects as ListObjectsV2 does, and a link downloads one', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${sandboxUrl()}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const selected = await page.locator('#objects-job').inputValue();
    const job = FIXTURE_JOBS.find((j) => selected.endsWith(`/${j.Id}`));
    expect(job?.JobStatus).toBe('COMPLETED');
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(job?.Definition.S3UrlPrefix as string) ?? [];
    const listed = await s3As('AKIDLANDINGS3').send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${job?.Id}/` }));
    const rows = page.locator('#objects tbody tr');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(listed.Contents?.map((o) => o.Key));
    expect(await rows.locator('td:nth-child(3)').allTextContents()).toEqual(listed.Contents?.map((o) => o.ETag));
    expect(listed.Contents).toHaveLength(job?.TotalPieces as number);

    const first = listed.Contents?.[0];
    const [download] = await Promise.all([page.waitForEvent('download'), rows.first().locator('a').click()]);
    expect(download.suggestedFilename()).toBe('part-00000.gz');
    const bytes = Buffer.concat(await (await download.createReadStream()).toArray()); // the browser is remote: its file is streamed here
    expect(bytes.byteLength).toBe(first?.Size);
    const lines = linesOf(bytes);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.ApplicationId === job?.ApplicationId)).toBe(true);
    expect(problems).toEqual([]);
  });
});
