// A local stand-in for api.polygon.io serving the documented response shapes for the fake
// market, checking the apiKey on every request, logging every request, and scripted to
// inject faults into chosen requests (rate limits, 5xx, hangs, broken bodies, bad items).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FAKE_TICKERS, fakeBars } from "./fake-market.ts";

export type FaultKind =
  /** 429 with a Retry-After header when `retryAfter` is given. */
  | "429"
  | "500"
  | "503"
  /** Never answers (the client must time out). */
  | "hang"
  /** Answers normally after `delayMs`. */
  | "slow"
  /** 200 with only the first half of the JSON, ending the response cleanly. */
  | "truncated"
  /** 200 announcing the full Content-Length, then the connection dies half way. */
  | "cut"
  /** The connection is destroyed before any response. */
  | "reset"
  | "malformed-json"
  /** A normal day plus result items with missing fields, wrong types, or no ticker. */
  | "bad-items"
  | "401"
  /** 400 whose error text echoes the request URL, apiKey included (as a careless server might). */
  | "400";

export interface Fault {
  readonly kind: FaultKind;
  /** Only requests whose path contains this (a date, "tickers") take the fault. */
  readonly match?: string;
  readonly retryAfter?: string;
  readonly delayMs?: number;
}

export interface LoggedRequest {
  readonly path: string;
  /** Grouped-daily date, when the request was one. */
  readonly date?: string;
  readonly at: number;
  readonly fault?: FaultKind;
}

export interface FakeServerOptions {
  readonly apiKey: string;
  /** Tickers per page, whatever `limit` asks (so paging shows with a handful of tickers). */
  readonly tickersPageSize?: number;
  /** Trading days the server has no data for (answered like a holiday). */
  readonly emptyDates?: readonly string[];
  /** Origin written into next_url, to check the client never sends its key elsewhere. */
  readonly nextUrlOrigin?: string;
}

/** Result items a grouped-daily item schema must refuse, one way each. */
export const BAD_ITEMS: readonly unknown[] = [
  { T: "MISSING", o: 1, h: 2, l: 0.5 },
  { T: "WRONGTYPE", o: "1.0", h: 2, l: 0.5, c: 1.5, v: 100, t: 0 },
  { o: 1, h: 2, l: 0.5, c: 1.5, v: 100, t: 0 },
  null,
];

const GROUPED = /^\/v2\/aggs\/grouped\/locale\/us\/market\/stocks\/(\d{4}-\d{2}-\d{2})$/;

export class FakeMassiveServer {
  readonly requests: LoggedRequest[] = [];
  readonly #faults: Fault[] = [];
  readonly #server: Server;
  readonly #options: FakeServerOptions;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #requestSeq = 0;
  baseUrl = "";

