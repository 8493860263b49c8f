import { describe, expect, it } from "vitest";
import { IngestReport } from "../bars/ingest-report.ts";
import { isoDay, parseIsoDay, type UnixDay } from "../calendar/unix-day.ts";
import { tradingDaysEnding } from "../calendar/us-market-calendar.ts";
import type { BarTable } from "../snapshot/bar-table.ts";
import { UniverseBuilder } from "../snapshot/universe-builder.ts";
import { AsOfError, rankMomentum } from "./momentum-ranking.ts";

const DAYS = tradingDaysEnding(parseIsoDay("2024-12-31") as UnixDay, 300);

/** Symbol k grows at k basis points a day until day `turn`, then falls; thin names trade little. */
function table(upTo = DAYS.length): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  for (let k = 0; k < 30; k++) {
    let price = 20;
    for (let d = 0; d < upTo; d++) {
      price *= d < 200 ? 1 + k / 10_000 : 1 - k / 20_000 + (k % 3) / 5_000;
      const volume = k % 10 === 9 ? 10 : 1_000_000;
      builder.addOrReport(`S${k}`, DAYS[d] as UnixDay, price, price * 1.01, price * 0.99, price, volume, "test");
    }
  }
  return builder.build().table;
}

describe("momentum ranking", () => {
  it("ranks by 126-day return, drops illiquid names, and breaks ties by symbol", () => {
    const result = rankMomentum([table()], { top: 100 });
    expect(result.asOf).toBe("2024-12-31");
    expect(
      result.rows.some((r) => r.info.symbol === "S9"),
      "S9 trades $10k a day: not liquid",
    ).toBe(false);
    const returns = result.rows.map((r) => r.momentum);
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
  });

  it("as of a past date gives exactly what a snapshot cut at that date gives (no look-ahead)", () => {
    const cut = 220;
    const asOf = DAYS[cut - 1] as UnixDay;
    const full = rankMomentum([table()], { asOf, top: 100 });
    const truncated = rankMomentum([table(cut)], { top: 100 });
    expect(full.asOf).toBe(isoDay(asOf));
    expect(full.rows.map((r) => [r.info.symbol, r.momentum, r.dollarVolume])).toEqual(
      truncated.rows.map((r) => [r.info.symbol, r.momentum, r.dollarVolume]),
    );
    expect(full.rows[0]?.info.symbol, "at day 220 the fastest liquid riser still leads").toBe("S28");
  });

  it("refuses a date outside the data or without enough history", () => {
    expect(() => rankMomentum([table()], { asOf: parseIsoDay("2025-06-01") as UnixDay })).toThrow(AsOfError);
    expect(() => rankMomentum([table()], { asOf: DAYS[100] as UnixDay })).toThrow(/fewer than 126 trading days/);
  });
});
