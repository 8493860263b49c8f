import { describe, expect, it } from "vitest";
import { isoDay, parseIsoDay, type UnixDay } from "./unix-day.ts";
import { isTradingDay, previousTradingDay, tradingDaysBetween, tradingDaysEnding } from "./us-market-calendar.ts";

const day = (iso: string) => parseIsoDay(iso) as UnixDay;

describe("US market calendar", () => {
  it("closes on the exchange holidays of 2016, 2022 and 2025", () => {
    const closed = [
      "2016-01-01",
      "2016-01-18",
      "2016-02-15",
      "2016-03-25",
      "2016-05-30",
      "2016-07-04",
      "2016-09-05",
      "2016-11-24",
      "2016-12-26",
      "2022-06-20",
      "2022-12-26",
      "2023-01-02",
      "2025-01-09",
      "2025-04-18",
      "2025-06-19",
      "2012-10-29",
      "2018-12-05",
    ];
    for (const d of closed) expect(isTradingDay(day(d)), `${d} is a market holiday`).toBe(false);
  });

  it("stays open on ordinary weekdays, and does not observe a Saturday New Year on the Friday before", () => {
    for (const d of ["2021-12-31", "2016-12-30", "2024-07-05", "2025-12-31", "2024-11-29"])
      expect(isTradingDay(day(d)), d).toBe(true);
  });

  it("counts 252 trading days in 2016 and 250 in 2025", () => {
    expect(tradingDaysBetween(day("2016-01-01"), day("2016-12-31")).length).toBe(252);
    expect(tradingDaysBetween(day("2025-01-01"), day("2025-12-31")).length).toBe(250);
  });

  it("walks back over weekends and holidays", () => {
    expect(isoDay(previousTradingDay(day("2024-01-16")))).toBe("2024-01-12");
    const last = tradingDaysEnding(day("2025-12-31"), 3).map(isoDay);
    expect(last).toEqual(["2025-12-29", "2025-12-30", "2025-12-31"]);
  });

  it("rejects impossible ISO dates", () => {
    expect(parseIsoDay("2023-02-29")).toBeNull();
    expect(parseIsoDay("2023-2-01")).toBeNull();
    expect(isoDay(day("2024-02-29"))).toBe("2024-02-29");
  });
});
