// Backtesting a screen: run it as of every trading day in a range (each day sees only data
// up to that day), buy each day's picks in equal weight and hold them `hold` days. Reported
// against the equal-weighted average of every symbol trading that day:
//   - per pick: forward return over the holding period (to the last close at or before the
//     exit day, so a symbol that stops trading is held at its last price), hit rate (share
//     of picks with a positive return), mean and median;
//   - the equity curve of a staggered book: each day 1/hold of it buys that day's picks in
//     equal weight and holds them `hold` days (see runBook), beside the same book buying
//     every symbol trading that day;
//   - turnover: the share of a day's picks that were not picked the day before.
// Trading costs and slippage are not modelled; the report says so.

import type { BarTable } from "../snapshot/bar-table.ts";
import type { CompiledScreen } from "./compile.ts";
import { ScreenEvaluationError, ScreenSession } from "./cpu/evaluate.ts";
import type { IndicatorSeries } from "./cpu/indicator-series.ts";

export interface BacktestOptions {
  /** First and last signal day (axis indices, inclusive). */
  readonly fromDay: number;
  readonly toDay: number;
  /** Trading days each pick is held. */
  readonly hold: number;
  /** At most this many picks a day (default: the screen's `top`, else every match). */
  readonly top?: number;
}

export interface BacktestResult {
  readonly fromDay: number;
  readonly toDay: number;
  readonly hold: number;
  readonly signalDays: number;
  readonly picks: number;
  /** Days on which the screen picked nothing. */
  readonly emptyDays: number;
  /** Share of picks with a positive forward return (picks whose exit lies in the data). */
  readonly hitRate: number;
  readonly meanReturn: number;
  readonly medianReturn: number;
  /** Mean forward return of every symbol trading on the signal days, same holding period. */
  readonly universeMeanReturn: number;
  readonly universeMedianReturn: number;
  /** Mean share of a day's picks that were not picked the day before. */
  readonly turnover: number;
  /** Axis day index and equity (1 = start) of the strategy and of the universe, daily. */
  readonly equity: readonly { readonly day: number; readonly strategy: number; readonly universe: number }[];
}

export function backtestScreen(
  screen: CompiledScreen,
  series: IndicatorSeries,
  options: BacktestOptions,
): BacktestResult {
  const tables = series.tables;
  const days = tables[0]?.days.length ?? 0;
  const { fromDay, toDay, hold } = options;
  if (!Number.isInteger(hold) || hold < 1 || hold > 252)
    throw new ScreenEvaluationError(`the holding period must be 1 to 252 trading days, got ${hold}`);
  if (!(fromDay >= 0 && toDay < days && fromDay <= toDay))
    throw new ScreenEvaluationError(
      `the backtest range (days ${fromDay} to ${toDay}) is outside the snapshot's ${days} days`,
    );
  if (fromDay < screen.lookback)
    throw new ScreenEvaluationError(
      `the screen looks back ${screen.lookback} bars: the backtest can start on day ${screen.lookback} of the snapshot at the earliest`,
    );
  const limit = options.top ?? screen.typed.top ?? undefined;
  const session = new ScreenSession(screen, series);

  // Closes carried forward (a symbol that stops trading is held at its last price), one
  // vector over every symbol of every shard per day from the first signal to the last exit.
  const end = Math.min(days - 1, toDay + hold);
  const base: number[] = [];
  let total = 0;
  for (const t of tables) {
    base.push(total);
    total += t.symbols.length;
  }
  const prices: Float64Array[] = [];
  for (let d = fromDay; d <= end; d++) {
    // 0 where a symbol has no price yet: weights are 0 there too, so dot products need no branch.
    const p = new Float64Array(total);
    const before = prices[prices.length - 1];
    tables.forEach((table, k) => {
      const b = base[k] as number;
      for (let s = 0; s < table.symbols.length; s++) {
        const v = d === fromDay ? lastCloseAtOrBefore(table, s, d) : valueOn(table, s, d);
        p[b + s] = v === v ? v : before ? (before[b + s] as number) : 0;
      }
    });
    prices.push(p);
  }
  const priceOn = (d: number) => prices[d - fromDay] as Float64Array;

  const cohorts: { day: number; picks: Int32Array }[] = [];
  const pickReturns: number[] = [];
  const universeReturns: number[] = [];
  let emptyDays = 0;
  let turnoverSum = 0;
  let turnoverDays = 0;
  let previous = new Set<number>();
  for (let d = fromDay; d <= toDay; d++) {
    const result = session.run({ day: d, ...(limit ? { limit } : {}) });
    const picks = Int32Array.from(result.rows, (row) => (base[row.shard] as number) + row.index);
    const today = new Set(picks);
    if (picks.length === 0) emptyDays++;
    else if (d > fromDay) {
      let fresh = 0;
      for (const p of today) if (!previous.has(p)) fresh++;
      turnoverSum += fresh / today.size;
      turnoverDays++;
    }
    previous = today;
    cohorts.push({ day: d, picks });
    if (d + hold < days) {
      const entry = priceOn(d);
      const exit = priceOn(d + hold);
      for (const p of picks) {
        const r = (exit[p] as number) / (entry[p] as number) - 1;
        if (r === r) pickReturns.push(r);
      }
      tables.forEach((table, k) => {
        for (let s = 0; s < table.symbols.length; s++) {
          const here = valueOn(table, s, d);
          if (here !== here) continue;
          const r = (exit[(base[k] as number) + s] as number) / here - 1;
          if (r === r) universeReturns.push(r);
        }
      });
    }
  }

  // Equity curves. Each signal day, 1/hold of the book (at most the cash on hand) buys that
  // day's picks in equal weight at the close; a cohort is sold at the close `hold` days later
  // and its proceeds return to cash. Cohorts are never rebalanced against each other, so the
  // curve is what running the screen would have earned (before costs). The universe curve is
  // the same book buying every symbol that traded on each signal day.
  const strategyValue = (c: number, t: number): number => {
    const cohort = cohorts[c] as { day: number; picks: Int32Array };
    const entry = priceOn(cohort.day);
    const now = priceOn(t);
    let v = 0;
    for (const p of cohort.picks) v += (now[p] as number) / (entry[p] as number);
    return v / cohort.picks.length;
  };
  const universeWeights = new Map<number, { weights: Float64Array; n: number }>();
  const universeValue = (c: number, t: number): number => {
    let u = universeWeights.get(c);
    if (!u) {
      const day = (cohorts[c] as { day: number }).day;
      const entry = priceOn(day);
      const weights = new Float64Array(total);
      let n = 0;
      tables.forEach((table, k) => {
        for (let s = 0; s < table.symbols.length; s++) {
          const i = (base[k] as number) + s;
          if (valueOn(table, s, day) === valueOn(table, s, day)) {
            weights[i] = 1 / (entry[i] as number);
            n++;
          }
        }
      });
      universeWeights.set(c, (u = { weights, n }));
    }
    const now = priceOn(t);
    const w = u.weights;
    let v = 0;
    for (let i = 0; i < total; i++) v += (w[i] as number) * (now[i] as number);
    return v / u.n;
  };
  const universeSizes = cohorts.map((c) => ({ day: c.day, picks: c.picks.length }));
  const strategyCurve = runBook(
    cohorts.map((c) => c.picks.length),
    fromDay,
    toDay,
    end,
    hold,
    strategyValue,
  );
  const universeCurve = runBook(
    universeSizes.map((c) => (c.day >= 0 ? 1 : 0)),
    fromDay,
    toDay,
    end,
    hold,
    universeValue,
  );
  const equity = strategyCurve.map((v, i) => ({ day: fromDay + i, strategy: v, universe: universeCurve[i] as number }));

  return {
    fromDay,
    toDay,
    hold,
    signalDays: toDay - fromDay + 1,
    picks: cohorts.reduce((n, c) => n + c.picks.length, 0),
    emptyDays,
    hitRate: pickReturns.length ? pickReturns.filter((r) => r > 0).length / pickReturns.length : Number.NaN,
    meanReturn: mean(pickReturns),
    medianReturn: median(pickReturns),
    universeMeanReturn: mean(universeReturns),
    universeMedianReturn: median(universeReturns),
    turnover: turnoverDays ? turnoverSum / turnoverDays : Number.NaN,
    equity,
  };
}

