// The CPU backend: evaluates a compiled screen over every shard of a universe as of one
// axis day and returns the matching symbols, sorted, with their shown columns.
//
// Order of work: indicator columns (one fused engine pass for all that are missing), then
// the arguments of cross-sectional functions on every shard, then those functions across
// the universe, then the condition, sort key and shown columns per shard, then one merge:
// sort key (NaN last), ties by symbol in code-unit order, so the answer never depends on
// how the universe is sharded.

import { visit } from "../checker.ts";
import type { CompiledScreen } from "../compile.ts";
import type { TNode } from "../typed.ts";
import { crossSection } from "./cross-section.ts";
import type { IndicatorSeries } from "./indicator-series.ts";
import { ShardEvaluator } from "./shard-evaluator.ts";

export type CellValue = number | string | boolean | null;

export interface ScreenRow {
  readonly symbol: string;
  readonly shard: number;
  /** Index of the symbol in its shard's table. */
  readonly index: number;
  /** The `sort by` value (null when the screen has no sort or the value is unknown). */
  readonly sortKey: number | null;
  /** One value per shown column, in `columns` order. */
  readonly values: readonly CellValue[];
}

export interface ScreenResult {
  /** Axis index of the evaluated day. */
  readonly day: number;
  /** Symbols with a bar on that day (the universe the screen saw). */
  readonly evaluated: number;
  /** Symbols that passed the condition (before `top` and the limit). */
  readonly matched: number;
  readonly columns: readonly string[];
  readonly rows: readonly ScreenRow[];
}

export interface EvaluateOptions {
  /** Axis index of the as-of day; default the last day. */
  readonly day?: number;
  /** At most this many rows (after the screen's own `top`). */
  readonly limit?: number;
  /**
   * Cross-sectional values computed elsewhere (a coordinator ranking every shard's raw
   * values): node key -> one array per table of the session. Without it, the session ranks
   * over its own tables.
   */
  readonly cross?: ReadonlyMap<string, readonly Float64Array[]>;
}

/** Raw arguments of one cross-sectional function, per table, for a coordinator to rank. */
export interface CrossInput {
  readonly key: string;
  readonly op: Extract<TNode, { kind: "cross" }>["op"];
  readonly values: Float64Array[];
  /** Lower-cased sector per symbol (sector_rank only). */
  readonly groups: string[][] | null;
}

export class ScreenEvaluationError extends Error {
  override name = "ScreenEvaluationError";
}

export function evaluateScreen(
  screen: CompiledScreen,
  series: IndicatorSeries,
  options: EvaluateOptions = {},
): ScreenResult {
  return new ScreenSession(screen, series).run(options);
}

/**
 * One screen over one universe, evaluated on as many days as asked: moving to the next day
 * reuses the values earlier days computed (a backtest reads each lag once, not once per
 * day that looks back at it).
 */
export class ScreenSession {
  readonly screen: CompiledScreen;
  readonly series: IndicatorSeries;
  readonly #shards: ShardEvaluator[];

  constructor(screen: CompiledScreen, series: IndicatorSeries) {
    this.screen = screen;
    this.series = series;
    series.ensure(screen.indicators);
    this.#shards = series.tables.map((t, k) => new ShardEvaluator(t, k, series, 0));
  }

  run(options: EvaluateOptions = {}): ScreenResult {
    const screen = this.screen;
    const day = evaluationDay(screen, this.series, options.day);
    const shards = this.#shards;
    for (const ev of shards) ev.setDay(day, screen.lookback + 1);
    if (options.cross) {
      for (const [key, perShard] of options.cross)
        shards.forEach((ev, k) => {
          const v = perShard[k];
          if (!v || v.length !== ev.size)
            throw new ScreenEvaluationError(`cross-sectional values for ${key} do not fit shard ${k}`);
          ev.cross.set(key, v);
        });
    } else supplyCrossSections(screen, shards);

    const { where, sort, show } = screen.typed;
    let evaluated = 0;
    let matched = 0;
    const candidates: ScreenRow[] = [];
    for (const ev of shards) {
      const pass = where ? ev.num(where, 0) : null;
      const key = sort ? ev.num(sort.expr, 0) : null;
      const columns = show.map((item) => (item.expr.type === "text" ? ev.text(item.expr) : ev.num(item.expr, 0)));
      for (let s = 0; s < ev.size; s++) {
        if (!ev.present[s]) continue;
        evaluated++;
        if (pass && pass[s] !== 1) continue;
        matched++;
        const k = key ? (key[s] as number) : Number.NaN;
        candidates.push({
          symbol: (ev.table.symbols[s] as { symbol: string }).symbol,
          shard: ev.shard,
          index: s,
          sortKey: k === k ? k : null,
          values: show.map((item, c) => cell(item.expr, columns[c] as Float64Array | string[], s)),
        });
      }
    }
    return finishResult(screen, day, evaluated, matched, candidates, options.limit);
  }

