// Entry point of the demo universe: validates the options, lays out the trading-day axis,
// draws the shared factors, plans the symbols, then streams every bar through the
// universe builder (so the demo passes the same validation as real data) and attaches
// symbol metadata and stock fundamentals.

import { isoDay, parseIsoDay, type UnixDay } from "../calendar/unix-day.ts";
import { tradingDaysEnding } from "../calendar/us-market-calendar.ts";
import type { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { emitBars } from "./bar-path.ts";
import { buildFactorPaths, STREAM } from "./factor-paths.ts";
import { deriveSeed, Rng } from "./prng.ts";
import { planUniverse } from "./profiles.ts";
import { stockFundamentals } from "./stock-fundamentals.ts";

export interface DemoOptions {
  /** Number of symbols, stocks and ETFs together (20 to 50,000). */
  symbols?: number;
  /** Number of trading days (30 to 5,000). */
  days?: number;
  /** Any integer from 0 to 4,294,967,295; the same seed and options give identical data. */
  seed?: number;
  /** YYYY-MM-DD; the last bar is on the last trading day on or before it. */
  endDate?: string;
}

export const DEMO_DEFAULTS = { symbols: 6000, days: 504, seed: 42, endDate: "2025-12-31" } as const;

const PROGRESS_EVERY = 100;

interface ResolvedOptions {
  symbols: number;
  days: number;
  seed: number;
  lastDay: UnixDay;
}

function checkInteger(name: string, value: number, lo: number, hi: number): void {
  if (!Number.isInteger(value) || value < lo || value > hi)
    throw new Error(
      `demo: ${name} must be an integer from ${lo.toLocaleString("en-US")} to ${hi.toLocaleString("en-US")} (got ${String(value)})`,
    );
}

export function resolveDemoOptions(options: DemoOptions = {}): ResolvedOptions {
  const symbols = options.symbols ?? DEMO_DEFAULTS.symbols;
  const days = options.days ?? DEMO_DEFAULTS.days;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const endDate = options.endDate ?? DEMO_DEFAULTS.endDate;
  checkInteger("symbols", symbols, 20, 50_000);
  checkInteger("days", days, 30, 5_000);
  checkInteger("seed", seed, 0, 0xffffffff);
  const lastDay = typeof endDate === "string" ? parseIsoDay(endDate) : null;
  if (lastDay === null) throw new Error(`demo: endDate must be a valid YYYY-MM-DD date (got ${String(endDate)})`);
  if (isoDay(lastDay) < "1980-01-01" || isoDay(lastDay) > "2199-12-31")
    throw new Error(`demo: endDate must be between 1980-01-01 and 2199-12-31 (got ${endDate})`);
  return { symbols, days, seed, lastDay };
}

/**
 * Fills `builder` with a synthetic, deterministic universe of daily bars, symbol metadata
 * and stock fundamentals. Every name contains "Demo". Throws on invalid options.
 */
export function generateDemoUniverse(
  builder: UniverseBuilder,
  options?: DemoOptions,
  onProgress?: (done: number, total: number) => void,
): void {
  const { symbols, days, seed, lastDay } = resolveDemoOptions(options);
  const axis = tradingDaysEnding(lastDay, days);
  const paths = buildFactorPaths(axis, seed);
  const plan = planUniverse(symbols, days, seed);

  plan.forEach((profile, i) => {
    const lastClose = emitBars(profile, paths, axis, builder, seed);
    builder.setSymbolInfo(profile.info);
    if (profile.info.type === "stock") {
      const rng = new Rng(deriveSeed(seed, STREAM.fundamentals, profile.index));
      builder.setFundamentals(profile.info.symbol, stockFundamentals(profile, lastClose, rng));
    }
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === plan.length)) onProgress(i + 1, plan.length);
  });
  builder.report.note(
    `demo universe: ${symbols.toLocaleString("en-US")} synthetic symbols over ${days} trading days to ${isoDay(axis[axis.length - 1] as UnixDay)} (seed ${seed})`,
  );
}
