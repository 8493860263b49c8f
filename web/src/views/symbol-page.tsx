// One symbol: candlestick chart with volume, SMA/EMA/Bollinger overlays and RSI/MACD panes,
// its latest indicator values, and markers on the days the current screen selected it
// (computed on this device once the universe is here).

import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, CHART_INDICATORS, type SymbolDetail, fetchSymbol } from "../api.ts";
import { DEFAULT_INDICATOR_COLUMNS } from "../../../engine/indicators/defaults.ts";
import type { ChartHandle } from "../chart/symbol-chart.ts";
import { formatCell } from "../grid/format.ts";
import { columnKind } from "../grid/format.ts";
import { type LocalStatus, localEngine } from "../state/local-universe.ts";

const DAYS = 300;

export function SymbolPage(props: { symbol: string; screen: string | null; local: LocalStatus; onBack: () => void }) {
  const { symbol, screen, local } = props;
  const [detail, setDetail] = useState<SymbolDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [markers, setMarkers] = useState<string>("");
  const chartBox = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHandle | null>(null);

  useEffect(() => {
    let current = true;
    setDetail(null);
    setError(null);
    const indicators = [...new Set([...CHART_INDICATORS, ...DEFAULT_INDICATOR_COLUMNS])];
    fetchSymbol(symbol, DAYS, indicators)
      .then((d) => current && setDetail(d))
      .catch((e: Error) => current && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [symbol]);

  useEffect(() => {
    if (!detail || !chartBox.current) return;
    let cancelled = false;
    void import("../chart/symbol-chart.ts").then((m) => {
      if (cancelled || !chartBox.current) return;
      chart.current = m.drawSymbolChart(chartBox.current, detail);
      chartBox.current.dataset.drawn = "true";
    });
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, [detail]);

  useEffect(() => {
    if (!screen || !detail || local.state !== "ready") return;
    let current = true;
    setMarkers("finding the days the screen selected it…");
    localEngine()
      .history(screen, symbol, DAYS)
      .then((dates) => {
        if (!current) return;
        chart.current?.setMarkers(dates, "");
        setMarkers(
          `${dates.length} day${dates.length === 1 ? "" : "s"} in the last ${DAYS} on which the screen selected ${symbol}`,
        );
      })
      .catch((e: Error) => current && setMarkers(`no markers: ${e.message}`));
    return () => {
      current = false;
    };
  }, [screen, symbol, detail, local.state]);

  return (
    <main class="symbol-page">
      <button type="button" class="back" onClick={props.onBack}>
        ← Results
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {detail && (
        <>
          <h1>
            {detail.info.symbol} <small>{detail.info.name}</small>
          </h1>
          <p class="muted">
            {[detail.info.exchange, detail.info.sector, detail.info.industry, detail.info.type.toUpperCase()]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <div class="chart" ref={chartBox} data-testid="symbol-chart" />
          <p class="muted" data-testid="markers-note">
            {screen
              ? local.state === "ready"
                ? markers
                : "markers for the screen appear once the universe is on this device"
              : "open from a screen's results to see where it selected this symbol"}
          </p>
          <h2>Latest values</h2>
          <dl class="latest">
            {Object.entries(detail.latest).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{formatCell(value, columnKind(name, value))}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {!detail && !error && <p class="muted">Loading {symbol}…</p>}
    </main>
  );
}
