// Writes journal entries to their tenants' Durable Objects after the answers, batched per
// isolate: a request whose tenant has no batch open opens one (in its own ctx.waitUntil, with
// its own stub: an I/O object never crosses requests), and the entries of the requests that
// arrive meanwhile ride along in it as plain data. Under load this turns a Durable Object call
// per request into two per batch. Owned by the runtime (runtime.ts).
//
// Read-your-writes across isolates: a journal read, a clear or a reset may be answered by
// another isolate than the requests before it, so the tenant's object must know of every batch
// still to come. A batch is announced to the object (one call, no storage) before any of its
// requests is answered; a read there first waits for the batches announced before it
// (TenantState.settled). The first request of a batch waits that one call; the rest wait for
// nothing once it is done.
import { JOURNAL_FLUSH_MS } from '../limits';
import type { Tenant } from './reach';
import type { JournalRecord } from './tenant-state';

type Pending = [JournalRecord, arrival: number][];

interface Batch {
  id: string;
  entries: Pending;
  announced: boolean; // the object knows of it (or could not be told: nothing is held up for it)
}

const ANNOUNCE_POLL_MS = 1;

/** What a request does with its entry: `flush` to hand to ctx.waitUntil (it opened the batch),
 *  `ready` to wait for before answering (the batch is not announced yet). */
export interface Added {
  flush?: Promise<void>;
  ready?: Promise<void>;
}

export class JournalWriter {
  private readonly open = new Map<string, Batch>(); // at most one a tenant: the entries of the last JOURNAL_FLUSH_MS

  /** Queues `record` for the tenant named `name`. The tenant is reached (a stub made) only by the
   *  request that opens a batch: one that joins a batch already open makes none. */
  add(name: string, reach: () => Tenant, record: JournalRecord, arrival: number): Added {
    const joined = this.open.get(name);
    if (joined) {
      joined.entries.push([record, arrival]);
      return joined.announced ? {} : { ready: announced(joined) };
    }
    const batch: Batch = { id: crypto.randomUUID(), entries: [[record, arrival]], announced: false };
    this.open.set(name, batch);
    const tenant = reach();
    const announcing = tenant.state
      .announce(batch.id)
      .catch((error) => console.error(`journal: could not announce a batch of ${tenant.name}`, error))
      .finally(() => {
        batch.announced = true;
      });
    return { ready: announcing, flush: this.flush(tenant, batch, announcing) };
  }

  private async flush(tenant: Tenant, batch: Batch, announcing: Promise<void>): Promise<void> {
    await announcing;
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS));
    if (this.open.get(tenant.name) === batch) this.open.delete(tenant.name); // entries from now on open the next batch
    try {
      await tenant.state.record(batch.entries, tenant.bounds(), batch.id);
    } catch (error) {
      console.error(`journal: could not record ${batch.entries.length} request(s) of ${tenant.name}`, error);
    }
  }
}

/** Waits, polling plain data, until another request has announced `batch`: a promise made in one
 *  request's context must not be awaited by another. */
async function announced(batch: Batch): Promise<void> {
  while (!batch.announced) await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_POLL_MS));
}
