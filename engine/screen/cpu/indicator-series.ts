// Full-history indicator series for a universe, in the snapshot's own ragged cell layout
// (value of symbol s on axis day d at `offset[s] + d - start[s]`), computed by the engine's
// batch pass and kept: this is the "warm" state a screen evaluates against. Columns are
// computed on first use — all the missing ones of a request in one fused plan, so shared
// intermediates are computed once — and kept for the next screen.
//
// Indicators are causal (the value on day d depends only on bars up to d), so one series
// serves every as-of date and every day of a backtest without look-ahead; a test truncates
// the data at d and checks the values are the same.

import { planIndicators } from "../../indicators/plan.ts";
import { PlanRunner } from "../../indicators/plan-runner.ts";
import { benchmarkAxis } from "../../indicators/universe-indicators.ts";
import type { BarTable } from "../../snapshot/bar-table.ts";

const FIELDS = ["open", "high", "low", "close", "volume"] as const;

export class IndicatorSeries {
  readonly tables: readonly BarTable[];
  readonly benchmark: string;
  /** column name -> one Float64Array per shard (cells of that shard). */
  readonly #columns = new Map<string, Float64Array[]>();
  readonly #derived = new Map<string, Float64Array[]>();
  #benchAxis: Float64Array | null = null;

  constructor(tables: readonly BarTable[], benchmark = "SPY") {
    this.tables = tables;
    this.benchmark = benchmark;
  }

  has(column: string): boolean {
    return this.#columns.has(column);
  }

  /** Shard k's cells of `column`; call `ensure` first. */
  column(column: string, shard: number): Float64Array {
    const c = this.#columns.get(column);
    if (!c) throw new Error(`indicator column ${column} was not computed; call ensure() first`);
    return c[shard] as Float64Array;
  }

  /** Computes every column not yet held, in one plan. Returns how many were computed. */
  ensure(columns: readonly string[]): number {
    const missing = [...new Set(columns)].filter((c) => !this.#columns.has(c));
    if (missing.length === 0) return 0;
    const plan = planIndicators(missing);
    const names = plan.columns.map((c) => c.name);
    const out = names.map(() => this.tables.map((t) => new Float64Array(t.close.length)));
    const runner = new PlanRunner(plan, Math.max(1, ...this.tables.map((t) => t.days.length)));
    const state = new Float64Array(plan.stateSize);
    const needs = new Set(plan.fields);
    const bench = needs.has("bench") ? this.#bench() : null;
    this.tables.forEach((table, k) => {
      for (let s = 0; s < table.symbols.length; s++) {
        const n = table.length[s] as number;
        const offset = table.offset[s] as number;
        for (const f of FIELDS) {
          if (!needs.has(f)) continue;
          const from = table[f];
          const into = runner.input(f);
          for (let i = 0; i < n; i++) into[i] = from[offset + i] as number;
        }
        if (bench) {
          const start = table.start[s] as number;
          runner.input("bench").set(bench.subarray(start, start + n));
        }
        runner.batch(state, 0, n);
        for (let c = 0; c < names.length; c++)
          (out[c]?.[k] as Float64Array).set(runner.column(c).subarray(0, n), offset);
      }
    });
    names.forEach((name, c) => this.#columns.set(name, out[c] as Float64Array[]));
    return names.length;
  }

  /**
   * A column derived from others (a rolling window of an indicator, say), built once per
   * shard by `build` and kept under `key` like an indicator column.
   */
  derived(key: string, shard: number, build: (table: BarTable, shard: number) => Float64Array): Float64Array {
    let shards = this.#derived.get(key);
    if (!shards) this.#derived.set(key, (shards = []));
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
    for (const shards of [...this.#columns.values(), ...this.#derived.values()])
      for (const a of shards) total += a?.byteLength ?? 0;
    return total;
  }

  #bench(): Float64Array {
    this.#benchAxis ??= benchmarkAxis(this.tables, this.benchmark);
    return this.#benchAxis;
  }
}
