// A small deterministic US market for the fake Massive server: a handful of tickers (one
// with a dash, BRK-B) with a bar on every trading day, computed from the date alone so
// tests can recompute what the server must have sent.

import { parseIsoDay } from "../../engine/calendar/unix-day.ts";
import { isTradingDay } from "../../engine/calendar/us-market-calendar.ts";
import type { GroupedBar } from "../../worker/providers/massive/index.ts";

export interface FakeTicker {
  readonly ticker: string;
  readonly name: string;
  readonly type?: string;
  readonly primary_exchange?: string;
  readonly base: number;
}

export const FAKE_TICKERS: readonly FakeTicker[] = [
  { ticker: "AAPL", name: "Apple Inc.", type: "CS", primary_exchange: "XNAS", base: 185 },
  { ticker: "BRK-B", name: "Berkshire Hathaway Inc. Class B", type: "CS", primary_exchange: "XNYS", base: 360 },
  { ticker: "SPY", name: "SPDR S&P 500 ETF Trust", type: "ETF", primary_exchange: "ARCX", base: 475 },
  { ticker: "GLD", name: "SPDR Gold Shares", type: "ETV", primary_exchange: "ARCX", base: 190 },
  { ticker: "TSM", name: "Taiwan Semiconductor ADR", type: "ADRC", primary_exchange: "XNYS", base: 100 },
  { ticker: "XYZ", name: "Xyz Holdings", type: "CS", primary_exchange: "BATS", base: 12 },
  { ticker: "IEX1", name: "Odd Listing Co", primary_exchange: "XCHI", base: 30 },
];

/** A date on which XYZ's bar has high below low: valid JSON, refused by the universe builder. */
export const BAD_BAR_DATE = "2024-01-05";

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The bars the server sends for a date: none on weekends and holidays. */
export function fakeBars(date: string): GroupedBar[] {
  const day = parseIsoDay(date);
  if (day === null || !isTradingDay(day)) return [];
  return FAKE_TICKERS.map((t, i) => {
    const close = round(t.base * (1 + 0.05 * Math.sin(day / 3 + i)));
    const bar: GroupedBar = {
      T: t.ticker,
      o: round(close * 0.995),
      h: round(close * 1.01),
      l: round(close * 0.985),
      c: close,
      v: 1_000_000 * (i + 1) + (day % 1000) * 100,
      vw: round(close * 0.999),
      // Polygon stamps grouped-daily bars at the session close, 16:00 New York.
      t: day * 86_400_000 + 21 * 3_600_000,
      n: 5000 + i,
    };
    if (date === BAD_BAR_DATE && t.ticker === "XYZ") return { ...bar, h: bar.l - 1 };
    return bar;
  });
}
