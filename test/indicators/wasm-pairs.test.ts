// Batch passes over two symbols at a time (PlanRunner.batchIntoPair, assembly/pairs.ts) must
// give each symbol exactly what the TypeScript kernels give it alone: every column of every
// bar and the state the daily update continues from, bit for bit — with missing bars on one
// lane and not the other, infinities, symbols of different lengths and ones too short to
// warm up.

import { describe, expect, it } from "vitest";
import { instantiateWasmKernels } from "../../cli/wasm/wasm-kernels-host.ts";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { INPUT_FIELDS } from "../../engine/indicators/kernel.ts";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { type IndicatorPlan, planIndicators } from "../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../engine/indicators/registry.ts";
import { UniverseIndicators, benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { realUniverseShards } from "../support/real-shards.ts";
import { hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";

const allPlan = () => planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));

/** The demo universe with missing values and infinities punched in, and some histories cut short. */
function awkwardDemo(): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols: 120, days: 300, seed: 31 });
  const table = builder.build().table;
  const holed = {
    ...table,
    close: table.close.slice(),
    high: table.high.slice(),
    low: table.low.slice(),
    volume: table.volume.slice(),
    length: table.length.slice(),
  };
  for (let i = 0; i < holed.close.length; i++) {
    if (i % 41 === 5) holed.close[i] = Number.NaN;
    if (i % 67 === 2) holed.high[i] = Number.NaN;
    if (i % 89 === 13) holed.low[i] = Number.NaN;
    if (i % 101 === 17) holed.volume[i] = Number.NaN;
  }
  // Infinities on neighbouring symbols' same day: two lanes' values sum to NaN with none missing.
  for (const [s, sign] of [
    [10, 1],
    [11, -1],
    [30, 1],
  ] as const) {
    const at = (holed.offset[s] as number) + 150;
    holed.close[at] = sign * Number.POSITIVE_INFINITY;
    holed.high[at] = sign * Number.POSITIVE_INFINITY;
  }
  // Volume that stops: zero for a stretch longer than the windows, and for a whole history.
  for (const s of [20, 21, 44]) {
    const from = (holed.offset[s] as number) + 100;
    holed.volume.fill(0, from, from + (s === 44 ? 300 : 70));
  }
  // Histories of every length class: none, a few bars (no warm-up done), one window, most.
  for (let s = 0; s < holed.symbols.length; s += 7) holed.length[s] = [0, 3, 14, 27, 51, 199][(s / 7) % 6] as number;
  return holed;
}

function loadLane(runner: PlanRunner, table: BarTable, bench: Float64Array, s: number, lane: 0 | 1): number {
  const n = table.length[s] as number;
  const offset = table.offset[s] as number;
  const start = table.start[s] as number;
  for (const field of INPUT_FIELDS) {
    const into = runner.input(field, lane);
    if (field === "bench") into.set(bench.subarray(start, start + n));
    else for (let i = 0; i < n; i++) into[i] = table[field][offset + i] as number;
  }
  return n;
}

/**
 * Runs `plan` over `table` with a JS runner, symbol by symbol, and with a wasm runner over
 * the symbol pairs `pairs` (into a kernel-major universe state); returns the first
 * difference in any column or state, or null.
 */
