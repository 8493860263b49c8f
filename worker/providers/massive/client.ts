// HTTP client for the two Massive (formerly Polygon.io) endpoints Technic needs: grouped
// daily bars (one request returns every US stock for a day) and reference tickers. Every
// request goes through the rate limiter and the retry policy; the API key travels only in
// the query string and is redacted from anything shown to a user.
// Host-agnostic: global fetch/AbortController/setTimeout only, so it runs in workerd too.

import { parseIsoDay } from "../../../engine/calendar/unix-day.ts";
import { abortedError, type Sleep, timerSleep } from "./abort.ts";
import { MassiveError, redactSecret } from "./errors.ts";
import { SlidingWindowLimiter } from "./rate-limiter.ts";
import { type AttemptOutcome, parseRetryAfter, type RetryInfo, type RetryPolicy, withRetries } from "./retry.ts";
import {
  errorBodySchema,
  firstIssue,
  type GroupedBar,
  type GroupedDailyResult,
  groupedBarSchema,
  groupedDailyResponseSchema,
  type MalformedItem,
  type TickerRecord,
  tickerItemSchema,
  tickersPageSchema,
} from "./schemas.ts";
import { exchangeName, securityKind } from "./ticker-mapping.ts";

export const DEFAULT_BASE_URL = "https://api.polygon.io";

export interface MassiveClientOptions {
  readonly apiKey: string;
  /** Default https://api.polygon.io (still served after the rename to Massive). */
  readonly baseUrl?: string;
  /** Default 5, the free plan's limit. Retries count too. May be fractional (0.5 = one per 2 min). */
  readonly requestsPerMinute?: number;
  /** Retries after the first attempt; default 6 (so 7 attempts). */
  readonly maxRetries?: number;
  /** Per attempt, until the whole body has arrived; default 30 000. */
  readonly timeoutMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface RequestOptions {
  /** Aborts the request in flight and any rate-limit or backoff wait. */
  readonly signal?: AbortSignal;
}

export class MassiveClient {
  readonly #apiKey: string;
  readonly #baseUrl: URL;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #limiter: SlidingWindowLimiter;
  readonly #policy: RetryPolicy;
  #skippedTickers = 0;

