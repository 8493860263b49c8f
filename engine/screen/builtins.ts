// The built-in screens: one library used by `technic screens`, the API's /v1/screens, the
// web app's gallery and the widget. Each is plain screen language, so users can open one,
// read it and change it. Liquidity floors keep untradeable names out (price > $5 and an
// average dollar volume in the millions).

export interface BuiltinScreen {
  /** URL-safe id. */
  readonly id: string;
  readonly title: string;
  /** One line for the gallery. */
  readonly description: string;
  readonly text: string;
}

const LIQUID = "close > 5 and dollar_volume(20) > 5000000";

export const BUILTIN_SCREENS: readonly BuiltinScreen[] = [
  {
    id: "momentum-leaders",
    title: "Momentum leaders",
    description: "Liquid stocks above their 200-day average with the strongest 6-month return",
    text: `${LIQUID} and close > sma(200)
sort by roc(126) desc top 50
show roc(126) as mom_6m, roc(21) as mom_1m, rsi(14) as rsi`,
  },
  {
    id: "new-highs-on-volume",
    title: "New 52-week highs on volume",
    description: "Today's high is the highest of the last year, on at least 1.5x normal volume",
    text: `${LIQUID} and high >= high_n(252) and rvol(20) >= 1.5
sort by rvol(20) desc
show rvol(20) as rel_volume, roc(21) as mom_1m`,
  },
  {
    id: "rsi-pullback-uptrend",
    title: "RSI pullback in an uptrend",
    description: "Above a rising 200-day average, 50-day above 200-day, RSI(14) dipped under 40",
    text: `${LIQUID} and close > sma(200) and sma(50) > sma(200) and sma(200) > sma(200)[20] and rsi(14) < 40
sort by rsi(14)
show rsi(14) as rsi, high_dist(252) as from_high`,
  },
  {
    id: "volume-surge",
    title: "Volume surge",
    description: "Volume at least 3x its 20-day average on an up day",
    text: `${LIQUID} and rvol(20) >= 3 and close > open
sort by rvol(20) desc
show rvol(20) as rel_volume, pct_change(close, 1) as change_pct`,
  },
  {
    id: "golden-cross",
    title: "Golden cross",
    description: "The 50-day average crossed above the 200-day average in the last 5 sessions",
    text: `${LIQUID} and within(crosses_above(sma(50), sma(200)), 5)
sort by dollar_volume(20) desc
show sma(50) as sma_50, sma(200) as sma_200`,
  },
  {
    id: "macd-bullish-cross",
    title: "MACD bullish cross",
    description: "MACD crossed above its signal line today, below the zero line",
    text: `${LIQUID} and crosses_above(macd, macd_signal) and macd < 0
sort by macd_hist desc
show macd as macd, macd_signal as signal, macd_hist as hist`,
  },
  {
    id: "bollinger-squeeze",
    title: "Bollinger squeeze",
    description: "Bollinger bandwidth within 5% of its 6-month low: volatility coiled",
    text: `${LIQUID} and bb_width(20, 2) <= 1.05 * lowest(bb_width(20, 2), 126)
sort by bb_width(20, 2)
show bb_width(20, 2) as bandwidth, bb_pctb(20, 2) as pct_b`,
  },
  {
    id: "oversold-mean-reversion",
    title: "Oversold mean reversion",
    description: "2-period RSI under 10 while above the 200-day average (a Connors-style setup)",
    text: `${LIQUID} and close > sma(200) and rsi(2) < 10
sort by rsi(2)
show rsi(2) as rsi_2, pct_change(close, 5) as change_5d`,
  },
  {
    id: "low-volatility-leaders",
    title: "Low-volatility leaders",
    description: "Calmest liquid stocks in an uptrend, by 60-day realized volatility",
    text: `${LIQUID} and close > sma(200)
sort by realized_vol(60) top 50
show realized_vol(60) as vol_60d, roc(126) as mom_6m`,
  },
  {
    id: "trend-template",
    title: "Trend template",
    description: "Price above rising 50/150/200-day averages, at least 30% off the low and within 25% of the high",
    text: `${LIQUID} and close > sma(50) and sma(50) > sma(150) and sma(150) > sma(200)
  and sma(200) > sma(200)[21] and close >= 1.3 * low_n(252) and close >= 0.75 * high_n(252)
sort by percentile(roc(252)) desc
show percentile(roc(252)) as rs_rating, high_dist(252) as from_high`,
  },
  {
    id: "gap-up-on-volume",
    title: "Gap up on volume",
    description: "Opened at least 3% above yesterday's close on twice normal volume, and held it",
    text: `${LIQUID} and gap >= 3 and rvol(20) >= 2 and close >= open
sort by gap desc
show gap as gap_pct, rvol(20) as rel_volume`,
  },
  {
    id: "new-lows",
    title: "New 52-week lows",
    description: "Short candidates: today's low is the lowest of the last year, below a falling 50-day average",
    text: `${LIQUID} and low <= low_n(252) and sma(50) < sma(50)[10]
sort by roc(21)
show roc(21) as mom_1m, low_dist(252) as from_low`,
  },
  {
    id: "strong-trend-adx",
    title: "Strong trend (ADX)",
    description: "ADX above 25 with +DI over -DI: a trend with force behind it",
    text: `${LIQUID} and adx(14) > 25 and plus_di(14) > minus_di(14) and close > sma(50)
sort by adx(14) desc
show adx(14) as adx, plus_di(14) as plus_di, minus_di(14) as minus_di`,
  },
  {
    id: "top-decile-momentum-dip",
    title: "Top-decile momentum, short-term dip",
    description: "In the market's top 10% by 12-month return but in its bottom half over the last month",
    text: `${LIQUID} and percentile(roc(252)) >= 90 and percentile(roc(21)) <= 50
sort by roc(252) desc
show percentile(roc(252)) as pct_12m, percentile(roc(21)) as pct_1m`,
  },
];

export function findBuiltinScreen(id: string): BuiltinScreen | undefined {
  return BUILTIN_SCREENS.find((s) => s.id === id);
}
