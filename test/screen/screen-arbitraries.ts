// fast-check generators of valid screens (as text), for fuzz and differential tests.

import fc from "fast-check";

const INDICATORS = [
  "rsi(14)",
  "rsi(close, 5)",
  "sma(20)",
  "sma(volume, 10)",
  "ema(close, 12)",
  "atr(14)",
  "natr(14)",
  "roc(10)",
  "bb_upper(20, 2)",
  "bb_pctb(20, 2)",
  "macd",
  "macd_signal",
  "adx(14)",
  "rvol(20)",
  "high_n(20)",
  "low_n(20)",
  "willr",
  "cci(20)",
  "obv",
  "stoch_k",
  "mfi(14)",
  "gap",
  "realized_vol(20)",
  "beta(60)",
];

const small = fc.integer({ min: 1, max: 5 });

export const numberExpr: fc.Arbitrary<string> = fc.letrec<{ num: string }>((tie) => ({
  num: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("close", "open", "high", "low", "volume", "pe", "market_cap"),
    fc.constantFrom(...INDICATORS),
    fc
      .oneof(fc.integer({ min: -100, max: 1000 }), fc.double({ min: 0, max: 200, noNaN: true }))
      .map((x) => String(Math.round(x * 100) / 100)),
    fc.tuple(tie("num"), fc.constantFrom("+", "-", "*", "/"), tie("num")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("num").map((a) => `-(${a})`),
    tie("num").map((a) => `abs(${a})`),
    fc.tuple(tie("num"), tie("num")).map(([a, b]) => `max(${a}, ${b})`),
    fc.tuple(tie("num"), small).map(([a, n]) => `(${a})[${n}]`),
    fc
      .tuple(fc.constantFrom("highest", "lowest", "average", "change", "pct_change"), tie("num"), small)
      .map(([f, a, n]) => `${f}(${a}, ${n})`),
  ),
})).num;

export const conditionExpr: fc.Arbitrary<string> = fc.letrec<{ cond: string }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc
      .tuple(numberExpr, fc.constantFrom(">", "<", ">=", "<=", "==", "!="), numberExpr)
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(numberExpr, numberExpr, numberExpr).map(([a, b, c]) => `${a} between ${b} and ${c}`),
    fc.tuple(numberExpr, numberExpr).map(([a, b]) => `crosses_above(${a}, ${b})`),
    fc.tuple(numberExpr, numberExpr).map(([a, b]) => `crosses_below(${a}, ${b})`),
    fc.constantFrom('sector in ("technology", "finance", "health care")', 'type == "etf"', 'sector != "energy"'),
    fc.tuple(tie("cond"), fc.constantFrom("and", "or"), tie("cond")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("cond").map((c) => `not (${c})`),
    fc.tuple(fc.constantFrom("within", "in_a_row"), tie("cond"), small).map(([f, c, n]) => `${f}(${c}, ${n})`),
    fc.tuple(tie("cond"), small, fc.integer({ min: 0, max: 5 })).map(([c, n, k]) => `count(${c}, ${n}) >= ${k}`),
  ),
})).cond;

/** A cross-sectional condition (only at the top of a screen: not inside time functions). */
const crossCondition = fc
  .tuple(fc.constantFrom("percentile", "rank", "zscore", "sector_rank"), numberExpr, fc.integer({ min: -2, max: 100 }))
  .map(([f, a, k]) => `${f}(${a}) > ${k}`);

export const screenText: fc.Arbitrary<string> = fc
  .record({
    where: fc.option(
      fc.oneof(
        conditionExpr,
        fc.tuple(conditionExpr, crossCondition).map(([c, x]) => `${c} and ${x}`),
      ),
      { nil: undefined },
    ),
    sort: fc.option(
      fc.tuple(
        fc.oneof(
          numberExpr,
          numberExpr.map((a) => `percentile(${a})`),
        ),
        fc.boolean(),
      ),
      { nil: undefined },
    ),
    top: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    show: fc.array(fc.oneof(numberExpr, conditionExpr, fc.constant("sector")), { maxLength: 3 }),
  })
  .map(({ where, sort, top, show }) =>
    [
      where ?? "",
      sort ? `sort by ${sort[0]}${sort[1] ? " desc" : ""}` : "",
      top ? `top ${top}` : "",
      show.length ? `show ${show.map((e, i) => `${e} as c${i}`).join(", ")}` : "",
    ]
      .filter(Boolean)
      .join(" "),
  );
