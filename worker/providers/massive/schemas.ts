// The documented shapes of the Massive (Polygon) responses this provider reads, as zod
// schemas, plus the bar and ticker types the rest of the provider and the stores use.
// Grouped-daily items are parsed one at a time so a single bad row does not lose a day.

import { z } from "zod";

/** One ticker's daily bar from the grouped-daily endpoint, as stored. */
export const groupedBarSchema = z.object({
  /** Ticker, e.g. "AAPL", "BRK.B". */
  T: z.string().min(1),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  /** Volume-weighted average price; absent for some thinly traded tickers. */
  vw: z.number().optional(),
  /** Start of the aggregate window, Unix ms. */
  t: z.number(),
  /** Number of trades; absent for some tickers. */
  n: z.number().optional(),
});

export type GroupedBar = z.infer<typeof groupedBarSchema>;

/** The envelope; `results` items stay unknown here and are checked one by one. */
export const groupedDailyResponseSchema = z.object({
  status: z.string(),
  adjusted: z.boolean().optional(),
  queryCount: z.number().optional(),
  resultsCount: z.number().optional(),
  request_id: z.string().optional(),
  // Holidays and days not yet published come back with no `results` (or an empty list).
  results: z.array(z.unknown()).nullish(),
});

export const tickerItemSchema = z.object({
  ticker: z.string().min(1),
  name: z.string().optional(),
  /** CS, ETF, ADRC, PFD, ETN, WARRANT, ... (absent for a few tickers). */
  type: z.string().optional(),
  /** ISO 10383 MIC, e.g. XNAS. */
  primary_exchange: z.string().optional(),
});

export const tickersPageSchema = z.object({
  status: z.string(),
  count: z.number().optional(),
  request_id: z.string().optional(),
  next_url: z.string().nullish(),
  results: z.array(z.unknown()).nullish(),
});

/** Error bodies use `error` on most endpoints and `message` on some (e.g. NOT_AUTHORIZED). */
export const errorBodySchema = z.object({
  status: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});

export type SecurityKind = "stock" | "etf";

/** What this provider keeps about a ticker; maps directly onto the engine's SymbolInfo. */
export interface TickerRecord {
  readonly symbol: string;
  readonly name: string;
  readonly type: SecurityKind;
  readonly exchange: string;
}

export const tickerRecordSchema = z.object({
  symbol: z.string().min(1),
  name: z.string(),
  type: z.enum(["stock", "etf"]),
  exchange: z.string(),
});

/** A grouped-daily result item that failed validation, kept for the caller's report. */
export interface MalformedItem {
  /** Position in the response's `results`. */
  readonly index: number;
  /** The item as JSON, cut to 200 characters. */
  readonly raw: string;
  /** The first validation problem, e.g. "h: expected number, received string". */
  readonly issue: string;
}

export interface GroupedDailyResult {
  readonly date: string;
  /** "OK" or "DELAYED" (free plans get end-of-day data with a delay). */
  readonly status: string;
  readonly bars: GroupedBar[];
  readonly malformed: MalformedItem[];
}

/** One line describing the first zod issue, with its path. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