function firstPairDifference(plan: IndicatorPlan, table: BarTable, pairs: [number, number][]): string | null {
  const symbols = table.symbols.length;
  const capacity = table.days.length + 1;
  const bench = benchmarkAxis([table], "SPY");
  const js = new PlanRunner(plan, capacity, null);
  const wasm = new PlanRunner(plan, capacity, instantiateWasmKernels, { residentStates: [plan.stateSize * symbols] });
  const state = wasm.residentStates()[0] as Float64Array;
  expect(wasm.pairsInWasm(state)).toBe(true);
  // Symbol s's state, symbol-major (as a JS runner's scratch state holds it).
  const stateOf = (s: number) => {
    const out = new Float64Array(plan.stateSize);
    plan.kernels.forEach((kernel, k) => {
      const from = (plan.stateOffsets[k] as number) * symbols + s * kernel.stateSize;
      out.set(state.subarray(from, from + kernel.stateSize), plan.stateOffsets[k] as number);
    });
    return out;
  };
  for (const [a, b] of pairs) {
    // Resets leave window slots as they were (unread until written), so the JS run starts
    // from the same leftovers for the states to compare slot by slot.
    const before = [stateOf(a), stateOf(b)];
    const nA = loadLane(wasm, table, bench, a, 0);
    const nB = loadLane(wasm, table, bench, b, 1);
    expect(wasm.batchIntoPair(state, symbols, a, nA, b, nB)).toBe(true);
    for (const [s, lane, n] of [
      [a, 0, nA],
      [b, 1, nB],
    ] as const) {
      loadLane(js, table, bench, s, 0);
      js.scratchState().set(before[lane] as Float64Array);
      js.batch(js.scratchState(), 0, n);
      const symbol = `${table.symbols[s]?.symbol} (lane ${lane}, ${n} bars, paired with ${lane ? a : b})`;
      for (let c = 0; c < plan.columns.length; c++) {
        const want = js.column(c);
        const got = wasm.column(c, lane);
        for (let t = 0; t < n; t++)
          if (!Object.is(want[t], got[t]))
            return `${plan.columns[c]?.name} of ${symbol} at bar ${t}: alone ${want[t]}, paired ${got[t]}`;
      }
      const alone = js.scratchState();
      const paired = stateOf(s);
      const slot = alone.findIndex((v, i) => !Object.is(v, paired[i]));
      if (slot >= 0) {
        const k = plan.stateOffsets.findLastIndex((o) => o <= slot);
        return `${plan.kernels[k]?.key} state ${slot - (plan.stateOffsets[k] as number)} of ${symbol}: alone ${alone[slot]}, paired ${paired[slot]}`;
      }
    }
  }
  return null;
}

/** Neighbours (as a batch pairs them), then first with last (different lengths and holes). */
function pairings(symbols: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let s = 0; s + 1 < symbols; s += 2) pairs.push([s, s + 1]);
  for (let s = 0; s < symbols - 1 - s; s++) pairs.push([s, symbols - 1 - s]);
  return pairs;
}

describe("batch passes over two symbols at a time (wasm)", () => {
  it("give each symbol the TypeScript kernels' results and state bit for bit, for the whole catalog", () => {
    const table = awkwardDemo();
    expect(firstPairDifference(allPlan(), table, pairings(table.symbols.length))).toBeNull();
  });

  it("give the paired kernels' own plans the same (SMA, EMA, Wilder, RSI, ADX, Bollinger, stochastic, MFI, MACD, ATR, correlation, realized volatility, CCI, CMF, VWAP), with other periods", () => {
    const table = awkwardDemo();
    const plan = planIndicators([
      "sma_3",
      "sma_50",
      "ema_2",
      "ema_20",
      "rsi_2",
      "rsi_14",
      "adx_5",
      "atr_1",
      "obv",
      "bb_upper_10_1.5",
      "bb_lower_3_2",
      "adx_14",
      "stoch_d_5_3_4",
      "stoch_k_14_1_1",
      "mfi_3",
      "mfi_14",
      "macd_hist_5_13_4",
      "macd_12_26_9",
      "ema_12",
      "natr_14",
      "atr_3",
      "correl_5",
      "correl_60",
      "realized_vol_3",
      "realized_vol_60",
      "cci_20",
      "cci_5",
    ]);
    expect(firstPairDifference(plan, table, pairings(table.symbols.length))).toBeNull();
  });

  it("leave a universe's latest values and states as one symbol at a time does", () => {
    const table = awkwardDemo();
    const plan = allPlan();
    const paired = UniverseIndicators.compute(plan, [table]);
    // onSymbol makes the batch go one symbol at a time.
    const single = UniverseIndicators.compute(plan, [table], { onSymbol: () => {} });
    const differ: string[] = [];
    for (let s = 0; s < table.symbols.length; s++)
      for (let c = 0; c < plan.columns.length; c++)
        if (!Object.is(paired.latestValue(0, s, c), single.latestValue(0, s, c)))
          differ.push(`${plan.columns[c]?.name} of ${table.symbols[s]?.symbol}`);
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it.skipIf(!hasSharedData)(
    "give the TypeScript kernels' results bit for bit on real data (a shard, neighbours and first with last)",
    async () => {
      const [shard] = await realUniverseShards();
      const table = shard as BarTable;
      expect(firstPairDifference(allPlan(), table, pairings(table.symbols.length))).toBeNull();
    },
    300_000,
  );
  if (!hasSharedData) console.warn(sharedDataSkipMessage());
});
