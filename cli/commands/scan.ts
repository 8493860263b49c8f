// `technic scan ["<screen>" | <built-in id>]`: runs a screen over the current snapshot as of
// any day and prints the matches as a table, CSV or JSON. With no screen it runs the
// momentum-leaders built-in. A mistake in the screen prints the language's caret message.

import Table from "cli-table3";
import type { UnixDay } from "../../engine/calendar/unix-day.ts";
import { isoDay } from "../../engine/calendar/unix-day.ts";
import { resolveAsOf } from "../../engine/screen/as-of.ts";
import { findBuiltinScreen } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { type CellValue, evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import { GpuScreenBackend } from "../../shaders/screen-gpu.ts";
import { nodeGpu } from "../gpu/node-webgpu.ts";
import type { SymbolInfo } from "../../engine/snapshot/symbol-info.ts";
import { count, money, seconds } from "../format.ts";
import { formatCell, toCsvLine } from "../cells.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";

export type ScanFormat = "table" | "csv" | "json";

export interface ScanCommandOptions {
  readonly top?: number;
  readonly asOf?: UnixDay;
  readonly format?: ScanFormat;
  /** Old spelling of --format json. */
  readonly json?: boolean;
  /** cpu (default) or gpu: the WGSL backend on this machine's WebGPU (SwiftShader without a GPU). */
  readonly engine?: "cpu" | "gpu";
}

export const DEFAULT_SCREEN = "momentum-leaders";

export async function scanCommand(
  store: SnapshotStore,
  screenArg: string | undefined,
  options: ScanCommandOptions,
): Promise<void> {
  const builtin = findBuiltinScreen((screenArg ?? DEFAULT_SCREEN).trim());
  const text = builtin ? builtin.text : (screenArg as string);
  const compileStarted = performance.now();
  const screen = compileScreen(text); // a ScreenError reaches main(), which prints the caret
  const compileMs = performance.now() - compileStarted;

  const loadStarted = performance.now();
  const universe = await store.load();
  const loadMs = performance.now() - loadStarted;
  const day = resolveAsOf(universe.days, options.asOf);
  const series = new IndicatorSeries(universe.shards);
  const indicatorsStarted = performance.now();
  series.ensure(screen.indicators);
  const indicatorsMs = performance.now() - indicatorsStarted;
  let engine = "CPU";
  let evalStarted = performance.now();
  let result;
  if (options.engine === "gpu") {
    const backend = await GpuScreenBackend.create(await nodeGpu());
    try {
      engine = `WebGPU (${backend.adapterInfo})`;
      evalStarted = performance.now();
      result = await backend.evaluate(screen, series, { day, limit: options.top ?? 25 });
    } finally {
      backend.destroy();
    }
  } else result = evaluateScreen(screen, series, { day, limit: options.top ?? 25 });
  const evalMs = performance.now() - evalStarted;
  const m = universe.manifest;
  const asOf = isoDay(universe.days[day] as UnixDay);

  const rows = result.rows.map((r, i) => {
    const shard = universe.shards[r.shard];
    const info = shard?.symbols[r.index] as SymbolInfo;
    const close = shard
      ? (shard.close[(shard.offset[r.index] as number) + day - (shard.start[r.index] as number)] as number)
      : Number.NaN;
    return { rank: i + 1, info, close, sort: r.sortKey, values: r.values };
  });
  const format: ScanFormat = options.json ? "json" : (options.format ?? "table");
  const sortName = screen.typed.sort ? "sort" : null;

  if (format === "json") {
    const meta = {
      snapshot: m.version,
      source: m.source.kind,
      demo: isDemo(m),
      as_of: asOf,
      screen: screen.canonical,
      builtin: builtin?.id ?? null,
      engine,
      universe: m.symbolCount,
      evaluated: result.evaluated,
      matched: result.matched,
      timings_ms: { compile: compileMs, load: loadMs, indicators: indicatorsMs, evaluate: evalMs },
    };
    const out = rows.map((r) => ({
      rank: r.rank,
      symbol: r.info.symbol,
      name: r.info.name,
      type: r.info.type,
      sector: r.info.sector,
      close: roundFloat32(r.close),
      sort: r.sort,
      // Shown columns apart from the row's own fields: `show sector` must not overwrite `sector`.
      values: Object.fromEntries(result.columns.map((c, i) => [c, r.values[i] ?? null])),
    }));
    process.stdout.write(`${JSON.stringify({ meta, rows: out }, null, 2)}\n`);
    return;
  }
  const fixed = ["rank", "symbol", "name", "sector", "close", ...(sortName ? ["sort"] : [])];
  // A shown column named like a fixed one (`show sector`) gets a suffix rather than a twin header.
  const head = [...fixed, ...result.columns.map((c) => (fixed.includes(c) ? `${c}_shown` : c))];
  const cellsOf = (r: (typeof rows)[number]): CellValue[] => [
    r.rank,
    r.info.symbol,
    r.info.name,
    r.info.sector,
    roundFloat32(r.close),
    ...(sortName ? [r.sort] : []),
    ...r.values,
  ];
  if (format === "csv") {
    process.stdout.write(`${toCsvLine(head)}\n`);
    for (const r of rows) process.stdout.write(`${toCsvLine(cellsOf(r))}\n`);
    return;
  }

  if (isDemo(m)) process.stdout.write("*** DEMO DATA — synthetic prices, not real market data ***\n");
  process.stdout.write(`${builtin ? `${builtin.title}: ` : ""}${screen.canonical}\nas of ${asOf}\n`);
  const table = new Table({
    head: ["#", "Symbol", "Name", "Sector", "Close", ...(sortName ? ["Sort"] : []), ...result.columns],
    colAligns: [
      "right",
      "left",
      "left",
      "left",
      "right",
      ...(sortName ? ["right" as const] : []),
      ...result.columns.map(() => "right" as const),
    ],
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows)
    table.push([
      r.rank,
      r.info.symbol,
      truncate(r.info.name || "—", 30),
      truncate(r.info.sector || "—", 20),
      money(r.close),
      ...(sortName ? [formatCell(r.sort)] : []),
      ...r.values.map(formatCell),
    ]);
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write(
    `${count(result.matched)} matched of ${count(result.evaluated)} symbols trading that day (${count(m.symbolCount)} in snapshot ${m.version}, ${m.source.label}); showing ${rows.length}. compiled in ${compileMs.toFixed(2)} ms, loaded in ${seconds(loadMs)}, indicators in ${seconds(indicatorsMs)}, screened in ${seconds(evalMs)} on ${engine}\n`,
  );
}

/** Prices are stored as float32: print the decimal they were written as, not its binary expansion. */
function roundFloat32(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : null;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
