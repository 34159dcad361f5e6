// Writes journal entries to their tenants' Durable Objects after the answers, batched per
// isolate: a request whose tenant has no write pending schedules one (in its own
// ctx.waitUntil, with its own stub: an I/O object never crosses requests), and the entries of
// the requests that arrive meanwhile ride along in it as plain data. Under load this turns a
// Durable Object call per request into one per batch. Owned by the runtime (runtime.ts).
import { JOURNAL_FLUSH_MS } from '../limits';
import type { Tenant } from './reach';
import type { JournalRecord } from './tenant-state';

type Pending = [JournalRecord, arrival: number][];

export class JournalWriter {
  private readonly pending = new Map<string, Pending>();
  private readonly unwritten = new Map<string, number>(); // writes scheduled or under way, by tenant

  /** Queues `record` for the tenant named `name`; returns the write to wait for when this request
   *  scheduled it. The tenant is reached (a stub made) only then: a request that joins a batch
   *  already scheduled makes none. */
  add(name: string, reach: () => Tenant, record: JournalRecord, arrival: number): Promise<void> | undefined {
    const queued = this.pending.get(name);
    if (queued) {
      queued.push([record, arrival]);
      return undefined;
    }
    this.pending.set(name, [[record, arrival]]);
    this.unwritten.set(name, (this.unwritten.get(name) ?? 0) + 1);
    return this.flush(reach());
  }

  /** Waits until the tenant's entries queued in this isolate are written, or `maxMs` passes, so
   *  that a journal read sees the requests answered before it. It polls plain data: a promise
   *  made in one request's context must not be awaited by another. */
  async drained(tenantName: string, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (this.unwritten.has(tenantName) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  private async flush(tenant: Tenant): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS));
    const batch = this.pending.get(tenant.name) ?? [];
    this.pending.delete(tenant.name); // entries from now on start the next batch
    try {
      await tenant.state.record(batch, tenant.bounds());
    } catch (error) {
      console.error(`journal: could not record ${batch.length} request(s) of ${tenant.name}`, error);
    } finally {
      const left = (this.unwritten.get(tenant.name) ?? 1) - 1;
      if (left > 0) this.unwritten.set(tenant.name, left);
      else this.unwritten.delete(tenant.name);
    }
  }
}
