// FileMassiveDayStore: layout, round trips, atomic writes (a leftover temp file is never a
// day, and a writer killed at any moment leaves only complete days), and corrupt files
// reported by name.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileMassiveDayStore } from "../../cli/store/massive-day-store.ts";
import type { TickerRecord } from "../../worker/providers/massive/index.ts";
import { fakeBars } from "./fake-market.ts";
import { rejection } from "./helpers.ts";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "technic-massive-store-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A pid no process has: above Linux's pid_max ceiling (2^22). */
const DEAD_PID = 99_999_999;

describe("FileMassiveDayStore", () => {
  it("stores each day as gzip'd JSON under days/YYYY/ and reads it back", async () => {
    const store = new FileMassiveDayStore(dir);
    await store.putDay("2024-01-03", fakeBars("2024-01-03"));
    await store.putDay("2023-12-29", fakeBars("2023-12-29"));
    await store.putDay("2024-01-15", []); // a closed day

    const file = path.join(dir, "days", "2024", "2024-01-03.json.gz");
    expect(store.dayPath("2024-01-03")).toBe(file);
    expect(JSON.parse(gunzipSync(fs.readFileSync(file)).toString()).date).toBe("2024-01-03");
    expect(await store.listDays()).toEqual(["2023-12-29", "2024-01-03", "2024-01-15"]);
    expect(await store.getDay("2024-01-03")).toEqual(fakeBars("2024-01-03"));
    expect(await store.getDay("2024-01-15")).toEqual([]);
    expect(await store.hasDay("2024-01-03")).toBe(true);
    expect(await store.hasDay("2024-01-04")).toBe(false);
    expect(fs.readdirSync(path.join(dir, "days", "2024")).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("replaces a day that is stored again", async () => {
    const store = new FileMassiveDayStore(dir);
    await store.putDay("2024-01-03", []);
    await store.putDay("2024-01-03", fakeBars("2024-01-03"));
    expect(await store.getDay("2024-01-03")).toEqual(fakeBars("2024-01-03"));
    expect(await store.listDays()).toEqual(["2024-01-03"]);
  });

  it("does not take a leftover temp file for a day, and removes it when its writer is dead", async () => {
    const store = new FileMassiveDayStore(dir);
    await store.putDay("2024-01-02", fakeBars("2024-01-02"));
    const yearDir = path.join(dir, "days", "2024");
    const full = gzipSync(JSON.stringify({ format: "technic-massive-day/1", date: "2024-01-03", bars: [] }));
    const dead = path.join(yearDir, `.2024-01-03.json.gz.${DEAD_PID}.0a1b2c.tmp`);
    const live = path.join(yearDir, `.2024-01-04.json.gz.${process.pid}.0a1b2c.tmp`);
    fs.writeFileSync(dead, full.subarray(0, 10)); // what a kill mid-write leaves
    fs.writeFileSync(live, full);

    expect(await store.listDays()).toEqual(["2024-01-02"]);
    expect(await store.hasDay("2024-01-03")).toBe(false);
    expect(fs.existsSync(dead)).toBe(false);
    // A temp file whose writer may still be running is ignored but not pulled from under it.
    expect(fs.existsSync(live)).toBe(true);
  });

  it("never shows a partial day when the writer is killed mid-write", async () => {
    // A child process stores days; on the 4th it stops between writing the temp file and the
    // rename (the widest window a kill can hit) and is SIGKILLed there.
    const script = path.join(dir, "writer.mts"); // .mts: ESM outside any package.json
    const storeModule = path.resolve(import.meta.dirname, "../../cli/store/massive-day-store.ts");
    fs.writeFileSync(
      script,
      `import { FileMassiveDayStore } from ${JSON.stringify(storeModule)};
let stored = 0;
const store = new FileMassiveDayStore(${JSON.stringify(path.join(dir, "store"))}, {
  beforeRename: async () => {
    if (stored < 3) return;
    process.stdout.write("paused\\n");
    await new Promise(() => setInterval(() => {}, 60_000));
  },
});
const bars = Array.from({ length: 20000 }, (_, i) => ({ T: "S" + i, o: 1, h: 2, l: 0.5, c: 1.5, v: i, t: i }));
for (let d = 1; d <= 28; d++) {
  await store.putDay("2024-02-" + String(d).padStart(2, "0"), bars);
  stored++;
}
`,
    );
    // cwd is the project, so `--import tsx` and zod resolve from its node_modules.
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("paused")) resolve();
      });
      child.on("exit", () => resolve());
    });
    child.kill("SIGKILL");
    const code = await exited;
    expect(code, `the writer ended on its own before it was killed: ${stderr}`).toBeNull();

    const yearDir = path.join(dir, "store", "days", "2024");
    const temps = (): string[] => fs.readdirSync(yearDir).filter((n) => n.endsWith(".tmp"));
    expect(temps()).toHaveLength(1); // the 4th day, written in full but never renamed
    const store = new FileMassiveDayStore(path.join(dir, "store"));
    expect(await store.listDays()).toEqual(["2024-02-01", "2024-02-02", "2024-02-03"]);
    for (const day of await store.listDays()) expect(await store.getDay(day)).toHaveLength(20000);
    expect(await store.hasDay("2024-02-04")).toBe(false);
    expect(temps()).toEqual([]); // its writer is dead, so listDays removed it
  });

  it("reports a corrupt day file by name instead of skipping it", async () => {
    const store = new FileMassiveDayStore(dir);
    await store.putDay("2024-01-04", fakeBars("2024-01-04"));
    const file = store.dayPath("2024-01-04");
    const cases: [string, Uint8Array][] = [
      ["not gzip", Buffer.from("plain text")],
      ["truncated gzip", fs.readFileSync(file).subarray(0, 40)],
      ["bad JSON", gzipSync("{not json")],
      [
        "wrong shape",
        gzipSync(JSON.stringify({ format: "technic-massive-day/1", date: "2024-01-04", bars: [{ T: 1 }] })),
      ],
      [
        "another day's content",
        gzipSync(JSON.stringify({ format: "technic-massive-day/1", date: "2024-01-05", bars: [] })),
      ],
    ];
    for (const [what, bytes] of cases) {
      fs.writeFileSync(file, bytes);
      const error = await rejection(() => store.getDay("2024-01-04"));
      expect(error.message, what).toContain(file);
      expect(error.message, what).toMatch(/^corrupt Massive day store file/);
    }
    expect(await store.listDays()).toEqual(["2024-01-04"]);
  });

  it("says a missing day is not stored", async () => {
    await expect(new FileMassiveDayStore(dir).getDay("2024-01-04")).rejects.toThrow(/not stored/);
  });

  it("refuses a date that is not YYYY-MM-DD, so no path can leave the store", async () => {
    const store = new FileMassiveDayStore(dir);
    await expect(store.putDay("../../etc", [])).rejects.toThrow(RangeError);
    await expect(store.getDay("2024-02-30")).rejects.toThrow(RangeError);
  });

  it("keeps the ticker list in tickers.json with its fetch time", async () => {
    const store = new FileMassiveDayStore(dir, { now: () => Date.UTC(2024, 2, 1, 12) });
    expect(await store.getTickers()).toBeNull();
    const records: TickerRecord[] = [
      { symbol: "BRK-B", name: "Berkshire Hathaway", type: "stock", exchange: "NYSE" },
      { symbol: "SPY", name: "SPDR S&P 500", type: "etf", exchange: "NYSE Arca" },
    ];
    await store.putTickers(records);
    expect(await store.getTickers()).toEqual({ fetchedAt: "2024-03-01T12:00:00.000Z", records });
    expect(fs.existsSync(path.join(dir, "tickers.json"))).toBe(true);

    fs.writeFileSync(path.join(dir, "tickers.json"), '{"fetchedAt": "x", "records": [');
    const error = await rejection(() => store.getTickers());
    expect(error.message).toContain(path.join(dir, "tickers.json"));
  });
});
