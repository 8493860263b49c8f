// `technic backtest "<screen>" --from DATE --to DATE --hold N`: runs the screen on every
// trading day of the range and reports how its picks did over the next N days, against the
// whole universe, with an equity curve.

import { isoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { resolveAsOf } from "../../engine/screen/as-of.ts";
import { backtestScreen } from "../../engine/screen/backtest.ts";
import { findBuiltinScreen } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import { count, seconds } from "../format.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";
import { UserError } from "../user-error.ts";

export interface BacktestCommandOptions {
  readonly from?: UnixDay;
  readonly to?: UnixDay;
  readonly hold?: number;
  readonly top?: number;
  readonly format?: "table" | "json";
}

export async function backtestCommand(
  store: SnapshotStore,
  screenArg: string,
  options: BacktestCommandOptions,
): Promise<void> {
  const builtin = findBuiltinScreen(screenArg.trim());
  const screen = compileScreen(builtin ? builtin.text : screenArg);
  const universe = await store.load();
  const days = universe.days;
  const hold = options.hold ?? 20;
  const toDay = resolveAsOf(days, options.to);
  const fromDay = options.from === undefined ? Math.max(screen.lookback, toDay - 251) : resolveAsOf(days, options.from);
  if (fromDay > toDay) throw new UserError("--from must not be after --to");
  const series = new IndicatorSeries(universe.shards);
  const started = performance.now();
  const r = backtestScreen(screen, series, { fromDay, toDay, hold, ...(options.top ? { top: options.top } : {}) });
  const ms = performance.now() - started;
  const day = (i: number) => isoDay(days[i] as UnixDay);
  const m = universe.manifest;
  const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%` : "—");

  if (options.format === "json") {
    const { equity, ...stats } = r;
    process.stdout.write(
      `${JSON.stringify(
        {
          meta: {
            snapshot: m.version,
            demo: isDemo(m),
            screen: screen.canonical,
            from: day(fromDay),
            to: day(toDay),
            hold_days: hold,
            costs: "not modelled",
            elapsed_ms: ms,
          },
          stats,
          equity: equity.map((e) => ({ date: day(e.day), strategy: e.strategy, universe: e.universe })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (isDemo(m)) process.stdout.write("*** DEMO DATA — synthetic prices, not real market data ***\n");
  const last = r.equity[r.equity.length - 1];
  const lines = [
    `backtest of ${builtin ? `${builtin.title}: ` : ""}${screen.canonical}`,
    `signals ${day(fromDay)} to ${day(toDay)} (${count(r.signalDays)} trading days), each pick held ${hold} days, equal weight, no costs`,
    `picks            ${count(r.picks)} (${(r.picks / r.signalDays).toFixed(1)} a day; ${count(r.emptyDays)} days with none)`,
    `hit rate         ${Number.isFinite(r.hitRate) ? `${(r.hitRate * 100).toFixed(1)}%` : "—"} of picks up after ${hold} days`,
    `mean / median    ${pct(r.meanReturn)} / ${pct(r.medianReturn)} per pick   universe ${pct(r.universeMeanReturn)} / ${pct(r.universeMedianReturn)}`,
    `turnover         ${Number.isFinite(r.turnover) ? `${(r.turnover * 100).toFixed(1)}%` : "—"} of each day's picks are new`,
    `equity           ${last ? `${pct(last.strategy - 1)} strategy vs ${pct(last.universe - 1)} universe through ${day(last.day)}` : "—"}`,
    `computed in ${seconds(ms)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
