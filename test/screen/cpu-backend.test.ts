// The CPU backend against the naive reference evaluator on a sharded demo universe: the
// same symbols in the same order with the same values, for every built-in screen and for
// generated ones; as-of evaluation that cannot see the future; and a compiler that never
// throws anything but its typed error, whatever the input.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen, type ScreenResult } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { ScreenError } from "../../engine/screen/errors.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { demoShards } from "../support/demo-shards.ts";
import { referenceEvaluate } from "./reference-evaluator.ts";
import { screenText } from "./screen-arbitraries.ts";

let shards: Shard[] = [];
let series: IndicatorSeries;
let bench: Float64Array;

beforeAll(async () => {
  shards = await demoShards({ symbols: 400, days: 300, seed: 21, shards: 5 });
  series = new IndicatorSeries(shards);
  bench = benchmarkAxis(shards, "SPY");
});

function close(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return a === b;
}

function expectSameAsReference(text: string, day: number): ScreenResult {
  const screen = compileScreen(text);
  const ours = evaluateScreen(screen, series, { day });
  const ref = referenceEvaluate(screen, shards, day, bench);
  expect(ours.evaluated, `${text}: symbols evaluated`).toBe(ref.evaluated);
  expect(ours.matched, `${text}: symbols matched`).toBe(ref.matched);
  expect(
    ours.rows.map((r) => r.symbol),
    `${text}: matches and order`,
  ).toEqual(ref.rows.map((r) => r.symbol));
  ours.rows.forEach((row, i) => {
    const want = ref.rows[i];
    expect(close(row.sortKey, want?.sortKey), `${text}: sort key of ${row.symbol}`).toBe(true);
    row.values.forEach((v, c) =>
      expect(close(v, want?.values[c]), `${text}: column ${c} of ${row.symbol}: ${v} vs ${want?.values[c]}`).toBe(true),
    );
  });
  return ours;
}

describe("CPU backend equals the reference evaluator", () => {
  it("for every built-in screen on the last day and on a past day", () => {
    let anyMatches = 0;
    for (const b of BUILTIN_SCREENS) {
      // The demo universe is small: relax the liquidity floor so the screens have work to do.
      const text = b.text.replace("dollar_volume(20) > 5000000", "dollar_volume(20) > 100000");
      anyMatches += expectSameAsReference(text, 299).matched;
      expectSameAsReference(text, 260);
    }
    expect(anyMatches, "the built-ins select something on the demo universe").toBeGreaterThan(0);
  });

  it("for generated screens", () => {
    fc.assert(
      fc.property(screenText, fc.integer({ min: 40, max: 299 }), (text, day) => {
        expectSameAsReference(text, day);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe("as of a past day", () => {
  it("sees only data up to that day: the same answer on a snapshot that ends there", () => {
    const day = 220;
    const cut: BarTable[] = shards.map((t) => ({
      ...t,
      days: t.days.subarray(0, day + 1),
      length: t.length.map((n, s) => Math.max(0, Math.min(n, day + 1 - (t.start[s] as number)))),
    }));
    const truncated = new IndicatorSeries(cut);
    for (const b of BUILTIN_SCREENS) {
      const screen = compileScreen(b.text.replace("dollar_volume(20) > 5000000", "dollar_volume(20) > 100000"));
      const full = evaluateScreen(screen, series, { day });
      const past = evaluateScreen(screen, truncated, { day });
      expect(full, b.id).toEqual(past);
    }
  });

  it("refuses a day outside the snapshot and a lookback longer than the data", () => {
    const screen = compileScreen("close > close[250]");
    expect(() => evaluateScreen(screen, series, { day: 100 })).toThrow(
      /looks back 250 bars, but the snapshot has only 100/,
    );
    expect(() => evaluateScreen(compileScreen("close > 1"), series, { day: 300 })).toThrow(/outside the snapshot/);
  });
});

describe("the compiler on any input", () => {
  it("throws only ScreenError for random text and for mutated valid screens", () => {
    const mutated = fc
      .tuple(screenText, fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 4 }))
      .map(([t, at, insert, drop]) => {
        const i = t.length ? at % t.length : 0;
        return t.slice(0, i) + insert + t.slice(i + drop);
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 100 }), mutated),
        (text) => {
          try {
            const c = compileScreen(text);
            expect(compileScreen(c.canonical).canonical).toBe(c.canonical);
          } catch (error) {
            if (!(error instanceof ScreenError)) throw error;
            expect(error.span.start).toBeGreaterThanOrEqual(0);
            expect(error.span.end).toBeLessThanOrEqual(Math.max(text.length, error.span.start));
          }
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("compiles every generated screen, and its canonical text is a fixed point", () => {
    fc.assert(
      fc.property(screenText, (text) => {
        const c = compileScreen(text);
        expect(compileScreen(c.canonical).canonical).toBe(c.canonical);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
