// The technic command as a user meets it: first run, the demo label, scans as of a date,
// and mistakes answered with one line and a non-zero exit.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/run-cli.ts";

const tmp = tempDir("cli");
afterAll(() => tmp.remove());

function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status, "a user mistake exits 1").toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr, "no stack trace for a user mistake").not.toMatch(/\n\s+at /);
}

describe("technic CLI", () => {
  const env = { TECHNIC_DATA_DIR: join(tmp.path, "small") };

  it("builds a small demo universe with the flags given and labels it demo data", () => {
    const r = runCli(["demo", "--symbols", "300", "--days", "260", "--seed", "7", "--shards", "4"], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/building DEMO DATA \(synthetic\): 300 symbols x 260 trading days/);
    expect(r.stdout).toMatch(/published snapshot demo-20251231-[0-9a-f]{12}: 300 symbols .* x 260 days/);
    const info = runCli(["info", "--json"], env);
    const parsed = JSON.parse(info.stdout) as {
      manifest: { source: { kind: string; label: string }; shardCount: number; symbolCount: number };
    };
    expect(parsed.manifest.source).toMatchObject({ kind: "demo", label: "demo data (synthetic)" });
    expect(parsed.manifest.shardCount).toBe(4);
    const again = runCli(["demo", "--symbols", "300", "--days", "260", "--seed", "7", "--shards", "4"], env);
    expect(again.stdout, "the same seed gives the same version").toMatch(/already had snapshot/);
  });

  it("scans as of a past date using only data up to it, and ranks by momentum", () => {
    const r = runCli(
      [
        "scan",
        "close > 1 sort by roc(126) desc show roc(126) as mom",
        "--top",
        "10",
        "--as-of",
        "2025-09-30",
        "--format",
        "json",
      ],
      env,
    );
    expect(r.status, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as {
      meta: { as_of: string; demo: boolean; screen: string };
      rows: { rank: number; sort: number; values: { mom: number } }[];
    };
    expect(parsed.meta).toMatchObject({
      as_of: "2025-09-30",
      demo: true,
      screen: "close > 1 sort by roc(close, 126) desc show roc(close, 126) as mom",
    });
    expect(parsed.rows).toHaveLength(10);
    for (let i = 1; i < parsed.rows.length; i++)
      expect(parsed.rows[i - 1]?.values.mom).toBeGreaterThanOrEqual(parsed.rows[i]?.values.mom as number);
    const weekend = runCli(["scan", "close > 1", "--as-of", "2025-09-28", "--json"], env);
    expect(
      (JSON.parse(weekend.stdout) as { meta: { as_of: string } }).meta.as_of,
      "a weekend means the Friday before",
    ).toBe("2025-09-26");
  });

  it("runs a built-in screen by id and lists the library", () => {
    const list = runCli(["screens", "--json"], env);
    expect(list.status, list.stderr).toBe(0);
    const screens = JSON.parse(list.stdout) as { id: string; canonical: string }[];
    expect(screens.length).toBeGreaterThanOrEqual(12);
    const csv = runCli(["scan", "oversold-mean-reversion", "--format", "csv", "--top", "5"], env);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split("\n")[0]).toBe("rank,symbol,name,sector,close,sort,rsi_2,change_5d");
  });

  it("backtests a screen over a date range", () => {
    const r = runCli(
      [
        "backtest",
        "close > 5 and rsi(5) < 30 sort by rsi(5) top 10",
        "--from",
        "2025-06-02",
        "--to",
        "2025-09-30",
        "--hold",
        "5",
        "--format",
        "json",
      ],
      env,
    );
    expect(r.status, r.stderr).toBe(0);
    const parsed = JSON.parse(r.stdout) as {
      meta: { from: string; to: string; hold_days: number; demo: boolean };
      stats: { signalDays: number; picks: number; hitRate: number };
      equity: { date: string; strategy: number }[];
    };
    expect(parsed.meta).toMatchObject({ from: "2025-06-02", to: "2025-09-30", hold_days: 5, demo: true });
    expect(parsed.stats.picks).toBeGreaterThan(0);
    expect(parsed.stats.hitRate).toBeGreaterThanOrEqual(0);
    expect(parsed.equity[0]).toMatchObject({ date: "2025-06-02", strategy: 1 });
    const table = runCli(["backtest", "oversold-mean-reversion", "--hold", "3"], env);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/hit rate\s+[\d.]+% of picks up after 3 days/);
  });

  it.skipIf(!existsSync("/usr/lib/chromium/vk_swiftshader_icd.json"))(
    "runs a screen on WebGPU with --engine gpu and gets the CPU's answer",
    () => {
      const args = ["scan", "close > 5 and rsi(14) < 45 sort by rsi(14) top 8", "--format", "json"];
      const cpu = JSON.parse(runCli(args, env).stdout) as { rows: { symbol: string }[] };
      const r = runCli([...args, "--engine", "gpu"], env);
      expect(r.status, r.stderr).toBe(0);
      const gpu = JSON.parse(r.stdout) as { meta: { engine: string }; rows: { symbol: string }[] };
      expect(gpu.meta.engine).toMatch(/^WebGPU/);
      expect(gpu.rows.map((x) => x.symbol)).toEqual(cpu.rows.map((x) => x.symbol));
    },
  );

  it("prints a broken screen's error with a caret under the spot and exits 1", () => {
    const r = runCli(["scan", "close > smaa(50)"], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown function `smaa`; did you mean `sma`?");
    expect(r.stderr).toContain("  close > smaa(50)\n          ^^^^");
  });

  it("answers mistakes with one clear line", () => {
    expectOneLineError(
      runCli(["scan", "--as-of", "2030-01-01"], env),
      /as-of date 2030-01-01 is outside the snapshot, which covers .* to 2025-12-31/,
    );
    expectOneLineError(runCli(["scan", "--as-of", "30/01/2025"], env), /--as-of must be a date as YYYY-MM-DD/);
    expectOneLineError(runCli(["scan", "--top", "0"], env), /--top must be a whole number from 1/);
    expectOneLineError(runCli(["demo", "--symbols", "5"], env), /--symbols must be a whole number from 20 to 50,000/);
    expectOneLineError(runCli(["import", join(tmp.path, "missing.csv")], env), /no such file or directory/);
    expectOneLineError(
      runCli(["info"], { TECHNIC_DATA_DIR: join(tmp.path, "empty") }),
      /no snapshot in .* yet: run `technic demo`/,
    );
    expectOneLineError(runCli(["scan"], { TECHNIC_DATA_DIR: join(tmp.path, "empty") }), /no snapshot yet/);
    const unknown = runCli(["scna"], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'scna'/);
  });

  it("refuses a CSV without the required columns and leaves the current snapshot in place", async () => {
    const { writeFileSync } = await import("node:fs");
    const bad = join(tmp.path, "bad.csv");
    writeFileSync(bad, "date,ticker,price\n2024-01-02,AAA,10\n");
    const before = JSON.parse(runCli(["info", "--json"], env).stdout) as { manifest: { version: string } };
    expectOneLineError(runCli(["import", bad], env), /bad\.csv: header lacks columns open, high, low, close, volume/);
    const after = JSON.parse(runCli(["info", "--json"], env).stdout) as { manifest: { version: string } };
    expect(after.manifest.version).toBe(before.manifest.version);
  });
});
