// The WebAssembly twins of the batch kernels (engine/indicators/wasm/) must give exactly the
// TypeScript kernels' results: every column of every bar and the state the daily update
// continues from, bit for bit, on the demo universe with holes punched in it and on real
// data. Then TA-Lib parity, proven for the TS kernels, holds for the wasm ones too. And the
// committed kernels.wasm must be what its source compiles to.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instantiateWasmKernels } from "../../cli/wasm/wasm-kernels-host.ts";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { INPUT_FIELDS } from "../../engine/indicators/kernel.ts";
import { fusedGroups } from "../../engine/indicators/fusion.ts";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { PROGRAM_GROUPS, PROGRAM_KERNELS } from "../../engine/indicators/wasm/program.ts";
import { type IndicatorPlan, planIndicators } from "../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../engine/indicators/registry.ts";
import { benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { realUniverseShards } from "../support/real-shards.ts";
import { PROJECT_ROOT, hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";

const allPlan = () => planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));

/** A demo universe with missing values punched in: whole bars, and single fields of a bar. */
function demoWithHoles(): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols: 150, days: 320, seed: 23 });
  const table = builder.build().table;
  const holed = { ...table, close: table.close.slice(), high: table.high.slice(), volume: table.volume.slice() };
  for (let i = 0; i < holed.close.length; i++) {
    if (i % 53 === 7) holed.close[i] = Number.NaN;
    if (i % 71 === 3) holed.high[i] = Number.NaN;
    if (i % 97 === 11) holed.volume[i] = Number.NaN;
  }
  return holed;
}

/** Fills `runner`'s inputs with symbol `s` of `table` (and the benchmark over its days). */
function loadSymbol(runner: PlanRunner, table: BarTable, bench: Float64Array, s: number): void {
  const n = table.length[s] as number;
  const offset = table.offset[s] as number;
  for (const field of INPUT_FIELDS) {
    const into = runner.input(field);
    if (field === "bench") into.set(bench.subarray(table.start[s] as number, (table.start[s] as number) + n));
    else for (let i = 0; i < n; i++) into[i] = table[field][offset + i] as number;
  }
}

/**
 * Runs `plan` over every symbol of `table` with a JS runner (one batch) and a wasm runner
 * (a batch, then a resume) side by side and returns the first difference (or null), after
 * checking every column and the state.
 */
function firstDifference(plan: IndicatorPlan, table: BarTable): string | null {
  const capacity = table.days.length + 1;
  const js = new PlanRunner(plan, capacity, null);
  const wasm = new PlanRunner(plan, capacity, instantiateWasmKernels);
  expect(wasm.accelerated).toBe(true);
  const bench = benchmarkAxis([table], "SPY");
  for (let s = 0; s < table.symbols.length; s++) {
    const n = table.length[s] as number;
    for (const runner of [js, wasm]) {
      loadSymbol(runner, table, bench, s);
      if (runner === js) runner.batch(runner.scratchState(), 0, n);
      else {
        // The wasm side in two runs, the second resuming mid-stream: long runs take other
        // paths than single bars (the rolling extremes' blocks), and must pick up any state.
        const split = Math.floor(n * 0.37);
        runner.batch(runner.scratchState(), 0, split);
        runner.resume(runner.scratchState(), 0, split, n);
      }
    }
    const symbol = table.symbols[s]?.symbol;
    for (let c = 0; c < plan.columns.length; c++) {
      const a = js.column(c);
      const b = wasm.column(c);
      for (let t = 0; t < n; t++)
        if (!Object.is(a[t], b[t]))
          return `${plan.columns[c]?.name} of ${symbol} at bar ${t}: TS ${a[t]}, wasm ${b[t]}`;
    }
    const sa = js.scratchState();
    const sb = wasm.scratchState();
    for (let i = 0; i < sa.length; i++)
      if (!Object.is(sa[i], sb[i])) return `state slot ${i} of ${symbol}: TS ${sa[i]}, wasm ${sb[i]}`;
  }
  return null;
}

