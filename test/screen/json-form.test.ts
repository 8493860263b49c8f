// The JSON form (the API's) means exactly what the text means, and says where it is malformed.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { screenText } from "./screen-arbitraries.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { ScreenError } from "../../engine/screen/errors.ts";
import { compileJsonScreen, screenToJson } from "../../engine/screen/json.ts";

describe("the JSON form of a screen", () => {
  it("means the same as the text, for every built-in and generated screen", () => {
    for (const b of BUILTIN_SCREENS)
      expect(compileJsonScreen(screenToJson(b.text)).canonical, b.id).toBe(compileScreen(b.text).canonical);
    fc.assert(
      fc.property(screenText, (text) => {
        const json = JSON.parse(JSON.stringify(screenToJson(text)));
        expect(compileJsonScreen(json).canonical).toBe(compileScreen(text).canonical);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("reads as documented", () => {
    const c = compileJsonScreen({
      where: {
        op: "and",
        args: [
          { op: ">", args: [{ field: "close" }, { fn: "sma", args: [200] }] },
          { in: { field: "sector" }, values: ["Technology"] },
        ],
      },
      sort: { by: { fn: "roc", args: [126] }, desc: true },
      top: 10,
      show: [{ expr: { fn: "rsi" }, as: "rsi" }],
    });
    expect(c.canonical).toBe(
      'close > sma(close, 200) and sector in ("technology") sort by roc(close, 126) desc top 10 show rsi(close, 14) as rsi',
    );
  });

  it("answers malformed JSON and bad names with a ScreenError that says where", () => {
    const bad = (j: unknown) => {
      try {
        compileJsonScreen(j);
      } catch (e) {
        expect(e).toBeInstanceOf(ScreenError);
        return (e as ScreenError).message;
      }
      throw new Error("expected an error");
    };
    expect(bad({ where: { op: "xor", args: [1, 2] } })).toMatch(/invalid screen JSON at where/);
    expect(bad({ top: 0 })).toMatch(/invalid screen JSON at top/);
    expect(bad({ where: { fn: "smaa", args: [1] } })).toMatch(/unknown function `smaa`; did you mean `sma`/);
    expect(bad("close > 5")).toMatch(/invalid screen JSON at the top level/);
    expect(bad({ where: { lag: { field: "close" }, bars: 1.5 } })).toMatch(/whole number/);
  });
});
