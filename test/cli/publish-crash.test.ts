// Publishing is atomic: a kill at any point of a publish leaves the previous snapshot
// current and readable, and re-running the same ingest completes it.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotStore } from "../../cli/store/snapshot-store.ts";
import { isoDay, parseIsoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { tradingDaysEnding } from "../../engine/calendar/us-market-calendar.ts";
import { killHard, runCli, startCliUntil, tempDir, writePriceCsv } from "../support/run-cli.ts";

const days = tradingDaysEnding(parseIsoDay("2024-06-28") as UnixDay, 150).map(isoDay);
const symbols = Array.from({ length: 60 }, (_, i) => `T${i}`);

describe("atomic publish survives a kill", () => {
  const tmp = tempDir("crash");
  const env = { TECHNIC_DATA_DIR: join(tmp.path, "data") };
  const first = join(tmp.path, "first.csv");
  let firstVersion = "";

  beforeAll(() => {
    writePriceCsv(first, symbols, days, 0);
    const r = runCli(["import", first], env);
    expect(r.status, r.stderr).toBe(0);
    firstVersion = new SnapshotStore(env.TECHNIC_DATA_DIR).currentVersion() ?? "";
    expect(firstVersion).toMatch(/^files-/);
  });
  afterAll(() => tmp.remove());

  for (const point of ["shard:0", "shard:9", "before-rename", "before-current"]) {
    it(`killed at ${point}: the previous version stays current and whole; a rerun publishes the new one`, async () => {
      const next = join(tmp.path, `next-${point.replace(":", "-")}.csv`);
      writePriceCsv(next, [...symbols, "NEWCO"], days, 1 + point.length);
      const child = await startCliUntil(
        ["import", next],
        { ...env, TECHNIC_FAULT_PAUSE_AT: point },
        `TECHNIC_FAULT_PAUSED ${point}`,
      );
      await killHard(child);

      const store = new SnapshotStore(env.TECHNIC_DATA_DIR);
      const current = store.currentVersion();
      expect(current, "a killed publish must not move CURRENT").toBe(firstVersion);
      const universe = await store.load();
      expect(universe.symbolCount, "the previous version must still load and verify").toBe(symbols.length);

      const rerun = runCli(["import", next], env);
      expect(rerun.status, rerun.stderr).toBe(0);
      const after = new SnapshotStore(env.TECHNIC_DATA_DIR);
      const newVersion = after.currentVersion();
      expect(newVersion).not.toBe(firstVersion);
      const loaded = await after.load();
      expect(loaded.symbolCount, "the rerun publishes every symbol").toBe(symbols.length + 1);
      expect(loaded.days.length, "no missing and no duplicated days").toBe(days.length);
      expect(after.listVersions(), "older versions are kept").toContain(firstVersion);
      expect(existsSync(join(env.TECHNIC_DATA_DIR, "publish.lock")), "the lock of the killed process is released").toBe(
        false,
      );

      // Point back at the first version for the next case.
      const back = runCli(["import", first], env);
      expect(back.status, back.stderr).toBe(0);
      expect(back.stdout).toMatch(/already had snapshot/);
    });
  }

  it("refuses to serve a shard whose bytes were corrupted on disk, with one clear line", () => {
    const store = new SnapshotStore(env.TECHNIC_DATA_DIR);
    const version = store.currentVersion() as string;
    const shardPath = join(store.versionDir(version), "shard-003.bin");
    const bytes = readFileSync(shardPath);
    bytes[bytes.length - 16] = (bytes[bytes.length - 16] ?? 0) ^ 0x5a;
    writeFileSync(shardPath, bytes);
    const r = runCli(["scan"], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/shard 3 of snapshot .* is corrupt.*refusing to serve it/);
    expect(r.stderr, "no stack trace for a data error").not.toMatch(/\n\s+at /);
  });
});
