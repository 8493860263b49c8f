// UniverseShard: one Durable Object per snapshot shard. It loads its shard from R2 once per
// snapshot version (inside blockConcurrencyWhile, so no call sees half a load), keeps the
// indicator columns screens have asked for warm in memory, and answers the coordinator's
// typed RPC calls: the raw arguments of a screen's cross-sectional functions (phase one)
// and the screen's rows on its symbols (phase two). Every call names the snapshot version,
// so a scan never mixes two versions: a shard holding another version reloads first.

import { DurableObject } from "cloudflare:workers";
import { isoDay, parseIsoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { AsOfRangeError, resolveAsOf } from "../../engine/screen/as-of.ts";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { type CrossInput, type ScreenResult, type ScreenRow, ScreenSession } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { shardOf } from "../../engine/snapshot/shard-key.ts";
import type { Env } from "../env.ts";
import { readManifest, readShard } from "../snapshots/r2-snapshots.ts";

export interface ShardCall {
  readonly version: string;
  readonly shard: number;
  /** Canonical screen text (compiled again here: compiling is well under a millisecond). */
  readonly screen: string;
  readonly day: number;
}

export interface ShardRow extends ScreenRow {
  readonly name: string;
  readonly sector: string;
  readonly type: string;
  readonly close: number;
}

export interface SymbolDetail {
  readonly info: { symbol: string; name: string; type: string; exchange: string; sector: string; industry: string };
  readonly firstDay: string;
  readonly bars: {
    date: string;
    open: number | null;
    high: number | null;
    low: number | null;
    close: number | null;
    volume: number | null;
  }[];
  readonly series: Record<string, (number | null)[]>;
  readonly latest: Record<string, number | null>;
}

export interface ShardStatus {
  readonly version: string | null;
  readonly shard: number | null;
  readonly symbols: number;
  readonly loads: number;
  readonly columnBytes: number;
}

const BENCHMARK = "SPY";
/**
 * Indicator columns a shard keeps warm, least recently used dropped first: with the shard's
 * own blob (~6 MB for the real universe) this keeps an object well inside Workers' 128 MB.
 */
const COLUMN_BUDGET_BYTES = 64 * 1024 * 1024;

export class UniverseShard extends DurableObject<Env> {
  #version: string | null = null;
  #shardIndex: number | null = null;
  #table: Shard | null = null;
  #series: IndicatorSeries | null = null;
  #loads = 0;

  /** Phase one: the raw arguments of the screen's cross-sectional functions on this shard. */
  async crossInputs(call: ShardCall): Promise<CrossInput[]> {
    const series = await this.#load(call.version, call.shard);
    return new ScreenSession(compileScreen(call.screen), series).crossInputs(call.day);
  }

  /** Phase two: the screen's rows on this shard (already cut to `limit`), with counts and each row's name, sector and close. */
  async evaluate(
    call: ShardCall & { readonly limit?: number; readonly cross?: Record<string, Float64Array> },
  ): Promise<ScreenResult & { rows: ShardRow[] }> {
    const series = await this.#load(call.version, call.shard);
    const cross = call.cross ? new Map(Object.entries(call.cross).map(([k, v]) => [k, [v]])) : undefined;
    const result = new ScreenSession(compileScreen(call.screen), series).run({
      day: call.day,
      ...(call.limit !== undefined ? { limit: call.limit } : {}),
      ...(cross ? { cross } : {}),
    });
    const table = this.#table as Shard;
    return {
      ...result,
      rows: result.rows.map((r) => {
        const info = table.symbols[r.index];
        const local = call.day - (table.start[r.index] as number);
        return {
          ...r,
          shard: call.shard,
          name: info?.name ?? "",
          sector: info?.sector ?? "",
          type: info?.type ?? "stock",
          close: Number((table.close[(table.offset[r.index] as number) + local] as number).toPrecision(7)),
        };
      }),
    };
  }

  /**
   * The axis index of an as-of date (YYYY-MM-DD; null = the last day) and the trading day it
   * resolves to, or the range available when it is outside the snapshot.
   */
  async resolveDay(
    version: string,
    shard: number,
    asOf: string | null,
  ): Promise<{ ok: true; day: number; date: string } | { ok: false; message: string; first: string; last: string }> {
    await this.#load(version, shard);
    const days = (this.#table as Shard).days;
    const parsed = asOf === null ? undefined : parseIsoDay(asOf);
    if (parsed === null) {
      const first = isoDay(days[0] as UnixDay);
      const last = isoDay(days[days.length - 1] as UnixDay);
      return { ok: false, message: `as_of must be a date as YYYY-MM-DD, got "${asOf}"`, first, last };
    }
    try {
      const day = resolveAsOf(days, parsed);
      return { ok: true, day, date: isoDay(days[day] as UnixDay) };
    } catch (error) {
      if (error instanceof AsOfRangeError)
        return { ok: false, message: error.message, first: error.first, last: error.last };
      throw error;
    }
  }

  /**
   * One symbol for charts and its page: metadata, the last `days` bars, the chosen indicator
   * series over those days, and the latest value of each. Indicators are computed over the
   * symbol's whole history (so they match a full chart) but for this symbol only — the
   * shard's warm columns are for screens.
   */
  async symbol(
    version: string,
    shard: number,
    symbol: string,
    days: number,
    indicators: readonly string[],
  ): Promise<SymbolDetail | null> {
    await this.#load(version, shard);
    const table = this.#table as Shard;
    const s = table.symbols.findIndex((i) => i.symbol === symbol);
    if (s < 0) return null;
    const n = table.length[s] as number;
    const offset = table.offset[s] as number;
    const start = table.start[s] as number;
    const plan = planIndicators([...indicators]);
    const runner = new PlanRunner(plan, Math.max(1, n));
    for (const f of ["open", "high", "low", "close", "volume"] as const)
      for (let i = 0; i < n; i++) runner.input(f)[i] = table[f][offset + i] as number;
    const bench = this.#series?.benchAxis;
    if (bench) runner.input("bench").set(bench.subarray(start, start + n));
    runner.batch(new Float64Array(plan.stateSize), 0, n);
    const from = Math.max(0, n - days);
    const f32 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(7)) : null);
    const num = (x: number) => (Number.isFinite(x) ? x : null);
    const bars = [];
    for (let i = from; i < n; i++)
      bars.push({
        date: isoDay(table.days[start + i] as UnixDay),
        open: f32(table.open[offset + i] as number),
        high: f32(table.high[offset + i] as number),
        low: f32(table.low[offset + i] as number),
        close: f32(table.close[offset + i] as number),
        volume: f32(table.volume[offset + i] as number),
      });
    const series: Record<string, (number | null)[]> = {};
    const latest: Record<string, number | null> = {};
    plan.columns.forEach((col, c) => {
      const values = runner.column(c);
      series[col.name] = Array.from(values.subarray(from, n), num);
      let last: number | null = null;
      for (let i = n - 1; i >= 0 && last === null; i--) last = num(values[i] as number);
      latest[col.name] = last;
    });
    const info = table.symbols[s] as Shard["symbols"][number];
    return { info: { ...info }, firstDay: isoDay(table.days[start] as UnixDay), bars, series, latest };
  }

  status(): ShardStatus {
    return {
      version: this.#version,
      shard: this.#shardIndex,
      symbols: this.#table?.symbols.length ?? 0,
      loads: this.#loads,
      columnBytes: this.#series?.bytes ?? 0,
    };
  }

  async #load(version: string, shard: number): Promise<IndicatorSeries> {
    if (this.#version === version && this.#shardIndex === shard && this.#series) return this.#series;
    // A failure is caught inside and rethrown outside: an exception escaping
    // blockConcurrencyWhile breaks the object's input gate and resets it.
    let failure: unknown = null;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.#version === version && this.#shardIndex === shard && this.#series) return;
      try {
        await this.#read(version, shard);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
    return this.#series as unknown as IndicatorSeries;
  }

  async #read(version: string, shard: number): Promise<void> {
    const bucket = this.env.SNAPSHOTS;
    const manifest = await readManifest(bucket, version);
    const table = await readShard(bucket, manifest, shard);
    // Beta, correlation and relative strength need the benchmark's closes, which live in
    // its own shard: read them from there (once per version).
    const benchShard = shardOf(BENCHMARK, manifest.shardCount);
    const benchTable = benchShard === shard ? table : await readShard(bucket, manifest, benchShard);
    const benchAxis = new Float64Array(benchTable.days.length).fill(Number.NaN);
    const b = benchTable.symbols.findIndex((i) => i.symbol === BENCHMARK);
    if (b >= 0) {
      const start = benchTable.start[b] as number;
      const offset = benchTable.offset[b] as number;
      for (let i = 0; i < (benchTable.length[b] as number); i++)
        benchAxis[start + i] = benchTable.close[offset + i] as number;
    }
    this.#table = table;
    this.#series = new IndicatorSeries([table], BENCHMARK, benchAxis, { maxBytes: COLUMN_BUDGET_BYTES });
    this.#version = version;
    this.#shardIndex = shard;
    this.#loads++;
  }
}
