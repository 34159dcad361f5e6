// Debian's Chromium, as the browser tests use it: one browser for the run, launched by the
// global setup (launchChromium), which each browser spec connects to (sharedBrowser); a launch
// costs a second or two of CPU. The specs are skipped, with one line saying why, where it is
// not installed.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumEndpoint: string; // the shared browser's, or '' where there is none
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumFound = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

if (!chromiumFound) console.log(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** The run's browser, for the global setup to provide and close; none where Chromium is not installed. */
export const launchChromium = (): Promise<BrowserServer | undefined> =>
  chromiumFound ? chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) : Promise.resolve(undefined);

/** A connection to the run's browser: its close() closes what this spec opened in it, not the browser. */
export const sharedBrowser = (): Promise<Browser> => chromium.connect(inject('chromiumEndpoint'));
