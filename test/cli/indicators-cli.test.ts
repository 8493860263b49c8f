// `technic indicators` as a user runs it: its CSV must equal TA-Lib fed the same rows,
// warm-up cells empty, every input row present; mistakes answered in one line.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_INDICATOR_COLUMNS } from "../../engine/indicators/defaults.ts";
import { firstMismatch } from "../indicators/parity.ts";
import { TALIB_CASES } from "../indicators/talib-cases.ts";
import { talibRun } from "../indicators/talib-oracle.ts";
import type { RealSeries } from "../support/real-series.ts";
import { REAL_PRICES, hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";
import { runCli, tempDir } from "../support/run-cli.ts";

const tmp = tempDir("indicators-cli");
afterAll(() => tmp.remove());

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trim().split("\n");
  return { header: (head as string).split(","), rows: lines.map((l) => l.split(",")) };
}

describe("technic indicators", () => {
  it("writes every input row with exact values and empty warm-up cells", () => {
    const file = join(tmp.path, "small.csv");
    const closes = [10, 11, 12, 13, 14, 15];
    writeFileSync(
      file,
      [
        "date,symbol,open,high,low,close,volume",
        ...closes.map((c, i) => `2024-01-0${i + 2 + (i >= 4 ? 2 : 0)},ABC,${c},${c + 1},${c - 1},${c},1000`),
        "2024-01-10,ABC,5,4,6,5,1",
      ].join("\n"),
    );
    const r = runCli(["indicators", file, "--indicators", "sma_3,ema_3"]);
    expect(r.status, r.stderr).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(["date", "symbol", "sma_3", "ema_3"]);
    expect(rows.map((x) => x.slice(0, 2))).toEqual([
      ["2024-01-02", "ABC"],
      ["2024-01-03", "ABC"],
      ["2024-01-04", "ABC"],
      ["2024-01-05", "ABC"],
      ["2024-01-08", "ABC"],
      ["2024-01-09", "ABC"],
      ["2024-01-10", "ABC"],
    ]);
    expect(rows.map((x) => x[2])).toEqual(["", "", "11", "12", "13", "14", ""]);
    expect(rows[6], "a refused row (high below low) keeps its line with empty cells").toEqual([
      "2024-01-10",
      "ABC",
      "",
      "",
    ]);
    expect(r.stderr).toMatch(/high_below_low/);
  });

  it("answers mistakes in one line with a suggestion", () => {
    const file = join(tmp.path, "small.csv");
    const r = runCli(["indicators", file, "--indicators", "rsii_14"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('technic: unknown indicator column "rsii_14"; did you mean "rsi"?');
    const p = runCli(["indicators", file, "--indicators", "rsi_1"]);
    expect(p.stderr).toMatch(/rsi period must be a whole number from 2/);
    // An indicator with several columns, named alone: which columns it has, not itself as a suggestion.
    const stoch = runCli(["indicators", file, "--indicators", "stoch"]);
    expect(stoch.stderr.trim()).toBe(
      'technic: "stoch" is the indicator stoch, which has several columns: stoch_k, stoch_d (e.g. stoch_k_14_3_3)',
    );
    const s = runCli(["indicators", file, "--symbols", "NOPE"]);
    expect(s.stderr).toMatch(/symbol not in small\.csv: NOPE/);
  });

  it.skipIf(!hasSharedData)(
    `matches TA-Lib for the default columns on real symbols${hasSharedData ? "" : ` (${sharedDataSkipMessage()})`}`,
    () => {
      const symbols = ["AAPL", "BRK-B", "EVSTC", "ACST", "SPY"];
      const out = join(tmp.path, "real.csv");
      const r = runCli(["indicators", REAL_PRICES, "--symbols", symbols.join(","), "--out", out]);
      expect(r.status, r.stderr).toBe(0);
      const { header, rows } = parseCsv(readFileSync(out, "utf8"));
      expect(header).toEqual(["date", "symbol", ...DEFAULT_INDICATOR_COLUMNS]);
      const raw = readFileSync(out, "utf8");
      expect(raw).not.toMatch(/NaN|undefined/);
      const source = execFileSync("sh", ["-c", `zcat '${REAL_PRICES}' | grep -E '^[^,]+,(${symbols.join("|")}),'`], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      })
        .trim()
        .split("\n")
        .map((l) => l.split(","));
      let compared = 0;
      for (const symbol of symbols) {
        const mine = rows.filter((x) => x[1] === symbol);
        const input = source.filter((x) => x[1] === symbol);
        expect(
          mine.map((x) => x[0]),
          `${symbol}: one output row per input row, in file order`,
        ).toEqual(input.map((x) => x[0]));
        // The bars TA-Lib sees: the rows that pass validation, with the file's exact values.
        const valid = input
          .map((x) => x.slice(2).map(Number))
          .map(([o, h, l, c, v]) => ({
            o,
            h,
            l,
            c,
            v,
            ok:
              (o as number) > 0 &&
              (h as number) >= (l as number) &&
              (o as number) >= (l as number) &&
              (o as number) <= (h as number) &&
              (c as number) >= (l as number) &&
              (c as number) <= (h as number) &&
              (l as number) > 0 &&
              (v as number) >= 0,
          }));
        const kept = valid.filter((x) => x.ok);
        const series = {
          symbol,
          days: new Int32Array(kept.length),
          open: Float64Array.from(kept, (x) => x.o as number),
          high: Float64Array.from(kept, (x) => x.h as number),
          low: Float64Array.from(kept, (x) => x.l as number),
          close: Float64Array.from(kept, (x) => x.c as number),
          volume: Float64Array.from(kept, (x) => x.v as number),
        } satisfies RealSeries;
        const keptRows = mine.filter((_, i) => valid[i]?.ok);
        DEFAULT_INDICATOR_COLUMNS.forEach((column, k) => {
          const c = TALIB_CASES.find((x) => x.columns.includes(column));
          if (!c) return expect.fail(`no TA-Lib case covers default column ${column}`);
          const ref = talibRun(c.talib, c.inputs(series), c.options, c.outputs)[
            c.columns.indexOf(column)
          ] as Float64Array;
          const ours = keptRows.map((x) => (x[2 + k] === "" ? Number.NaN : Number(x[2 + k])));
          const bad = firstMismatch(ours, ref, c.tolerance);
          expect(bad, `${column} for ${symbol}: first difference at valid row ${bad?.index}`).toBeNull();
          compared += ref.filter((x) => !Number.isNaN(x)).length;
        });
      }
      expect(compared).toBeGreaterThan(50_000);
    },
  );
});
