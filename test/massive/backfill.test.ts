// runMassiveBackfill against the fake server: one request per trading day and never for a
// weekend or holiday, closed versus pending empty days, resuming after an abort or a
// failure with every day stored exactly once, and loading the store into a universe.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FileMassiveDayStore } from "../../cli/store/massive-day-store.ts";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { isoDay, parseIsoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { isTradingDay, tradingDaysBetween } from "../../engine/calendar/us-market-calendar.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import {
  loadStoredDays,
  type MassiveDayStore,
  MassiveError,
  MemoryMassiveDayStore,
  runMassiveBackfill,
  type TickerRecord,
} from "../../worker/providers/massive/index.ts";
import { BAD_BAR_DATE, FAKE_TICKERS, fakeBars } from "./fake-market.ts";
import { BAD_ITEMS, FakeMassiveServer } from "./fake-massive-server.ts";
import { rejection, TEST_API_KEY, testClient } from "./helpers.ts";

/** The server has no data for this trading day (as if the exchange had closed unannounced). */
const EMPTY_OLD_DAY = "2024-02-07";
/** ... nor for this one, which is recent relative to NOW. */
const EMPTY_RECENT_DAY = "2024-03-13";
const NOW = Date.UTC(2024, 2, 14, 15); // 2024-03-14, a Thursday

let server: FakeMassiveServer;
let dir: string;

