// An in-memory MassiveDayStore: for tests, and for a worker that backfills a few days per
// invocation and persists them itself.

import type { MassiveDayStore, StoredTickers } from "./day-store.ts";
import type { GroupedBar, TickerRecord } from "./schemas.ts";

export class MemoryMassiveDayStore implements MassiveDayStore {
  readonly #days = new Map<string, GroupedBar[]>();
  #tickers: StoredTickers | null = null;
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? (() => Date.now());
  }

  async listDays(): Promise<string[]> {
    return [...this.#days.keys()].sort();
  }

  async hasDay(date: string): Promise<boolean> {
    return this.#days.has(date);
  }

  async putDay(date: string, bars: GroupedBar[]): Promise<void> {
    // Copies, so later changes to the caller's array cannot alter a stored day.
    this.#days.set(
      date,
      bars.map((b) => ({ ...b })),
    );
  }

  async getDay(date: string): Promise<GroupedBar[]> {
    const bars = this.#days.get(date);
    if (!bars) throw new Error(`Massive day ${date} is not stored`);
    return bars.map((b) => ({ ...b }));
  }

  async putTickers(records: TickerRecord[]): Promise<void> {
    this.#tickers = { fetchedAt: new Date(this.#now()).toISOString(), records: records.map((r) => ({ ...r })) };
  }

  async getTickers(): Promise<StoredTickers | null> {
    return (
      this.#tickers && { fetchedAt: this.#tickers.fetchedAt, records: this.#tickers.records.map((r) => ({ ...r })) }
    );
  }
}
