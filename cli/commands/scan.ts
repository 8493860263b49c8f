// `technic scan`: the ranked table — 6-month momentum among liquid names — as of any day.

import Table from "cli-table3";
import type { UnixDay } from "../../engine/calendar/unix-day.ts";
import { rankMomentum } from "../../engine/rank/momentum-ranking.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import { compact, count, money, percent, seconds } from "../format.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";

export interface ScanCommandOptions {
  readonly top?: number;
  readonly asOf?: UnixDay;
  readonly minPrice?: number;
  readonly minDollarVolume?: number;
  readonly json?: boolean;
}

export async function scanCommand(store: SnapshotStore, options: ScanCommandOptions): Promise<void> {
  const loadStarted = performance.now();
  const universe = await store.load();
  const loadMs = performance.now() - loadStarted;
  const scanStarted = performance.now();
  const result = rankMomentum(universe.shards, {
    asOf: options.asOf,
    top: options.top ?? 25,
    minPrice: options.minPrice,
    minDollarVolume: options.minDollarVolume,
  });
  const scanMs = performance.now() - scanStarted;
  const m = universe.manifest;

  if (options.json) {
    const rows = result.rows.map((r, i) => ({
      rank: i + 1,
      symbol: r.info.symbol,
      name: r.info.name,
      type: r.info.type,
      sector: r.info.sector,
      close: r.close,
      momentum_126d: r.momentum,
      return_21d: r.return1m,
      avg_dollar_volume_20d: r.dollarVolume,
    }));
    const meta = {
      snapshot: m.version,
      source: m.source.kind,
      demo: isDemo(m),
      as_of: result.asOf,
      universe: m.symbolCount,
      eligible: result.eligible,
      liquid: result.liquid,
    };
    process.stdout.write(`${JSON.stringify({ meta, rows }, null, 2)}\n`);
    return;
  }

  if (isDemo(m)) process.stdout.write("*** DEMO DATA — synthetic prices, not real market data ***\n");
  process.stdout.write(
    `Top ${result.rows.length} by 6-month momentum (126 trading days) among liquid names (close >= $${options.minPrice ?? 5}, 20-day avg $ volume >= ${compact(options.minDollarVolume ?? 5e6, "$")}), as of ${result.asOf}\n`,
  );
  const table = new Table({
    head: ["#", "Symbol", "Name", "Sector", "Close", "6M", "1M", "Avg $Vol 20d"],
    colAligns: ["right", "left", "left", "left", "right", "right", "right", "right"],
    style: { head: [], border: [], compact: true },
  });
  result.rows.forEach((r, i) => {
    table.push([
      i + 1,
      r.info.symbol,
      truncate(r.info.name || "—", 34),
      truncate(r.info.sector || "—", 22),
      money(r.close),
      percent(r.momentum),
      percent(r.return1m),
      compact(r.dollarVolume, "$"),
    ]);
  });
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write(
    `${count(result.liquid)} liquid of ${count(result.eligible)} with 6 months of history, ${count(m.symbolCount)} symbols in snapshot ${m.version} (${m.source.label}); loaded in ${seconds(loadMs)}, ranked in ${seconds(scanMs)}\n`,
  );
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