beforeAll(async () => {
  server = await FakeMassiveServer.start({ apiKey: TEST_API_KEY, emptyDates: [EMPTY_OLD_DAY, EMPTY_RECENT_DAY] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "technic-massive-backfill-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function day(text: string): UnixDay {
  const d = parseIsoDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
}

function tradingDays(from: string, to: string): string[] {
  return tradingDaysBetween(day(from), day(to)).map(isoDay);
}

/** Every trading day in [from, to] is stored once with the bars the server has for it. */
async function expectComplete(store: MassiveDayStore, from: string, to: string): Promise<void> {
  const days = tradingDays(from, to);
  expect(await store.listDays()).toEqual(days);
  for (const day of days) expect(await store.getDay(day)).toEqual(day === EMPTY_OLD_DAY ? [] : fakeBars(day));
}

describe("runMassiveBackfill", () => {
  it("asks once per trading day and never for a weekend or holiday", async () => {
    const store = new MemoryMassiveDayStore();
    const progress: [number, number, string][] = [];
    const result = await runMassiveBackfill({
      client: testClient(server),
      store,
      from: "2023-12-30",
      to: "2024-02-29",
      now: () => NOW,
      onProgress: (done, total, date) => progress.push([done, total, date]),
    });

    const expected = tradingDays("2023-12-30", "2024-02-29");
    expect(expected).toHaveLength(41);
    expect(server.groupedDates()).toEqual(expected);
    expect(server.requests).toHaveLength(expected.length);
    for (const d of server.groupedDates()) expect(isTradingDay(day(d)), d).toBe(true);
    for (const holiday of ["2024-01-01", "2024-01-15", "2024-02-19"]) expect(server.requestsFor(holiday)).toBe(0);

    expect(result).toMatchObject({
      fetched: 41,
      skippedAlreadyStored: 0,
      closedDays: [EMPTY_OLD_DAY],
      pendingDays: [],
      malformedItems: 0,
    });
    expect(progress.at(-1)).toEqual([41, 41, "2024-02-29"]);
    await expectComplete(store, "2023-12-30", "2024-02-29");
  });

  it("stores an old empty day as closed, but leaves a recent empty day to fetch again", async () => {
    const store = new MemoryMassiveDayStore();
    const options = { client: testClient(server), store, from: "2024-02-05", to: "2024-03-31", now: () => NOW };
    const first = await runMassiveBackfill(options);
    expect(first.closedDays).toEqual([EMPTY_OLD_DAY]);
    expect(first.pendingDays).toEqual([EMPTY_RECENT_DAY]);
    expect(await store.hasDay(EMPTY_OLD_DAY)).toBe(true);
    expect(await store.hasDay(EMPTY_RECENT_DAY)).toBe(false);
    // Days after today cannot have data: they are not requested.
    expect(server.groupedDates().at(-1)).toBe("2024-03-14");

    server.reset();
    const second = await runMassiveBackfill(options);
    expect(server.groupedDates()).toEqual([EMPTY_RECENT_DAY]);
    expect(second).toMatchObject({ fetched: 1, pendingDays: [EMPTY_RECENT_DAY], closedDays: [] });
  });

  it("counts malformed items and keeps the day's good bars", async () => {
    server.fail("bad-items", { match: "2024-01-04" });
    const store = new MemoryMassiveDayStore();
    const result = await runMassiveBackfill({
      client: testClient(server),
      store,
      from: "2024-01-02",
      to: "2024-01-05",
      now: () => NOW,
    });
    expect(result.malformedItems).toBe(BAD_ITEMS.length);
    expect(result.malformedExamples.map((m) => m.date)).toEqual(BAD_ITEMS.map(() => "2024-01-04"));
    expect(await store.getDay("2024-01-04")).toEqual(fakeBars("2024-01-04"));
  });

  it("resumes after an abort without refetching or missing a day", async () => {
    const store = new FileMassiveDayStore(dir);
    const controller = new AbortController();
    const range = { from: "2024-01-01", to: "2024-02-29", now: () => NOW };
    const error = await rejection(() =>
      runMassiveBackfill({
        client: testClient(server),
        store,
        ...range,
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 10) controller.abort();
        },
      }),
    );
    expect(error instanceof MassiveError && error.kind).toBe("aborted");
    expect(await store.listDays()).toEqual(tradingDays("2024-01-01", "2024-02-29").slice(0, 10));

    const result = await runMassiveBackfill({
      client: testClient(server),
      store: new FileMassiveDayStore(dir),
      ...range,
    });
    expect(result.skippedAlreadyStored).toBe(10);
    expect(result.fetched).toBe(tradingDays("2024-01-01", "2024-02-29").length - 10);
    // Over both runs, every trading day was asked for exactly once.
    expect(server.groupedDates()).toEqual(tradingDays("2024-01-01", "2024-02-29"));
    await expectComplete(store, "2024-01-01", "2024-02-29");
  });

  it("resumes after an abort that lands while a request is in flight", async () => {
    const store = new FileMassiveDayStore(dir);
    const controller = new AbortController();
    server.fail("hang", { match: "2024-01-09" });
    const client = testClient(server, { timeoutMs: 10_000 });
    const run = runMassiveBackfill({
      client,
      store,
      from: "2024-01-02",
      to: "2024-01-31",
      now: () => NOW,
      signal: controller.signal,
    });
    while (server.requestsFor("2024-01-09") === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(run).rejects.toThrow(/aborted/);
    expect(await store.listDays()).toEqual(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"]);

    await runMassiveBackfill({ client, store, from: "2024-01-02", to: "2024-01-31", now: () => NOW });
    const days = tradingDays("2024-01-02", "2024-01-31");
    for (const d of days) expect(server.requestsFor(d), d).toBe(d === "2024-01-09" ? 2 : 1);
    await expectComplete(store, "2024-01-02", "2024-01-31");
  });

  it("resumes after a day fails past its retries", async () => {
    const store = new FileMassiveDayStore(dir);
    server.fail("503", { match: "2024-01-17", times: 3 });
    const options = { store, from: "2024-01-02", to: "2024-01-31", now: () => NOW };
    const error = await rejection(() =>
      runMassiveBackfill({ ...options, client: testClient(server, { maxRetries: 2 }) }),
    );
    expect(error.message).toBe("Massive request for 2024-01-17 failed after 3 attempts: HTTP 503");
    const storedBefore = await store.listDays();
    expect(storedBefore.at(-1)).toBe("2024-01-16");

    const result = await runMassiveBackfill({ ...options, client: testClient(server) });
    expect(result.skippedAlreadyStored).toBe(storedBefore.length);
    for (const d of tradingDays("2024-01-02", "2024-01-31"))
      expect(server.requestsFor(d), d).toBe(d === "2024-01-17" ? 4 : 1);
    await expectComplete(store, "2024-01-02", "2024-01-31");
  });

  it("refuses a malformed or backwards range before any request", async () => {
    const store = new MemoryMassiveDayStore();
    const client = testClient(server);
    await expect(runMassiveBackfill({ client, store, from: "2024-13-01", to: "2024-12-31" })).rejects.toThrow(
      RangeError,
    );
    await expect(runMassiveBackfill({ client, store, from: "2024-02-01", to: "2024-01-01" })).rejects.toThrow(/after/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("loadStoredDays", () => {
  it("feeds every stored bar and the ticker metadata into a UniverseBuilder", async () => {
    const store = new FileMassiveDayStore(dir);
    const client = testClient(server);
    await runMassiveBackfill({ client, store, from: "2024-01-02", to: "2024-02-29", now: () => NOW });
    const tickers: TickerRecord[] = [];
    for await (const t of client.tickers()) tickers.push(t);
    await store.putTickers(tickers);

    const report = new IngestReport();
    const builder = new UniverseBuilder(report);
    const loaded = await loadStoredDays(store, builder);
    const days = tradingDays("2024-01-02", "2024-02-29");
    expect(loaded.days).toBe(days.length);
    expect(loaded.bars).toBe((days.length - 1) * FAKE_TICKERS.length); // EMPTY_OLD_DAY has none
    expect(loaded.symbolsWithInfo).toBe(FAKE_TICKERS.length);

    // XYZ's bar on BAD_BAR_DATE has high < low: refused, and reported with its origin.
    expect(report.rowsRead).toBe(loaded.bars);
    expect(report.rowsKept).toBe(loaded.bars - 1);
    expect(report.countOf("high_below_low")).toBe(1);
    expect(report.toJSON().rejected.high_below_low?.examples[0]?.where).toBe(`massive ${BAD_BAR_DATE}`);

    const { table, symbolsWithoutBars } = builder.build();
    expect(symbolsWithoutBars).toEqual([]);
    expect(table.days).toHaveLength(days.length - 1);
    expect(table.days[0]).toBe(day("2024-01-02"));
    const info = new Map(table.symbols.map((s) => [s.symbol, s]));
    expect(info.get("BRK-B")).toMatchObject({
      name: "Berkshire Hathaway Inc. Class B",
      type: "stock",
      exchange: "NYSE",
    });
    expect(info.get("SPY")).toMatchObject({ type: "etf", exchange: "NYSE Arca" });
  });

  it("notes a missing ticker list and still loads the bars", async () => {
    const store = new MemoryMassiveDayStore();
    await store.putDay("2024-01-03", fakeBars("2024-01-03"));
    const builder = new UniverseBuilder(new IngestReport());
    const loaded = await loadStoredDays(store, builder);
    expect(loaded).toEqual({ days: 1, bars: FAKE_TICKERS.length, symbolsWithInfo: 0 });
    expect(builder.report.toJSON().notes.join("\n")).toMatch(/no ticker list/);
  });
});
