// Imports the real 2014-2016 US equities file (../shared/data) through the CLI and checks
// what a user would: every symbol and day is there, the bad rows are reported (not
// stored), metadata and fundamentals are joined, and values match the CSV.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotStore } from "../../cli/store/snapshot-store.ts";
import { fundamentalOf, valueAt } from "../../engine/snapshot/bar-table.ts";
import { bytesPerSymbolDay } from "../../engine/snapshot/manifest.ts";
import type { Universe } from "../../engine/snapshot/universe.ts";
import { type CliResult, runCli, tempDir } from "../support/run-cli.ts";
import { hasSharedData, REAL_PRICES, sharedDataSkipMessage, US_EQUITIES_DIR } from "../support/shared-data.ts";

describe.skipIf(!hasSharedData)(
  `import of the real US equities file (${hasSharedData ? "present" : sharedDataSkipMessage()})`,
  () => {
    const tmp = tempDir("real");
    const env = { TECHNIC_DATA_DIR: join(tmp.path, "data") };
    let result: CliResult;
    let universe: Universe;

    beforeAll(async () => {
      result = runCli(["import", REAL_PRICES, "--report", join(tmp.path, "report.json")], env);
      universe = await new SnapshotStore(env.TECHNIC_DATA_DIR).load();
    }, 180_000);
    afterAll(() => tmp.remove());

    it("keeps all 7,720 symbols on the 756 trading days of 2014-2016", () => {
      expect(result.status, result.stderr).toBe(0);
      expect(universe.symbolCount).toBe(7720);
      expect(universe.manifest.days).toEqual({ first: "2014-01-02", last: "2016-12-30", count: 756 });
      expect(universe.manifest.etfCount).toBe(1321);
      expect(bytesPerSymbolDay(universe.manifest), "within the 20 bytes per symbol-day budget").toBeLessThanOrEqual(20);
    });

    it("reports the file's bad rows — weekend dates and prices outside the day's range — and stores none of them", () => {
      expect(result.stdout).toMatch(/kept 4,957,457 rows, rejected 48/);
      expect(result.stdout).toMatch(/45\s+non_trading_day/);
      expect(result.stdout).toMatch(/prices-2014-2016\.csv\.gz:4237123: 2014-03-04,SLG/);
      const slg = universe.find("SLG");
      const day = Array.from(universe.days).indexOf(Date.UTC(2014, 2, 4) / 86_400_000);
      expect(
        slg && valueAt(slg.shard, "close", slg.index, day),
        "the refused SLG row leaves a gap, not a bad price",
      ).toBeNaN();
    });

    it("stores the same prices as the CSV (to float32 precision), dashes in tickers included", () => {
      const rows = execFileSync("sh", ["-c", `zcat '${REAL_PRICES}' | grep -E '^2016-12-30,(AAPL|BRK-B|SPY),'`], {
        encoding: "utf8",
      })
        .trim()
        .split("\n");
      expect(rows).toHaveLength(3);
      const last = universe.days.length - 1;
      for (const line of rows) {
        const [, symbol, o, h, l, c, v] = line.split(",") as [string, string, string, string, string, string, string];
        const loc = universe.find(symbol);
        expect(loc, symbol).not.toBeNull();
        if (!loc) continue;
        expect(valueAt(loc.shard, "open", loc.index, last)).toBe(Math.fround(Number(o)));
        expect(valueAt(loc.shard, "high", loc.index, last)).toBe(Math.fround(Number(h)));
        expect(valueAt(loc.shard, "low", loc.index, last)).toBe(Math.fround(Number(l)));
        expect(valueAt(loc.shard, "close", loc.index, last)).toBe(Math.fround(Number(c)));
        expect(valueAt(loc.shard, "volume", loc.index, last)).toBe(Math.fround(Number(v)));
      }
    });

    it("joins symbols.csv metadata and the S&P 500 fundamentals", () => {
      expect(result.stdout).toContain("symbols.csv");
      const aapl = universe.find("AAPL");
      expect(aapl?.shard.symbols[aapl.index]).toMatchObject({
        type: "stock",
        exchange: "NASDAQ",
        sector: "Technology",
      });
      const spy = universe.find("SPY");
      expect(spy?.shard.symbols[spy.index]?.type).toBe("etf");
      const mmm = universe.find("MMM");
      expect(
        mmm && fundamentalOf(mmm.shard, "market_cap", mmm.index),
        "market_cap_bn is converted to dollars",
      ).toBeCloseTo(112.74e9, -6);
      expect(mmm && fundamentalOf(mmm.shard, "pe", mmm.index)).toBeCloseTo(23.17, 4);
      expect(spy && fundamentalOf(spy.shard, "pe", spy.index), "no fundamentals for an ETF").toBeNaN();
      expect(US_EQUITIES_DIR).toBeTruthy();
    });

    it("ranks as of a past date using that date's data", () => {
      const r = runCli(["scan", "--top", "5", "--as-of", "2015-06-30", "--json"], env);
      expect(r.status, r.stderr).toBe(0);
      const parsed = JSON.parse(r.stdout) as {
        meta: { as_of: string; demo: boolean };
        rows: { symbol: string; momentum_126d: number }[];
      };
      expect(parsed.meta).toMatchObject({ as_of: "2015-06-30", demo: false });
      expect(parsed.rows).toHaveLength(5);
      const sorted = [...parsed.rows].sort((a, b) => b.momentum_126d - a.momentum_126d);
      expect(parsed.rows, "rows come ranked by momentum").toEqual(sorted);
    });
  },
);
