// The rules a daily bar must pass to enter a snapshot. Shared by every provider so a bar
// from Massive, a CSV file or the demo generator is judged the same way.

import type { RejectReason } from "./ingest-report.ts";

export function validateBar(
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): RejectReason | null {
  if (Number.isNaN(volume)) return "malformed_number";
  if (!(Number.isFinite(open) && Number.isFinite(high) && Number.isFinite(low) && Number.isFinite(close)))
    return "non_finite_price";
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) return "non_positive_price";
  if (high < low) return "high_below_low";
  if (open < low || open > high) return "open_outside_range";
  if (close < low || close > high) return "close_outside_range";
  if (volume < 0) return "negative_volume";
  if (!Number.isFinite(volume)) return "malformed_number";
  return null;
}
