// The synthetic day the daily-update benchmarks append.

import type { DayBars } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";

/** One new bar for every symbol of `table`: its last close as a flat day (high +1%, low -1%). */
export function flatDay(table: BarTable): DayBars {
  const n = table.symbols.length;
  const day: DayBars = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let s = 0; s < n; s++) {
    const last = (table.offset[s] as number) + (table.length[s] as number) - 1;
    const c = table.close[last] as number;
    day.open[s] = c;
    day.high[s] = c * 1.01;
    day.low[s] = c * 0.99;
    day.close[s] = c;
    day.volume[s] = table.volume[last] as number;
  }
  return day;
}
