// The screen language as a user meets it: what compiles, what it means (canonical text),
// and the message, line, column and caret for every kind of mistake.

import { describe, expect, it } from "vitest";
import { BUILTIN_SCREENS } from "./builtins.ts";
import { compileScreen } from "./compile.ts";
import { ScreenError, formatScreenError } from "./errors.ts";
import { SCREEN_LIMITS } from "./limits.ts";

function errorOf(text: string): ScreenError {
  try {
    compileScreen(text);
  } catch (error) {
    if (error instanceof ScreenError) return error;
    throw error;
  }
  throw new Error(`expected \`${text}\` to fail`);
}

describe("screen language: what compiles", () => {
  it("every built-in screen compiles, and its canonical text compiles to itself", () => {
    for (const b of BUILTIN_SCREENS) {
      const c = compileScreen(b.text);
      expect(compileScreen(c.canonical).canonical, b.id).toBe(c.canonical);
    }
    expect(BUILTIN_SCREENS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(BUILTIN_SCREENS.map((b) => b.id)).size).toBe(BUILTIN_SCREENS.length);
  });

  it("spellings of the same screen have one canonical text", () => {
    const variants = [
      "close > sma(200) and rsi < 30 sort by roc(126) desc top 20",
      "WHERE Close > SMA(close, 200) AND RSI(14) < 30 SORT BY ROC(126) DESC TOP 20",
      "(close > sma(close,200)) and (rsi(close, 14) < 30)   sort by roc(close, 126) desc   top 20",
      "close>sma(200)and rsi(14)<30 top 20 sort by roc(126) desc # clauses in any order",
    ];
    const canon = variants.map((v) => compileScreen(v).canonical);
    expect(new Set(canon).size).toBe(1);
    expect(canon[0]).toBe("close > sma(close, 200) and rsi(close, 14) < 30 sort by roc(close, 126) desc top 20");
  });

  it("keeps the parentheses the meaning needs and no more", () => {
    expect(compileScreen("(close - open) / (high - low) > 0.5").canonical).toBe("(close - open) / (high - low) > 0.5");
    expect(compileScreen("close - (open - low) > 1").canonical).toBe("close - (open - low) > 1");
    expect(compileScreen("(close > 1 or close < 0) and volume > 0").canonical).toBe(
      "(close > 1 or close < 0) and volume > 0",
    );
    expect(compileScreen("not (close > 1 and volume > 0)").canonical).toBe("not (close > 1 and volume > 0)");
    expect(compileScreen("-(close - open) > 1").canonical).toBe("-(close - open) > 1");
  });

  it("between, in, lags, windows and cross-sectional functions", () => {
    const c = compileScreen(
      'rsi between 40 and 60 and sector in ("Technology", "energy") and close[5] > close and within(crosses_above(macd, macd_signal), 5) sort by percentile(roc(126)) desc show count(close > open, 20) as up_days',
    );
    expect(c.canonical).toBe(
      'rsi(close, 14) >= 40 and rsi(close, 14) <= 60 and sector in ("energy", "technology") and close[5] > close and within(crosses_above(macd(close, 12, 26, 9), macd_signal(close, 12, 26, 9)), 5) sort by percentile(roc(close, 126)) desc show count(close > open, 20) as up_days',
    );
    expect(c.indicators).toEqual(["macd_12_26_9", "macd_signal_12_26_9", "roc_126", "rsi_14"]);
    expect(c.lookback).toBe(19);
    expect(c.crossSectional).toBe(true);
  });

  it("names shown columns without `as` so the canonical text still compiles", () => {
    const c = compileScreen("close > 1 show count(close > open, 20), close / sma(50), rsi, 1 + 2");
    expect(c.typed.show.map((s) => s.name)).toEqual(["count_close_open_20", "close_sma_close_50", "rsi_14", "c_1_2"]);
    expect(compileScreen(c.canonical).canonical).toBe(c.canonical);
  });

  it("a screen may be only clauses (everything matches) or empty", () => {
    expect(compileScreen("sort by roc(21) desc top 10").typed.where).toBeNull();
    expect(compileScreen("").canonical).toBe("");
  });
});