/**
 * The staggered book: `sizes[c]` is cohort c's number of picks (0 = nothing bought), formed
 * on day fromDay + c; `value(c, t)` its value on day t per unit invested. Returns the book's
 * equity on every day from fromDay to end (1 at the start).
 */
function runBook(
  sizes: readonly number[],
  fromDay: number,
  toDay: number,
  end: number,
  hold: number,
  value: (cohort: number, day: number) => number,
): number[] {
  let cash = 1;
  const open: { cohort: number; capital: number }[] = [];
  const curve: number[] = [];
  for (let t = fromDay; t <= end; t++) {
    let invested = 0;
    for (let i = open.length - 1; i >= 0; i--) {
      const pos = open[i] as { cohort: number; capital: number };
      const v = pos.capital * value(pos.cohort, t);
      if (fromDay + pos.cohort + hold === t) {
        cash += v === v ? v : pos.capital;
        open.splice(i, 1);
      } else invested += v === v ? v : pos.capital;
    }
    const c = t - fromDay;
    if (t <= toDay && (sizes[c] as number) > 0) {
      const buy = Math.min(cash, (cash + invested) / hold);
      if (buy > 0) {
        open.push({ cohort: c, capital: buy });
        cash -= buy;
        invested += buy;
      }
    }
    curve.push(cash + invested);
  }
  return curve;
}

function lastCloseAtOrBefore(table: BarTable, s: number, d: number): number {
  const start = table.start[s] as number;
  const offset = table.offset[s] as number;
  for (let local = Math.min(d - start, (table.length[s] as number) - 1); local >= 0; local--) {
    const c = table.close[offset + local] as number;
    if (c === c) return c;
  }
  return Number.NaN;
}

function valueOn(table: BarTable, s: number, d: number): number {
  const local = d - (table.start[s] as number);
  if (local < 0 || local >= (table.length[s] as number)) return Number.NaN;
  return table.close[(table.offset[s] as number) + local] as number;
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

function median(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  // Quickselect: the benchmark's universe returns number in the millions; sorting them all
  // cost half a second of a two-year backtest.
  const a = Float64Array.from(xs);
  const kth = (k: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const pivot = a[(lo + hi) >> 1] as number;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while ((a[i] as number) < pivot) i++;
        while ((a[j] as number) > pivot) j--;
        if (i <= j) {
          const t = a[i] as number;
          a[i] = a[j] as number;
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k] as number;
    }
    return a[k] as number;
  };
  const mid = n >> 1;
  if (n % 2) return kth(mid);
  const upper = kth(mid);
  // After selecting `mid`, everything left of it is <= it: the lower middle is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}
