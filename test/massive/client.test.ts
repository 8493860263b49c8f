// MassiveClient against the fake server: documented shapes, every retryable fault kind,
// giving up, failing fast on auth and other 4xx, key redaction, and ticker paging.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MassiveError, type RetryInfo } from "../../worker/providers/massive/index.ts";
import { FAKE_TICKERS, fakeBars } from "./fake-market.ts";
import { BAD_ITEMS, FakeMassiveServer, type FaultKind } from "./fake-massive-server.ts";
import { rejection, TEST_API_KEY, testClient } from "./helpers.ts";

let server: FakeMassiveServer;

beforeAll(async () => {
  server = await FakeMassiveServer.start({ apiKey: TEST_API_KEY, tickersPageSize: 3 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

describe("groupedDaily", () => {
  it("returns every ticker's bar for the day in one request", async () => {
    const result = await testClient(server).groupedDaily("2024-01-03");
    expect(result.date).toBe("2024-01-03");
    expect(result.status).toBe("OK");
    expect(result.bars).toEqual(fakeBars("2024-01-03"));
    expect(result.bars.map((b) => b.T)).toContain("BRK-B");
    expect(result.malformed).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("returns an empty list, not an error, for a holiday", async () => {
    // 2024-01-15 is Martin Luther King Jr. Day: the server answers without `results`.
    const result = await testClient(server).groupedDaily("2024-01-15");
    expect(result.bars).toEqual([]);
    expect(result.malformed).toEqual([]);
  });

  it("keeps the good items and returns malformed ones separately", async () => {
    server.fail("bad-items");
    const result = await testClient(server).groupedDaily("2024-01-04");
    expect(result.bars).toEqual(fakeBars("2024-01-04"));
    expect(result.malformed).toHaveLength(BAD_ITEMS.length);
    expect(result.malformed.map((m) => m.index)).toEqual(BAD_ITEMS.map((_, i) => fakeBars("2024-01-04").length + i));
    expect(result.malformed[1]?.issue).toMatch(/^o: /);
    expect(result.malformed[2]?.issue).toMatch(/^T: /);
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a date that is not YYYY-MM-DD without a request", async () => {
    await expect(testClient(server).groupedDaily("2024-1-3")).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("retries", () => {
  const faults: { kind: FaultKind; reason: RegExp; delayMs?: number }[] = [
    { kind: "429", reason: /HTTP 429/ },
    { kind: "500", reason: /HTTP 500/ },
    { kind: "503", reason: /HTTP 503/ },
    { kind: "hang", reason: /timed out after 200 ms/ },
    { kind: "slow", reason: /timed out after 200 ms/, delayMs: 400 },
    { kind: "truncated", reason: /malformed JSON/ },
    { kind: "cut", reason: /body cut off/ },
    { kind: "reset", reason: /network error/ },
    { kind: "malformed-json", reason: /malformed JSON/ },
  ];

  for (const { kind, reason, delayMs } of faults) {
    it(`succeeds after a ${kind}`, async () => {
      server.fail(kind, { match: "2024-01-08", ...(delayMs ? { delayMs } : {}) });
      const retries: RetryInfo[] = [];
      const result = await testClient(server, { onRetry: (info) => retries.push(info) }).groupedDaily("2024-01-08");
      expect(result.bars).toEqual(fakeBars("2024-01-08"));
      expect(server.requestsFor("2024-01-08")).toBe(2);
      expect(retries).toHaveLength(1);
      expect(retries[0]?.label).toBe("2024-01-08");
      expect(retries[0]?.reason).toMatch(reason);
      expect(JSON.stringify(retries)).not.toContain(TEST_API_KEY);
    });
  }

  it("waits the Retry-After seconds on a 429 that gives them", async () => {
    server.fail("429", { retryAfter: "2" });
    const slept: number[] = [];
    const client = testClient(server, { sleep: async (ms) => void slept.push(ms) });
    await client.groupedDaily("2024-01-09");
    expect(slept).toEqual([2000]);
  });

  it("backs off exponentially with full jitter when no Retry-After is given", async () => {
    server.fail("503", { times: 4 });
    const slept: number[] = [];
    const client = testClient(server, {
      backoffBaseMs: 100,
      backoffMaxMs: 500,
      random: () => 0.5,
      sleep: async (ms) => void slept.push(ms),
    });
    await client.groupedDaily("2024-01-09");
    // 0.5 * min(500, 100 * 2^attempt) for attempts 0..3
    expect(slept).toEqual([50, 100, 200, 250]);
  });

  it("gives up after maxRetries with a one-line error naming the date and the last failure", async () => {
    server.fail("503", { times: 10 });
    const error = await rejection(() => testClient(server, { maxRetries: 3 }).groupedDaily("2024-01-10"));
    expect(error).toBeInstanceOf(MassiveError);
    expect(error.message).toBe("Massive request for 2024-01-10 failed after 4 attempts: HTTP 503");
    expect(error instanceof MassiveError && error.kind).toBe("exhausted");
    expect(server.requestsFor("2024-01-10")).toBe(4);
  });

  it("gives up on repeated timeouts too", async () => {
    server.fail("hang", { times: 3 });
    const error = await rejection(() =>
      testClient(server, { maxRetries: 2, timeoutMs: 50 }).groupedDaily("2024-01-10"),
    );
    expect(error.message).toBe("Massive request for 2024-01-10 failed after 3 attempts: timed out after 50 ms");
  });

  it("stops waiting when the caller aborts", async () => {
    server.fail("hang");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(() =>
      testClient(server, { timeoutMs: 5000 }).groupedDaily("2024-01-10", { signal: controller.signal }),
    );
    expect(error instanceof MassiveError && error.kind).toBe("aborted");
    expect(server.requestsFor("2024-01-10")).toBe(1);
  });
});

describe("failing fast", () => {
  it("fails on the first 401 and says the POLYGON_API_KEY was rejected", async () => {
    server.fail("401", { times: 5 });
    const error = await rejection(() => testClient(server).groupedDaily("2024-01-11"));
    expect(error).toBeInstanceOf(MassiveError);
    expect(error.message).toMatch(/POLYGON_API_KEY/);
    expect(error.message).toMatch(/rejected/);
    expect(error.message).toMatch(/HTTP 401/);
    expect(server.requests).toHaveLength(1);
  });

  it("fails on the first request with a wrong key", async () => {
    const error = await rejection(() => testClient(server, { apiKey: "wrong-key-42" }).groupedDaily("2024-01-11"));
    expect(error.message).toMatch(/POLYGON_API_KEY.*HTTP 401: Unknown API Key/);
    expect(error.message).not.toContain("wrong-key-42");
    expect(server.requests).toHaveLength(1);
  });

  it("fails on another 4xx with the status and the body's error text", async () => {
    server.fail("400");
    const error = await rejection(() => testClient(server).groupedDaily("2024-01-11"));
    expect(error.message).toMatch(/^Massive request for 2024-01-11 failed: HTTP 400: Could not parse the request/);
    expect(server.requests).toHaveLength(1);
  });

  it("never puts the API key in an error message, even when the server echoes it", async () => {
    const messages: string[] = [];
    const collect = async (fn: () => Promise<unknown>): Promise<void> => {
      const e = await rejection(fn);
      messages.push(e.message, String(e.stack));
    };
    server.fail("400");
    await collect(() => testClient(server).groupedDaily("2024-01-11"));
    server.fail("401");
    await collect(() => testClient(server).groupedDaily("2024-01-11"));
    for (const kind of ["503", "reset", "cut", "malformed-json", "hang"] as const) {
      server.fail(kind, { times: 2 });
      await collect(() => testClient(server, { maxRetries: 1 }).groupedDaily("2024-01-11"));
    }
    expect(messages.join("\n")).toContain("apiKey=***");
    for (const m of messages) expect(m).not.toContain(TEST_API_KEY);
  });
});

describe("tickers", () => {
  it("follows next_url (adding the key it lacks) and maps types and exchanges", async () => {
    const records = [];
    const client = testClient(server);
    for await (const r of client.tickers()) records.push(r);
    // 7 tickers, 3 per page
    expect(server.requests.map((r) => r.path)).toEqual(Array(3).fill("/v3/reference/tickers"));
    expect(records.map((r) => r.symbol)).toEqual(FAKE_TICKERS.map((t) => t.ticker));
    const bySymbol = new Map(records.map((r) => [r.symbol, r]));
    expect(bySymbol.get("AAPL")).toEqual({ symbol: "AAPL", name: "Apple Inc.", type: "stock", exchange: "NASDAQ" });
    expect(bySymbol.get("BRK-B")).toMatchObject({ type: "stock", exchange: "NYSE" });
    expect(bySymbol.get("SPY")).toMatchObject({ type: "etf", exchange: "NYSE Arca" });
    expect(bySymbol.get("GLD")).toMatchObject({ type: "etf", exchange: "NYSE Arca" });
    expect(bySymbol.get("TSM")).toMatchObject({ type: "stock", exchange: "NYSE" });
    expect(bySymbol.get("XYZ")).toMatchObject({ type: "stock", exchange: "Cboe BZX" });
    expect(bySymbol.get("IEX1")).toMatchObject({ type: "stock", exchange: "XCHI" });
    expect(client.skippedTickers).toBe(0);
  });

  it("retries a failed page without starting over", async () => {
    const records = [];
    let pages = 0;
    const client = testClient(server, { onRetry: () => pages++ });
    const iterator = client.tickers()[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) {
      const next = await iterator.next();
      if (!next.done) records.push(next.value);
    }
    server.fail("503");
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) records.push(next.value);
    expect(records).toHaveLength(FAKE_TICKERS.length);
    expect(pages).toBe(1);
    expect(server.requests).toHaveLength(4);
  });

  it("sends the key only to its own base URL even if next_url names another host", async () => {
    const other = await FakeMassiveServer.start({
      apiKey: TEST_API_KEY,
      tickersPageSize: 3,
      nextUrlOrigin: "https://attacker.example",
    });
    try {
      const records = [];
      for await (const r of testClient(other).tickers()) records.push(r);
      expect(records).toHaveLength(FAKE_TICKERS.length);
      expect(other.requests).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});
