// Where backfilled Massive days live. One entry per fetched trading day; an entry with no
// bars marks a day the market was closed (or had no data), so it is never fetched again.
// Implementations: MemoryMassiveDayStore (memory-day-store.ts) and the CLI's FileMassiveDayStore.

import type { GroupedBar, TickerRecord } from "./schemas.ts";

export interface StoredTickers {
  /** ISO timestamp of when the list was fetched. */
  readonly fetchedAt: string;
  readonly records: TickerRecord[];
}

export interface MassiveDayStore {
  /** Every stored date (YYYY-MM-DD), ascending. */
  listDays(): Promise<string[]>;
  hasDay(date: string): Promise<boolean>;
  /** Stores a whole day at once; after it resolves the day is complete and durable. */
  putDay(date: string, bars: GroupedBar[]): Promise<void>;
  /** The bars of a stored day; rejects if the day is not stored or unreadable. */
  getDay(date: string): Promise<GroupedBar[]>;
  putTickers(records: TickerRecord[]): Promise<void>;
  getTickers(): Promise<StoredTickers | null>;
}
