// A local ScreenResult in the edge API's row shape (worker/scan/scan-request.ts and
// worker/shard/universe-shard.ts build the same fields), so the grid, CSV export and the
// tests compare local and edge answers row by row.

import { isoDay } from "../../../engine/calendar/unix-day.ts";
import type { UnixDay } from "../../../engine/calendar/unix-day.ts";
import type { CompiledScreen } from "../../../engine/screen/compile.ts";
import type { ScreenResult } from "../../../engine/screen/cpu/evaluate.ts";
import type { Shard } from "../../../engine/snapshot/shard-codec.ts";
import type { ScanBody } from "../types.ts";

export function toScanBody(
  screen: CompiledScreen,
  result: ScreenResult,
  shards: readonly Shard[],
  meta: { version: string; source: string; demo: boolean; universe: number; timings: Record<string, number> },
): ScanBody {
  const first = shards[0] as Shard;
  return {
    meta: {
      snapshot: meta.version,
      source: meta.source,
      demo: meta.demo,
      as_of: isoDay(first.days[result.day] as UnixDay),
      screen: screen.canonical,
      universe: meta.universe,
      evaluated: result.evaluated,
      matched: result.matched,
      partial: false,
      missing_shards: [],
      stale: false,
      cache: false,
      timings_ms: meta.timings,
    },
    columns: [...result.columns],
    rows: result.rows.map((r, i) => {
      const table = shards[r.shard] as Shard;
      const info = table.symbols[r.index];
      const local = result.day - (table.start[r.index] as number);
      return {
        rank: i + 1,
        symbol: r.symbol,
        name: info?.name ?? "",
        sector: info?.sector ?? "",
        type: info?.type ?? "stock",
        close: Number((table.close[(table.offset[r.index] as number) + local] as number).toPrecision(7)),
        sort: r.sortKey,
        values: Object.fromEntries(result.columns.map((col, j) => [col, r.values[j] ?? null])),
      };
    }),
  };
}