describe("WebAssembly batch kernels", () => {
  it("are twins for the kernels of the benchmark's 10 indicators (so those run entirely in wasm)", () => {
    const plan = planIndicators(["sma_50", "ema_20", "rsi_14", "macd_12_26_9", "atr_14", "adx_14", "bb_upper_20_2"]);
    const missing = plan.kernels.filter((k) => !k.wasm).map((k) => k.key);
    expect(missing).toEqual([]);
    const more = planIndicators(["stoch_k_14_3_3", "stoch_d_14_3_3", "cci_20", "mfi_14", "willr_14"]);
    expect(more.kernels.filter((k) => !k.wasm).map((k) => k.key)).toEqual([]);
  });

  it("take logarithms exactly as V8's Math.log does (fdlibm's log, ported)", () => {
    const ieeeLog = (instantiateWasmKernels() as unknown as { ieeeLog: (x: number) => number }).ieeeLog;
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) as number;
    const values = [0, -0, -1, 1, 2, 0.5, Math.E, Infinity, -Infinity, Number.NaN, 5e-324, 2.2250738585072014e-308];
    for (let i = 0; i < 300_000; i++) {
      words[0] = (random() * 2 ** 32) >>> 0;
      words[1] = (random() * 0x7ff00000) >>> 0;
      values.push(
        bits[0] as number,
        1 + (random() - 0.5) * 1e-5,
        Math.fround(random() * 900) / Math.fround(random() * 900 + 0.01),
      );
    }
    const differ = values.filter((x) => !Object.is(Math.log(x), ieeeLog(x)));
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it("give the TypeScript kernels' results bit for bit, on every column and the state (demo with holes)", () => {
    const plan = allPlan();
    expect(
      plan.kernels.filter((k) => !k.wasm).map((k) => k.key),
      "every kernel of the catalog has a twin",
    ).toEqual([]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
  });

  it("give the same results over a state full of garbage as over a fresh one (resets leave window slots alone)", () => {
    const plan = allPlan();
    const table = demoWithHoles();
    const bench = benchmarkAxis([table], "SPY");
    const runner = new PlanRunner(plan, table.days.length, instantiateWasmKernels);
    const garbage = [Number.NaN, 1e300, -7, 0, 3.5];
    for (let s = 0; s < 40; s++) {
      const n = table.length[s] as number;
      loadSymbol(runner, table, bench, s);
      const state = runner.scratchState();
      state.forEach((_, i) => (state[i] = garbage[(i * 7 + s) % garbage.length] as number));
      runner.batch(state, 0, n);
      const dirty = plan.columns.map((_, c) => runner.column(c).slice(0, n));
      state.fill(0);
      runner.batch(state, 0, n);
      plan.columns.forEach((col, c) => {
        const clean = runner.column(c);
        const t = (dirty[c] as Float64Array).findIndex((v, i) => !Object.is(v, clean[i]));
        expect(t, `${col.name} of ${table.symbols[s]?.symbol}`).toBe(-1);
      });
    }
  });

  it("name kernels and groups in programs by the indices runProgram's switch gives them", () => {
    const source = readFileSync(join(PROJECT_ROOT, "engine/indicators/wasm/assembly/program.ts"), "utf8");
    const cases = (fn: string) =>
      [...(source.split(`function ${fn}(`)[1]?.split("\nfunction ")[0] ?? "").matchAll(/case (\d+): (\w+)\(/g)].map(
        (m) => [Number(m[1]), m[2]],
      );
    expect(cases("runKernel")).toEqual(PROGRAM_KERNELS.map((name, i) => [i, name]));
    expect(cases("runGroup")).toEqual(PROGRAM_GROUPS.map((name, i) => [i, name]));
    // And every kernel and group a plan can hold is there, so whole plans run as one program.
    const plan = allPlan();
    expect(plan.kernels.filter((k) => !PROGRAM_KERNELS.includes(k.wasm?.name ?? "")).map((k) => k.key)).toEqual([]);
    expect(fusedGroups(plan).filter((g) => !PROGRAM_GROUPS.includes(g.name))).toEqual([]);
  });

  it("write no bar past the run (two-bar vectors end with a half one on odd lengths)", () => {
    const plan = allPlan();
    const table = demoWithHoles();
    const bench = benchmarkAxis([table], "SPY");
    const runner = new PlanRunner(plan, table.days.length + 8, instantiateWasmKernels);
    const s = table.symbols.findIndex((_, i) => (table.length[i] as number) > 200);
    loadSymbol(runner, table, bench, s);
    for (const n of [151, 152]) {
      plan.columns.forEach((_, c) => runner.column(c).fill(12345));
      runner.batch(runner.scratchState(), 0, n);
      plan.columns.forEach((col, c) => expect(runner.column(c)[n], `${col.name} after ${n} bars`).toBe(12345));
    }
  });

  it("run MACD as one fused loop with the same results, also beside a user's EMA and a MACD sharing its slow EMA", () => {
    const plan = planIndicators(["ema_26", "macd_12_26_9", "macd_hist_5_26_4", "ema_12"]);
    // The two MACDs share ema(close,26), so only the first is fused; a kernel is never in two groups.
    expect(fusedGroups(plan).map((g) => g.name)).toEqual(["macdFused"]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
    expect(fusedGroups(allPlan()).map((g) => g.name)).toEqual([
      "macdFused",
      "emaChainFused",
      "extremePairFused",
      "stochFused",
      "extremePairFused",
      "extremePairFused",
      "atrFused",
      "bollingerFused",
      "extremePairFused",
      "extremePairFused",
    ]);
  });

  it("run the slow stochastic and Bollinger bands as fused loops with the same results", () => {
    const plan = planIndicators([
      "stoch_k_14_3_3",
      "stoch_k_5_3_4",
      "bb_upper_20_2",
      "bb_lower_10_1.5",
      "sma_20",
      "willr_14",
    ]);
    expect(fusedGroups(plan).map((g) => g.name)).toEqual([
      "extremePairFused",
      "stochFused",
      "extremePairFused",
      "stochFused",
      "bollingerFused",
      "bollingerFused",
    ]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
  });

  it("run a channel's max and min as one loop with the same results, also where one side misses bars the other has", () => {
    // The demo's holes are in high (not low) at some bars: max(high) and min(low) part there.
    const plan = planIndicators(["dc_upper_20", "dc_lower_20", "stochrsi_k_14_14_3", "aroon_up_25", "aroon_down_25"]);
    const pairs = fusedGroups(plan).filter((g) => g.name === "extremePairFused");
    expect(pairs.map((g) => g.members.map((m) => plan.kernels[m]?.key))).toEqual([
      ["max(high,20)", "min(low,20)"],
      ["max(rsi(close,14)#0,14)", "min(rsi(close,14)#0,14)"],
      ["max(high,26)", "min(low,26)"],
    ]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
  });

  it("run TEMA's chain of three EMAs as one fused loop with the same results, beside DEMA and a user's EMA", () => {
    const plan = planIndicators(["tema_20", "dema_20", "ema_20", "tema_5", "dema_7"]);
    const chains = fusedGroups(plan).filter((g) => g.name === "emaChainFused");
    // DEMA(20) shares TEMA(20)'s first two EMAs; DEMA(7) alone is a chain of two and runs unfused.
    expect(chains.map((g) => g.members.map((m) => plan.kernels[m]?.key))).toEqual([
      ["ema(close,20)", "ema(ema(close,20)#0,20)", "ema(ema(ema(close,20)#0,20)#0,20)"],
      ["ema(close,5)", "ema(ema(close,5)#0,5)", "ema(ema(ema(close,5)#0,5)#0,5)"],
    ]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
  });

  it("run ATR as a fused loop with the same results (a shared true range, other periods)", () => {
    const plan = planIndicators(["atr_14", "natr_14", "atr_5", "adx_14", "kc_upper_20_2_10"]);
    // atr_5 and the Keltner ATR(10) share the true range with ATR(14): only the first is fused.
    expect(fusedGroups(plan).map((g) => g.name)).toEqual(["atrFused"]);
    expect(firstDifference(plan, demoWithHoles())).toBeNull();
  });

  it.skipIf(!hasSharedData)(
    "give the TypeScript kernels' results bit for bit on real data (two shards)",
    async () => {
      const shards = await realUniverseShards();
      const plan = allPlan();
      for (const shard of shards.slice(0, 2)) expect(firstDifference(plan, shard)).toBeNull();
    },
    300_000,
  );
  if (!hasSharedData) console.warn(sharedDataSkipMessage());

  it("kernels.wasm and kernels-shared.wasm are what their AssemblyScript source compiles to (npm run build:wasm)", () => {
    const dir = mkdtempSync(join(tmpdir(), "technic-wasm-"));
    try {
      const script = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts[
        "build:wasm"
      ] as string;
      const commands = script.split("&&").map((c) => c.trim().split(/\s+/).slice(1));
      expect(commands.map((args) => args[args.indexOf("-o") + 1])).toEqual([
        "engine/indicators/wasm/kernels.wasm",
        "engine/indicators/wasm/kernels-shared.wasm",
      ]);
      for (const args of commands) {
        const committed = args[args.indexOf("-o") + 1] as string;
        const out = join(dir, "out.wasm");
        args[args.indexOf("-o") + 1] = out;
        execFileSync(join(PROJECT_ROOT, "node_modules/.bin/asc"), args, { cwd: PROJECT_ROOT, stdio: "pipe" });
        expect(
          readFileSync(out).equals(readFileSync(join(PROJECT_ROOT, committed))),
          `${committed} is stale: run npm run build:wasm`,
        ).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
