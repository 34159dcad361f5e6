// Miniflare, loaded with require(): through import(), Node's ESM loader first scans its 3.8 MB
// bundle for the names it exports, 0.15 s of every start (the CLI's, startSandbox's, the seeder's).
import { createRequire } from 'node:module';

export const loadMiniflare = () => createRequire(import.meta.url)('miniflare') as typeof import('miniflare');
