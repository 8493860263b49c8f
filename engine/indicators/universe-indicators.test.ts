import { describe, expect, it } from "vitest";
import { IngestReport } from "../bars/ingest-report.ts";
import { generateDemoUniverse } from "../demo/index.ts";
import type { BarTable } from "../snapshot/bar-table.ts";
import { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { planIndicators } from "./plan.ts";
import { indicatorSpecs } from "./registry.ts";
import { type DayBars, UniverseIndicators } from "./universe-indicators.ts";

function demo(days: number): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols: 200, days, seed: 11 });
  return builder.build().table;
}

/** The same universe without its last day (what the snapshot held yesterday). */
function withoutLastDay(table: BarTable): BarTable {
  const last = table.days.length - 1;
  const length = table.length.map((n, s) => ((table.start[s] as number) + n - 1 === last ? n - 1 : n));
  return { ...table, days: table.days.subarray(0, last), length };
}

function lastDayBars(table: BarTable): DayBars {
  const last = table.days.length - 1;
  const pick = (col: Float32Array) =>
    Float64Array.from(table.symbols, (_, s) => {
      const local = last - (table.start[s] as number);
      return local >= 0 && local < (table.length[s] as number)
        ? (col[(table.offset[s] as number) + local] as number)
        : Number.NaN;
    });
  return {
    open: pick(table.open),
    high: pick(table.high),
    low: pick(table.low),
    close: pick(table.close),
    volume: pick(table.volume),
  };
}

describe("universe indicators", () => {
  const table = demo(300);
  const plan = planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));

  it("a daily update (one bar appended to every symbol's state) equals recomputing the history", () => {
    const full = UniverseIndicators.compute(plan, [table]);
    const yesterday = withoutLastDay(table);
    const updated = UniverseIndicators.compute(plan, [yesterday]);
    const spy = table.symbols.findIndex((s) => s.symbol === "SPY");
    expect(spy, "the demo universe has the SPY benchmark").toBeGreaterThanOrEqual(0);
    updated.appendDay(
      [lastDayBars(table)],
      table.close[(table.offset[spy] as number) + table.days.length - 1 - (table.start[spy] as number)] as number,
    );
    const live = table.symbols.map(
      (_, s) => (table.start[s] as number) + (table.length[s] as number) === table.days.length,
    );
    let compared = 0;
    plan.columns.forEach((col, c) => {
      table.symbols.forEach((info, s) => {
        if (!live[s]) return;
        const a = full.latestValue(0, s, c);
        const b = updated.latestValue(0, s, c);
        if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))))
          expect.fail(`${col.name} for ${info.symbol}: recomputed ${a}, updated ${b}`);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(1000);
    expect(Array.from(updated.states[0] as Float64Array)).toEqual(Array.from(full.states[0] as Float64Array));
  });
});