  /** The raw arguments of the screen's cross-sectional functions on `day` (phase one of a distributed scan). */
  crossInputs(day: number): CrossInput[] {
    const shards = this.#shards;
    for (const ev of shards) ev.setDay(day, this.screen.lookback + 1);
    return crossNodes(this.screen).map((n) => ({
      key: n.key,
      op: n.op,
      values: shards.map((ev) => {
        const v = Float64Array.from(ev.num(n.arg, 0));
        for (let s = 0; s < ev.size; s++) if (!ev.present[s]) v[s] = Number.NaN;
        return v;
      }),
      groups: n.op === "sector_rank" ? shards.map((ev) => ev.table.symbols.map((i) => i.sector.toLowerCase())) : null,
    }));
  }
}

/** Sort key (unknown last), then symbol in code-unit order: the one row order of every backend. */
export function rowOrder(descending: boolean): (a: ScreenRow, b: ScreenRow) => number {
  return (a, b) => {
    if (a.sortKey !== b.sortKey) {
      if (a.sortKey === null) return 1;
      if (b.sortKey === null) return -1;
      return descending ? b.sortKey - a.sortKey : a.sortKey - b.sortKey;
    }
    return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
  };
}

/** The axis day a backend evaluates on (default the last), refused when the data cannot serve it. */
export function evaluationDay(screen: CompiledScreen, series: IndicatorSeries, requested?: number): number {
  const days = series.tables[0]?.days.length ?? 0;
  const day = requested ?? days - 1;
  if (!Number.isInteger(day) || day < 0 || day >= days)
    throw new ScreenEvaluationError(`day index ${day} is outside the snapshot's ${days} days`);
  if (screen.lookback > day)
    throw new ScreenEvaluationError(
      `the screen looks back ${screen.lookback} bars, but the snapshot has only ${day} bars before that day`,
    );
  return day;
}

/** Sorts a backend's candidate rows into the one row order and cuts them to the limit. */
export function finishResult(
  screen: CompiledScreen,
  day: number,
  evaluated: number,
  matched: number,
  candidates: ScreenRow[],
  limit?: number,
): ScreenResult {
  candidates.sort(rowOrder(screen.typed.sort?.descending ?? false));
  const top = rowLimit(screen, limit);
  return {
    day,
    evaluated,
    matched,
    columns: screen.typed.show.map((s) => s.name),
    rows: Number.isFinite(top) ? candidates.slice(0, top) : candidates,
  };
}

/** Rows to return: the screen's `top` and the caller's limit, whichever is smaller. */
export function rowLimit(screen: CompiledScreen, limit?: number): number {
  return Math.min(screen.typed.top ?? Number.POSITIVE_INFINITY, limit ?? Number.POSITIVE_INFINITY);
}

/** Merges per-shard results (each already cut to the limit) into the universe's answer. */
export function mergeResults(screen: CompiledScreen, parts: readonly ScreenResult[], limit?: number): ScreenResult {
  const rows = parts.flatMap((p) => p.rows).sort(rowOrder(screen.typed.sort?.descending ?? false));
  const top = rowLimit(screen, limit);
  return {
    day: parts[0]?.day ?? 0,
    evaluated: parts.reduce((n, p) => n + p.evaluated, 0),
    matched: parts.reduce((n, p) => n + p.matched, 0),
    columns: screen.typed.show.map((s) => s.name),
    rows: Number.isFinite(top) ? rows.slice(0, top) : rows,
  };
}

function crossNodes(screen: CompiledScreen): Extract<TNode, { kind: "cross" }>[] {
  const nodes = new Map<string, Extract<TNode, { kind: "cross" }>>();
  const { where, sort, show } = screen.typed;
  for (const root of [where, sort?.expr, ...show.map((s) => s.expr)])
    if (root) visit(root, (n) => n.kind === "cross" && nodes.set(n.key, n));
  return [...nodes.values()];
}

function cell(expr: TNode, values: Float64Array | string[], s: number): CellValue {
  if (expr.type === "text") {
    const t = (values as string[])[s] as string;
    return t === "" ? null : t;
  }
  const x = (values as Float64Array)[s] as number;
  if (x !== x) return null;
  return expr.type === "bool" ? x === 1 : x;
}

/** Computes every cross-sectional node across all shards and hands each shard its part. */
function supplyCrossSections(screen: CompiledScreen, shards: readonly ShardEvaluator[]): void {
  if (!screen.crossSectional) return;
  for (const n of crossNodes(screen)) {
    const inputs = shards.map((ev) => {
      const v = Float64Array.from(ev.num(n.arg, 0));
      for (let s = 0; s < ev.size; s++) if (!ev.present[s]) v[s] = Number.NaN;
      return v;
    });
    const groups =
      n.op === "sector_rank" ? shards.map((ev) => ev.table.symbols.map((i) => i.sector.toLowerCase())) : undefined;
    const out = crossSection(n.op, inputs, groups);
    shards.forEach((ev, k) => ev.cross.set(n.key, out[k] as Float64Array));
  }
}
