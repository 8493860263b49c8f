// `technic ingest massive` end to end: the real CLI process against the test suite's
// fake Massive server, with faults, a resume, and the published snapshot checked.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotStore } from "../../cli/store/snapshot-store.ts";
import { isoDay, parseIsoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { tradingDaysBetween } from "../../engine/calendar/us-market-calendar.ts";
import { FakeMassiveServer } from "../massive/fake-massive-server.ts";
import { TEST_API_KEY } from "../massive/helpers.ts";
import { runCli, runCliAsync, tempDir } from "../support/run-cli.ts";

const FROM = "2024-01-02";
const TO = "2024-02-09";
const tradingDays = tradingDaysBetween(parseIsoDay(FROM) as UnixDay, parseIsoDay(TO) as UnixDay).map(isoDay);

describe("technic ingest massive", () => {
  let server: FakeMassiveServer;
  const tmp = tempDir("massive-cli");
  const env = () => ({
    TECHNIC_DATA_DIR: join(tmp.path, "data"),
    POLYGON_API_KEY: TEST_API_KEY,
    POLYGON_BASE_URL: server.baseUrl,
    POLYGON_RATE_LIMIT: "6000",
    TECHNIC_MASSIVE_BACKOFF_MS: "5",
    TECHNIC_MASSIVE_TIMEOUT_MS: "500",
  });

  beforeAll(async () => {
    server = await FakeMassiveServer.start({ apiKey: TEST_API_KEY, tickersPageSize: 3 });
  });
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  it("needs POLYGON_API_KEY and says so in one line", () => {
    const r = runCli(["ingest", "massive", "--from", FROM], {
      TECHNIC_DATA_DIR: join(tmp.path, "data"),
      POLYGON_API_KEY: "",
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^technic: POLYGON_API_KEY is not set/);
  });

  it("backfills through 429s, 5xx and a truncated body, one request per trading day, then resumes with no refetch", async () => {
    server.reset();
    server
      .fail("429", { match: "2024-01-03", retryAfter: "0" })
      .fail("503", { match: "2024-01-10" })
      .fail("truncated", { match: "2024-01-17" });
    // The first run stops at a day the server refuses for good (401 is never retried).
    server.fail("401", { match: "2024-01-24" });
    const first = await runCliAsync(["ingest", "massive", "--from", FROM, "--to", TO], env());
    expect(first.status, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/rejected the POLYGON_API_KEY/);
    expect(first.stderr, "the key must never be printed").not.toContain(TEST_API_KEY);
    const beforeFailure = tradingDays.filter((d) => d < "2024-01-24");
    for (const d of beforeFailure)
      expect(server.requestsFor(d), `${d} fetched before the failure`).toBeGreaterThanOrEqual(1);
    expect(new SnapshotStore(join(tmp.path, "data")).currentVersion(), "a failed ingest publishes nothing").toBeNull();

    server.reset();
    const second = await runCliAsync(["ingest", "massive", "--from", FROM, "--to", TO], env());
    expect(second.status, second.stderr).toBe(0);
    for (const d of beforeFailure)
      expect(server.requestsFor(d), `${d} was stored and must not be fetched again`).toBe(0);
    for (const d of tradingDays.filter((x) => x >= "2024-01-24"))
      expect(server.requestsFor(d), `${d} fetched once`).toBe(1);
    expect(
      server.requests.some((r) => r.date === "2024-01-15"),
      "MLK Day is never requested",
    ).toBe(false);

    const universe = await new SnapshotStore(join(tmp.path, "data")).load();
    expect(universe.manifest.source.kind).toBe("massive");
    expect(universe.days.length, "every trading day exactly once").toBe(tradingDays.length);
    expect(universe.find("BRK-B")?.shard.symbols[universe.find("BRK-B")?.index ?? 0]?.name).toBe(
      "Berkshire Hathaway Inc. Class B",
    );
    expect(universe.find("SPY")?.shard.symbols[universe.find("SPY")?.index ?? 0]?.type).toBe("etf");
    expect(second.stdout).toMatch(/high_below_low/);
  });

  it("a daily update fetches only the new day", async () => {
    server.reset();
    const r = await runCliAsync(["ingest", "massive", "--from", FROM, "--to", "2024-02-12"], env());
    expect(r.status, r.stderr).toBe(0);
    expect(server.groupedDates()).toEqual(["2024-02-12"]);
    const universe = await new SnapshotStore(join(tmp.path, "data")).load();
    expect(universe.manifest.days.last).toBe("2024-02-12");
  });
});
