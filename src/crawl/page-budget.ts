/** A slot of the scan's page budget, held while one page loads and settles. Releasing twice is harmless. */
export interface PageSlot {
  release(): void;
}

interface Waiter {
  unit: object;
  grant(slot: PageSlot | null): void;
}

/**
 * The pages in flight across the whole scan (`--concurrency`), shared by the (site, scenario) units
 * that crawl at once. Fair: a free slot goes to the waiting unit holding the fewest, and every unit
 * that joined and holds none keeps one slot in reserve, so a site whose pages hang until --timeout
 * can take all but those, never stall the others. A unit that leaves frees its share for the rest.
 */
export class PageBudget {
  /** Units crawling now, with the slots each holds. */
  private readonly held = new Map<object, number>();
  private readonly waiters: Waiter[] = [];
  /** Units that left: a page of theirs still finishing gets no new slot, and keeps none in reserve. */
  private readonly gone = new WeakSet<object>();
  private inUse = 0;

  constructor(private readonly capacity: number) {}

  /** The unit is ready to crawl: from now on a slot is kept for it whenever it holds none. */
  join(unit: object): void {
    if (!this.held.has(unit) && !this.gone.has(unit)) this.held.set(unit, 0);
  }

  /** The unit is done crawling (its slots must have been released). */
  leave(unit: object): void {
    this.gone.add(unit);
    this.held.delete(unit);
    for (const waiter of this.waiters.filter((candidate) => candidate.unit === unit)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.grant(null);
    }
    this.grantFree();
  }

  /** Resolves with a slot, or with null if `signal` aborts first. */
  acquire(unit: object, signal?: AbortSignal): Promise<PageSlot | null> {
    this.join(unit);
    if (signal?.aborted || this.gone.has(unit)) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = { unit, grant: resolve };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(null);
        this.grantFree();
      };
      waiter.grant = (slot) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(slot);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.grantFree();
    });
  }

  private grantFree(): void {
    for (let waiter = this.nextGrantable(); waiter; waiter = this.nextGrantable()) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.grant(this.take(waiter.unit));
    }
  }

  /** The waiter holding the fewest slots (first come among equals), if the budget lets it have one. */
  private nextGrantable(): Waiter | undefined {
    const free = this.capacity - this.inUse;
    if (free <= 0 || this.waiters.length === 0) return undefined;
    let best: Waiter | undefined;
    for (const waiter of this.waiters) if (!best || this.heldBy(waiter.unit) < this.heldBy(best.unit)) best = waiter;
    if (!best) return undefined;
    if (this.heldBy(best.unit) === 0) return best;
    // A unit that already has pages in flight leaves one slot for each unit that has none.
    const reserved = [...this.held.values()].filter((count) => count === 0).length;
    return free > reserved ? best : undefined;
  }

  private heldBy(unit: object): number {
    return this.held.get(unit) ?? 0;
  }

  private take(unit: object): PageSlot {
    this.inUse++;
    this.held.set(unit, this.heldBy(unit) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inUse--;
        if (this.held.has(unit)) this.held.set(unit, this.heldBy(unit) - 1);
        this.grantFree();
      },
    };
  }
}

/** Tabs open at once across the scan, per page loading: pages settling (waiting for late cookies) sit idle. */
const OPEN_PAGES_PER_LOADING = 3;

/** What one visit holds: a tab among the open pages, and a place among the pages loading until `loaded()`. */
export interface VisitSlots {
  /** The page has loaded: what follows (waiting for late cookies) uses no CPU, so others may load meanwhile. */
  loaded(): void;
  release(): void;
}

/**
 * The scan's two budgets: pages loading at once (`--concurrency`: that is what costs CPU) and tabs open
 * at once (OPEN_PAGES_PER_LOADING times as many: what costs memory). A visit takes an open tab, then a
 * loading place, and gives the loading place back as soon as its page has loaded.
 */
export class ScanBudget {
  private readonly loading: PageBudget;
  private readonly open: PageBudget;
  private readonly maxParkedTabs: number;
  private parkedTabs = 0;

  constructor(concurrency: number) {
    this.loading = new PageBudget(concurrency);
    this.open = new PageBudget(concurrency * OPEN_PAGES_PER_LOADING);
    this.maxParkedTabs = concurrency;
  }

  /**
   * Whether a tab done with its visit may wait, open, for its unit's next page (opening one costs
   * 0.1–0.4 s of a busy 2-core machine); idle tabs across the scan are capped like pages loading.
   */
  parkTab(): boolean {
    if (this.parkedTabs >= this.maxParkedTabs) return false;
    this.parkedTabs++;
    return true;
  }

  /** A parked tab was taken again, or closed. */
  unparkTab(): void {
    this.parkedTabs = Math.max(0, this.parkedTabs - 1);
  }

  join(unit: object): void {
    this.open.join(unit);
    this.loading.join(unit);
  }

  leave(unit: object): void {
    this.loading.leave(unit);
    this.open.leave(unit);
  }

  /** Both slots (always in this order, so no two visits wait on each other), or null if `signal` aborts first. */
  async acquire(unit: object, signal?: AbortSignal): Promise<VisitSlots | null> {
    const open = await this.open.acquire(unit, signal);
    if (!open) return null;
    const loading = await this.loading.acquire(unit, signal);
    if (!loading) {
      open.release();
      return null;
    }
    return {
      loaded: () => loading.release(),
      release: () => {
        loading.release();
        open.release();
      },
    };
  }
}
