// The Massive (formerly Polygon.io) market-data provider: client, backfill, stores.

export { type Sleep, timerSleep } from "./abort.ts";
export {
  type GroupedDailySource,
  type MassiveBackfillOptions,
  type MassiveBackfillResult,
  runMassiveBackfill,
} from "./backfill.ts";
export { DEFAULT_BASE_URL, MassiveClient, type MassiveClientOptions, type RequestOptions } from "./client.ts";
export type { MassiveDayStore, StoredTickers } from "./day-store.ts";
export { MassiveError, type MassiveErrorKind, redactApiKeyParam, redactSecret } from "./errors.ts";
export { type LoadStoredDaysResult, loadStoredDays } from "./load-stored-days.ts";
export { MemoryMassiveDayStore } from "./memory-day-store.ts";
export { type RateLimiterOptions, SlidingWindowLimiter } from "./rate-limiter.ts";
export {
  type AttemptOutcome,
  backoffDelay,
  parseRetryAfter,
  type RetryInfo,
  type RetryPolicy,
  withRetries,
} from "./retry.ts";
export {
  type GroupedBar,
  type GroupedDailyResult,
  groupedBarSchema,
  type MalformedItem,
  type SecurityKind,
  type TickerRecord,
  tickerRecordSchema,
} from "./schemas.ts";
export { exchangeName, securityKind } from "./ticker-mapping.ts";