  private constructor(options: FakeServerOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  static async start(options: FakeServerOptions): Promise<FakeMassiveServer> {
    const fake = new FakeMassiveServer(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    const { port } = fake.#server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Queues `times` copies of a fault, each taken by the next matching request. */
  fail(kind: FaultKind, options: Omit<Fault, "kind"> & { times?: number } = {}): this {
    const { times = 1, ...rest } = options;
    for (let i = 0; i < times; i++) this.#faults.push({ kind, ...rest });
    return this;
  }

  /** Forgets the request log and any faults not yet taken. */
  reset(): void {
    this.requests.length = 0;
    this.#faults.length = 0;
  }

  get pendingFaults(): number {
    return this.#faults.length;
  }

  groupedDates(): string[] {
    return this.requests.flatMap((r) => (r.date ? [r.date] : []));
  }

  requestsFor(date: string): number {
    return this.requests.filter((r) => r.date === date).length;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const date = GROUPED.exec(url.pathname)?.[1];
    const faultIndex = this.#faults.findIndex((f) => f.match === undefined || url.pathname.includes(f.match));
    const fault = faultIndex >= 0 ? this.#faults.splice(faultIndex, 1)[0] : undefined;
    this.requests.push({
      path: url.pathname,
      at: Date.now(),
      ...(date ? { date } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    });

    if (url.searchParams.get("apiKey") !== this.#options.apiKey) {
      this.#json(res, 401, { status: "ERROR", request_id: this.#id(), error: "Unknown API Key" });
      return;
    }

    const body = (): unknown => (date ? this.#grouped(date, url) : this.#route(url));
    switch (fault?.kind) {
      case undefined:
        this.#answer(res, body());
        return;
      case "429":
        if (fault.retryAfter !== undefined) res.setHeader("Retry-After", fault.retryAfter);
        this.#json(res, 429, {
          status: "ERROR",
          request_id: this.#id(),
          error: "You've exceeded the maximum requests per minute, please wait or upgrade your subscription.",
        });
        return;
      case "500":
      case "503":
        this.#json(res, Number(fault.kind), {
          status: "ERROR",
          request_id: this.#id(),
          error: "Internal error",
        });
        return;
      case "hang":
        return; // never answers; the client aborts and closeAllConnections() cleans up
      case "slow": {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (!res.destroyed) this.#answer(res, body());
        }, fault.delayMs ?? 1000);
        this.#timers.add(timer);
        return;
      }
      case "truncated": {
        const text = JSON.stringify(body());
        res.writeHead(200, { "content-type": "application/json" });
        res.end(text.slice(0, Math.floor(text.length / 2)));
        return;
      }
      case "cut": {
        const text = JSON.stringify(body());
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
        return;
      }
      case "reset":
        req.socket.destroy();
        return;
      case "malformed-json":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"status":"OK","results":[{"T":"AAPL",,]}');
        return;
      case "bad-items":
        this.#answer(res, date ? this.#grouped(date, url, BAD_ITEMS) : body());
        return;
      case "401":
        this.#json(res, 401, { status: "ERROR", request_id: this.#id(), error: "Unknown API Key" });
        return;
      case "400":
        this.#json(res, 400, {
          status: "ERROR",
          request_id: this.#id(),
          error: `Could not parse the request ${req.url ?? ""}`,
        });
        return;
    }
  }

  #grouped(date: string, url: URL, extraItems: readonly unknown[] = []): unknown {
    const bars = [...(this.#options.emptyDates?.includes(date) ? [] : fakeBars(date)), ...extraItems];
    const envelope = {
      adjusted: url.searchParams.get("adjusted") === "true",
      queryCount: bars.length,
      resultsCount: bars.length,
      request_id: this.#id(),
      status: "OK",
    };
    // Like the real API, an empty day has no `results` key at all.
    return bars.length > 0 ? { ...envelope, results: bars } : envelope;
  }

  #route(url: URL): unknown {
    if (url.pathname !== "/v3/reference/tickers")
      return { status: "NOT_FOUND", request_id: this.#id(), message: "Not found" };
    const first = !url.searchParams.has("cursor");
    if (first && (url.searchParams.get("market") !== "stocks" || url.searchParams.get("active") !== "true"))
      return { status: "NOT_FOUND", request_id: this.#id(), message: "expected market=stocks&active=true" };
    const pageSize = Math.min(Number(url.searchParams.get("limit") ?? 100), this.#options.tickersPageSize ?? 1000);
    const offset = Number(url.searchParams.get("cursor") ?? 0);
    const page = FAKE_TICKERS.slice(offset, offset + pageSize).map((t) => ({
      ticker: t.ticker,
      name: t.name,
      market: "stocks",
      locale: "us",
      ...(t.primary_exchange ? { primary_exchange: t.primary_exchange } : {}),
      ...(t.type ? { type: t.type } : {}),
      active: true,
      currency_name: "usd",
      last_updated_utc: "2024-03-01T00:00:00Z",
    }));
    const next = offset + pageSize < FAKE_TICKERS.length ? offset + pageSize : null;
    const origin = this.#options.nextUrlOrigin ?? this.baseUrl;
    return {
      results: page,
      status: "OK",
      request_id: this.#id(),
      count: page.length,
      // Like the real API: the cursor carries the query, and the apiKey is not included.
      ...(next === null ? {} : { next_url: `${origin}/v3/reference/tickers?cursor=${next}` }),
    };
  }

  #answer(res: ServerResponse, body: unknown): void {
    const notFound = typeof body === "object" && body !== null && "status" in body && body.status === "NOT_FOUND";
    this.#json(res, notFound ? 404 : 200, body);
  }

  #json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  #id(): string {
    return `req-${++this.#requestSeq}`;
  }
}