describe("screen language: mistakes", () => {
  const cases: [string, RegExp, number, number][] = [
    ["close > smaa(50)", /unknown function `smaa`; did you mean `sma`\?/, 1, 9],
    ["clse > 5", /unknown name `clse`; did you mean `close`\?/, 1, 1],
    ["close > sma(volume, 20", /expected `\)` to close the arguments of `sma`/, 1, 23],
    ["rsi(14) and close > 5", /left side of `and` must be true\/false.*compare it/, 1, 1],
    ["close > 'tech'", /cannot compare a number .* with text/, 1, 1],
    ["sector > 'tech'", /text can only be compared with `==` or `!=`/, 1, 1],
    ["rsi(14, 3) > 50", /`rsi` takes at most 1 parameter/, 1, 1],
    ["rsi(1) > 50", /rsi period must be a whole number from 2/, 1, 1],
    ["atr(close, 14) > 1", /`atr` reads high, low, close itself and takes no source/, 1, 5],
    ["sma(rsi(14), 5) > 50", /indicators of other expressions are not supported yet/, 1, 5],
    ["bb(20, 2) > 1", /`bb` has several outputs; call one of `bb_upper`/, 1, 1],
    ["a < b < c", /comparisons do not chain/, 1, 7],
    ["close > 5 sort by sector", /`sort by` must be a number, but `sector` is text/, 1, 19],
    ["rank(close)[3] > 4", /cannot contain rank/, 1, 1],
    ["within(close, 5)", /first argument of `within` must be true\/false/, 1, 8],
    ["within(close > 1, 0)", /bars of `within` must be a whole number from 1/, 1, 19],
    ["close[2.5] > 1", /bars ago in `\[n\]` must be a whole number/, 1, 7],
    ["close > 5 top 0", /`top` takes a whole number from 1/, 1, 15],
    ["close > 5 &&", /unexpected character `&`; write `and`/, 1, 11],
    ["close > 5\n  and rsi(14 < 30", /expected `\)`.*found the end of the screen/, 2, 18],
    ["close > 5 sort by close sort by open", /`sort by` appears twice/, 1, 25],
    ["close > 'unterminated", /unterminated string/, 1, 9],
    ["show close, open as close", /two shown columns are named `close`/, 1, 21],
    ["close(5) > 1", /`close` is a field, not a function/, 1, 1],
    ["within > 1", /`within` is a function: write `within\(condition, n\)`/, 1, 1],
    ["12abc > 1", /a number cannot run into a name/, 1, 1],
  ];
  for (const [text, message, line, column] of cases) {
    it(`\`${text.replace(/\n/g, "\\n")}\` -> ${message.source}`, () => {
      const e = errorOf(text);
      expect(e.message).toMatch(message);
      expect(e.position(text)).toEqual({ line, column });
    });
  }

  it("prints a caret under the spot", () => {
    const text = "close > 5 and\n  rsi(14) < smaa(50)";
    expect(formatScreenError(text, errorOf(text))).toBe(
      "line 2, column 13: unknown function `smaa`; did you mean `sma`?\n    rsi(14) < smaa(50)\n              ^^^^",
    );
  });

  it("names the limit it hit", () => {
    expect(errorOf(`close > 1 ${"and close > 1 ".repeat(400)}`).message).toMatch(
      /characters; the limit is 4096 \(4 KB\)/,
    );
    expect(errorOf(`${"(".repeat(70)}close${")".repeat(70)} > 1`).message).toMatch(/nests deeper than 64 levels/);
    expect(errorOf("within(close > 1, 3000)").message).toMatch(/whole number from 1 to 2520/);
    expect(errorOf("highest(close[2000], 600) > 1").message).toMatch(/looks back 2599 bars; the limit is 2520/);
    expect(
      errorOf(`close > 1 show ${Array.from({ length: 33 }, (_, i) => `close + ${i} as c${i}`).join(", ")}`).code,
    ).toBe("limit");
    expect(SCREEN_LIMITS.maxTextLength).toBe(4096);
  });

  it("reports errors as JSON with code, line, column and span for the API", () => {
    const text = "close > smaa(50)";
    expect(errorOf(text).toJSON(text)).toEqual({
      code: "unknown_name",
      message: "unknown function `smaa`; did you mean `sma`?",
      line: 1,
      column: 9,
      start: 8,
      end: 12,
    });
  });
});
