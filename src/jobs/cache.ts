// What an isolate remembers of KV reads (one per FixtureStore, see fixture-store.ts): settled
// values only, so that a warm isolate reads each job from KV once per staleness window
// (JOB_CACHE_TTL_MS) instead of once per request. Bounded in entries (JOB_CACHE_MAX_ENTRIES):
// past the bound the oldest entry goes. Absent jobs and invalid values are remembered too, so
// a seed shows up within one window either way.

export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expires > now ? entry.value : undefined;
  }

  /** The value kept for `key` even past its time to live: what to fall back on when a refresh fails. */
  stale(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: T, now: number): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    this.entries.delete(key); // re-inserted last, so Map order stays oldest-first
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