  constructor(options: MassiveClientOptions) {
    if (options.apiKey.trim() === "")
      throw new MassiveError("auth", "POLYGON_API_KEY is empty: set it to your Massive (Polygon.io) API key");
    this.#apiKey = options.apiKey;
    this.#baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    // Calling the global fetch detached from globalThis throws "Illegal invocation" in workerd.
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = positive("timeoutMs", options.timeoutMs ?? 30_000);
    this.#now = options.now ?? (() => Date.now());
    const sleep = options.sleep ?? timerSleep;
    const perMinute = positive("requestsPerMinute", options.requestsPerMinute ?? 5);
    // A whole rate is a burst-friendly window of N per minute; a fractional one (0.5, 2.5)
    // is spaced evenly instead, one request per 60/rate seconds, which never exceeds it.
    this.#limiter = Number.isInteger(perMinute)
      ? new SlidingWindowLimiter({ limit: perMinute, now: this.#now, sleep })
      : new SlidingWindowLimiter({ limit: 1, windowMs: Math.ceil(60_000 / perMinute), now: this.#now, sleep });
    const maxRetries = options.maxRetries ?? 6;
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0))
      throw new RangeError(`maxRetries must be a whole number >= 0, got ${maxRetries}`);
    this.#policy = {
      maxRetries,
      backoffBaseMs: positive("backoffBaseMs", options.backoffBaseMs ?? 1000),
      backoffMaxMs: positive("backoffMaxMs", options.backoffMaxMs ?? 60_000),
      sleep,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
  }

  /** Ticker items the last `tickers()` run skipped for lacking a ticker symbol. */
  get skippedTickers(): number {
    return this.#skippedTickers;
  }

  /**
   * Every US stock's daily bar for one date, in a single request. A holiday or a day not
   * yet published is an empty list, not an error. Items that fail validation are returned
   * in `malformed` instead of failing the day.
   */
  async groupedDaily(dateIso: string, options: RequestOptions = {}): Promise<GroupedDailyResult> {
    if (parseIsoDay(dateIso) === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(dateIso)}`);
    const url = this.#url(`/v2/aggs/grouped/locale/us/market/stocks/${dateIso}`, { adjusted: "true" });
    const json = await this.#getJson(url, dateIso, options.signal);
    const envelope = groupedDailyResponseSchema.safeParse(json);
    if (!envelope.success)
      throw new MassiveError(
        "invalid_response",
        `Massive response for ${dateIso} is not a grouped-daily result: ${firstIssue(envelope.error)}`,
      );
    const bars: GroupedBar[] = [];
    const malformed: MalformedItem[] = [];
    (envelope.data.results ?? []).forEach((item, index) => {
      const bar = groupedBarSchema.safeParse(item);
      if (bar.success) bars.push(bar.data);
      else
        malformed.push({
          index,
          raw: (JSON.stringify(item) ?? String(item)).slice(0, 200),
          issue: firstIssue(bar.error),
        });
    });
    return { date: dateIso, status: envelope.data.status, bars, malformed };
  }

  /** Every active US stock ticker, following `next_url` page by page (1000 per page). */
  async *tickers(options: RequestOptions = {}): AsyncGenerator<TickerRecord, void, undefined> {
    this.#skippedTickers = 0;
    let url: URL | null = this.#url("/v3/reference/tickers", { market: "stocks", active: "true", limit: "1000" });
    const visited = new Set<string>();
    for (let page = 1; url !== null; page++) {
      visited.add(url.toString());
      const json = await this.#getJson(url, `tickers page ${page}`, options.signal);
      const parsed = tickersPageSchema.safeParse(json);
      if (!parsed.success)
        throw new MassiveError(
          "invalid_response",
          `Massive tickers page ${page} is not a ticker list: ${firstIssue(parsed.error)}`,
        );
      for (const item of parsed.data.results ?? []) {
        const ticker = tickerItemSchema.safeParse(item);
        if (!ticker.success) {
          this.#skippedTickers++;
          continue;
        }
        yield {
          symbol: ticker.data.ticker,
          name: ticker.data.name ?? "",
          type: securityKind(ticker.data.type),
          exchange: exchangeName(ticker.data.primary_exchange),
        };
      }
      url = parsed.data.next_url ? this.#followNextUrl(parsed.data.next_url) : null;
      if (url !== null && visited.has(url.toString()))
        throw new MassiveError(
          "invalid_response",
          `Massive tickers paging looped back to an earlier page after page ${page}`,
        );
    }
  }

  #url(path: string, params: Record<string, string>): URL {
    const url = new URL(this.#baseUrl.toString().replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set("apiKey", this.#apiKey);
    return url;
  }

  /**
   * `next_url` omits the key, so it is added here. The key only ever goes to the configured
   * base URL's origin: a `next_url` naming another host keeps its path and cursor but is
   * sent to our origin, so a surprising response cannot make us hand the key elsewhere.
   */
  #followNextUrl(nextUrl: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(nextUrl, this.#baseUrl);
    } catch {
      throw new MassiveError("invalid_response", "Massive tickers next_url is not a URL");
    }
    const url = new URL(parsed.pathname + parsed.search, this.#baseUrl.origin);
    url.searchParams.set("apiKey", this.#apiKey);
    return url;
  }

  #getJson(url: URL, label: string, signal: AbortSignal | undefined): Promise<unknown> {
    return withRetries(label, this.#policy, () => this.#attempt(url, label, signal), signal);
  }

  /** One request: a value, a retryable failure, or a thrown fatal MassiveError. */
  async #attempt(url: URL, label: string, signal: AbortSignal | undefined): Promise<AttemptOutcome<unknown>> {
    await this.#limiter.acquire(signal);
    const what = `Massive request for ${label}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    // Why a transport failure happened: the caller's abort is fatal, our timeout is retryable.
    const transportFailure = (stage: string, error: unknown): AttemptOutcome<unknown> => {
      if (signal?.aborted) throw abortedError(what);
      if (timedOut) return { ok: false, reason: `timed out after ${this.#timeoutMs} ms` };
      return { ok: false, reason: `${stage}: ${this.#describe(error)}` };
    };
    try {
      let response: Response;
      try {
        response = await this.#fetch(url.toString(), {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
      } catch (error) {
        return transportFailure("network error", error);
      }
      let body: string;
      try {
        // Read inside the timeout: a server that sends headers and then stalls is a timeout too.
        body = await response.text();
      } catch (error) {
        return transportFailure("response body cut off", error);
      }
      const status = response.status;
      if (status === 429)
        return {
          ok: false,
          reason: "HTTP 429 (rate limited)",
          status,
          retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), this.#now()),
        };
      if (status >= 500) return { ok: false, reason: `HTTP ${status}`, status };
      if (status === 401 || status === 403)
        throw new MassiveError(
          "auth",
          `Massive rejected the POLYGON_API_KEY (HTTP ${status}${this.#detail(body)}): check the key in your Massive dashboard`,
          { status },
        );
      if (status < 200 || status > 299)
        throw new MassiveError("client", `${what} failed: HTTP ${status}${this.#detail(body)}`, { status });
      try {
        return { ok: true, value: JSON.parse(body) };
      } catch {
        return { ok: false, reason: body.length === 0 ? "empty body" : `malformed JSON body (${body.length} bytes)` };
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** ": <error or message from the body>" when the body has one, else "". */
  #detail(body: string): string {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return "";
    }
    const parsed = errorBodySchema.safeParse(json);
    const text = parsed.success ? (parsed.data.error ?? parsed.data.message) : undefined;
    return text ? `: ${redactSecret(text, this.#apiKey).slice(0, 200)}` : "";
  }

  #describe(error: unknown): string {
    let text = error instanceof Error ? error.message : String(error);
    // Node's fetch says only "fetch failed"; the useful part (ECONNRESET, ...) is the cause.
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Error && cause.message) text += ` (${cause.message})`;
    return redactSecret(text, this.#apiKey).slice(0, 200);
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
