// Full-history indicator series for a universe, computed by the engine's batch pass and
// kept: this is the "warm" state a screen evaluates against. Columns are computed on first
// use — all the missing ones of a request in one fused plan, so shared intermediates are
// computed once — and kept for the next screen.
//
// Layout: day-major per shard — symbol s's value on axis day d at `d * symbols + s` (NaN
// where it has no value) — so everything a screen needs for one day across a shard's
// symbols is one contiguous row, handed out as a view. (The snapshot's own ragged,
// symbol-major layout made that a gather with a cache miss per symbol: ~0.7 ms per column
// over the real universe, most of a fresh evaluation.) Price fields get the same layout on
// first use.
//
// Indicators are causal (the value on day d depends only on bars up to d), so one series
// serves every as-of date and every day of a backtest without look-ahead; a test truncates
// the data at d and checks the values are the same.

import { planIndicators } from "../../indicators/plan.ts";
import { PlanRunner } from "../../indicators/plan-runner.ts";
import { benchmarkAxis } from "../../indicators/universe-indicators.ts";
import type { BarTable, PriceField } from "../../snapshot/bar-table.ts";

const FIELDS = ["open", "high", "low", "close", "volume"] as const;

export class IndicatorSeries {
  readonly tables: readonly BarTable[];
  readonly benchmark: string;
  readonly days: number;
  /** name -> one day-major Float64Array per shard (indicator columns, price fields, derived columns). */
  readonly #columns = new Map<string, Float64Array[]>();
  #benchAxis: Float64Array | null = null;

  /**
   * `benchAxis`: the benchmark's close on every axis day, for a host holding only some shards
   * (a Durable Object with one) — by default it is read from `tables`.
   */
  constructor(
    tables: readonly BarTable[],
    benchmark = "SPY",
    benchAxis?: Float64Array,
    options: { maxBytes?: number } = {},
  ) {
    this.tables = tables;
    this.benchmark = benchmark;
    this.days = tables[0]?.days.length ?? 0;
    this.#benchAxis = benchAxis ?? null;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  readonly #maxBytes: number;
  /** Use order of columns: re-inserted on every use, so the first key is the least recently used. */
  readonly #used = new Set<string>();

  #touch(key: string): void {
    this.#used.delete(key);
    this.#used.add(key);
  }

  /**
   * Keeps held columns under `maxBytes` (a Durable Object's memory budget) by dropping the
   * least recently used ones — never one of `keep`, the columns the current request needs.
   */
  #evict(keep: ReadonlySet<string>, incoming: number): void {
    if (!Number.isFinite(this.#maxBytes)) return;
    for (const key of [...this.#used]) {
      if (this.bytes + incoming <= this.#maxBytes) return;
      if (keep.has(key)) continue;
      this.#columns.delete(key);
      this.#used.delete(key);
    }
  }

  has(column: string): boolean {
    return this.#columns.has(column);
  }

  /** Shard k's day-major values of an indicator column; call `ensure` first. */
  column(column: string, shard: number): Float64Array {
    const c = this.#columns.get(column);
    if (!c) throw new Error(`indicator column ${column} was not computed; call ensure() first`);
    this.#touch(column);
    return c[shard] as Float64Array;
  }

  /** Shard k's day-major values of a price field (built on first use). */
  price(field: PriceField, shard: number): Float64Array {
    return this.derived(`price:${field}`, shard, (table) => {
      const S = table.symbols.length;
      const out = new Float64Array(this.days * S).fill(Number.NaN);
      const cells = table[field];
      for (let s = 0; s < S; s++) {
        const start = table.start[s] as number;
        const offset = table.offset[s] as number;
        const n = table.length[s] as number;
        for (let i = 0; i < n; i++) out[(start + i) * S + s] = cells[offset + i] as number;
      }
      return out;
    });
  }

  /** Computes every column not yet held, in one plan. Returns how many were computed. */
  ensure(columns: readonly string[]): number {
    for (const c of columns) if (this.#columns.has(c)) this.#touch(c);
    const missing = [...new Set(columns)].filter((c) => !this.#columns.has(c));
    if (missing.length === 0) return 0;
    const cellBytes = this.tables.reduce((n, t) => n + this.days * t.symbols.length * 8, 0);
    this.#evict(new Set(columns), missing.length * cellBytes);
    const plan = planIndicators(missing);
    const names = plan.columns.map((c) => c.name);
    const out = names.map(() =>
      this.tables.map((t) => new Float64Array(this.days * t.symbols.length).fill(Number.NaN)),
    );
    const runner = new PlanRunner(plan, Math.max(1, this.days));
    // The runner's own scratch state: in wasm memory where the host registered wasm kernels.
    const state = runner.scratchState();
    const needs = new Set(plan.fields);
    const bench = needs.has("bench") ? this.#bench() : null;
    this.tables.forEach((table, k) => {
      const S = table.symbols.length;
      for (let s = 0; s < S; s++) {
        const n = table.length[s] as number;
        const offset = table.offset[s] as number;
        const start = table.start[s] as number;
        for (const f of FIELDS) if (needs.has(f)) runner.loadBars(f, table[f], offset, n);
        if (bench) runner.input("bench").set(bench.subarray(start, start + n));
        runner.batch(state, 0, n);
        for (let c = 0; c < names.length; c++) {
          const series = runner.column(c);
          const into = out[c]?.[k] as Float64Array;
          for (let i = 0; i < n; i++) into[(start + i) * S + s] = series[i] as number;
        }
      }
    });
    names.forEach((name, c) => {
      this.#columns.set(name, out[c] as Float64Array[]);
      this.#touch(name);
    });
    return names.length;
  }

  /**
   * A day-major column derived from others (a rolling window of an indicator, say), built
   * once per shard by `build` and kept under `key`.
   */
  derived(key: string, shard: number, build: (table: BarTable, shard: number) => Float64Array): Float64Array {
    let shards = this.#columns.get(key);
    if (!shards) this.#columns.set(key, (shards = []));
    this.#touch(key);
    let column = shards[shard];
    if (!column) {
      column = build(this.tables[shard] as BarTable, shard);
      shards[shard] = column;
    }
    return column;
  }

  /** Bytes held by computed columns. */
  get bytes(): number {
    let total = 0;
    for (const shards of this.#columns.values()) for (const a of shards) total += a?.byteLength ?? 0;
    return total;
  }

  /** The benchmark's close per axis day, when one was given or has been needed. */
  get benchAxis(): Float64Array | null {
    return this.#benchAxis;
  }

  #bench(): Float64Array {
    this.#benchAxis ??= benchmarkAxis(this.tables, this.benchmark);
    return this.#benchAxis;
  }
}
