// The symbol chart with TradingView's lightweight-charts (loaded lazily): candles with
// volume and SMA/EMA/Bollinger overlays in the main pane, RSI and MACD in their own panes,
// and a marker on each day the current screen selected the symbol.

import {
  CandlestickSeries,
  ColorType,
  HistogramSeries,
  LineSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesMarkersPluginApi,
  type Time,
} from "lightweight-charts";
import type { SymbolDetail } from "../api.ts";

export interface ChartHandle {
  setMarkers(dates: readonly string[], label: string): void;
  destroy(): void;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function drawSymbolChart(container: HTMLElement, detail: SymbolDetail): ChartHandle {
  const chart: IChartApi = createChart(container, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: css("--surface") || "#fff" },
      textColor: css("--text") || "#222",
      panes: { separatorColor: css("--border") || "#ccc" },
    },
    grid: { vertLines: { color: css("--grid") || "#eee" }, horzLines: { color: css("--grid") || "#eee" } },
    timeScale: { borderColor: css("--border") || "#ccc" },
    rightPriceScale: { borderColor: css("--border") || "#ccc" },
  });
  const bars = detail.bars.filter((b) => b.open !== null && b.high !== null && b.low !== null && b.close !== null);
  const time = (date: string) => date as Time;

  const candles = chart.addSeries(CandlestickSeries, {
    upColor: "#26a69a",
    downColor: "#ef5350",
    borderVisible: false,
    wickUpColor: "#26a69a",
    wickDownColor: "#ef5350",
  });
  candles.setData(
    bars.map((b) => ({ time: time(b.date), open: b.open!, high: b.high!, low: b.low!, close: b.close! })),
  );

  const volume = chart.addSeries(HistogramSeries, {
    priceScaleId: "volume",
    priceFormat: { type: "volume" },
    lastValueVisible: false,
  });
  chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  volume.setData(
    bars.map((b) => ({
      time: time(b.date),
      value: b.volume ?? 0,
      color: (b.close ?? 0) >= (b.open ?? 0) ? "rgba(38,166,154,0.45)" : "rgba(239,83,80,0.45)",
    })),
  );

  const line = (key: string, color: string, pane = 0, width: 1 | 2 = 1) => {
    const values = detail.series[key];
    if (!values) return;
    const series = chart.addSeries(
      LineSeries,
      { color, lineWidth: width, priceLineVisible: false, lastValueVisible: false, title: key },
      pane,
    );
    series.setData(
      detail.bars.flatMap((b, i) =>
        values[i] === null || values[i] === undefined ? [] : [{ time: time(b.date), value: values[i] as number }],
      ),
    );
    return series;
  };
  line("sma_50", "#f5a623", 0, 2);
  line("sma_200", "#8e44ad", 0, 2);
  line("ema_20", "#3498db");
  line("bb_upper_20_2", "rgba(128,128,128,0.8)");
  line("bb_middle_20_2", "rgba(128,128,128,0.5)");
  line("bb_lower_20_2", "rgba(128,128,128,0.8)");

  const rsi = line("rsi_14", "#9b59b6", 1, 2);
  rsi?.createPriceLine({ price: 70, color: "#ef5350", lineWidth: 1, lineStyle: 2, axisLabelVisible: false, title: "" });
  rsi?.createPriceLine({ price: 30, color: "#26a69a", lineWidth: 1, lineStyle: 2, axisLabelVisible: false, title: "" });

  const hist = detail.series["macd_hist_12_26_9"];
  if (hist) {
    const h = chart.addSeries(
      HistogramSeries,
      { priceLineVisible: false, lastValueVisible: false, title: "macd_hist" },
      2,
    );
    h.setData(
      detail.bars.flatMap((b, i) =>
        hist[i] === null || hist[i] === undefined
          ? []
          : [{ time: time(b.date), value: hist[i] as number, color: (hist[i] as number) >= 0 ? "#26a69a" : "#ef5350" }],
      ),
    );
  }
  line("macd_12_26_9", "#2980b9", 2, 2);
  line("macd_signal_12_26_9", "#e67e22", 2);
  // Price 60%, RSI 18%, MACD 22% of the height, whatever the container's size.
  const panes = chart.panes();
  panes[0]?.setStretchFactor(0.6);
  panes[1]?.setStretchFactor(0.18);
  panes[2]?.setStretchFactor(0.22);
  chart.timeScale().fitContent();

  let markers: ISeriesMarkersPluginApi<Time> | null = null;
  return {
    setMarkers(dates, label) {
      const list = dates.map((d) => ({
        time: time(d),
        position: "belowBar" as const,
        color: "#f5c542",
        shape: "arrowUp" as const,
        text: label,
      }));
      if (markers) markers.setMarkers(list);
      else markers = createSeriesMarkers(candles, list);
    },
    destroy: () => chart.remove(),
  };
}
