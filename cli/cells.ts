// Cells of screen results in the terminal and in CSV.

import type { CellValue } from "../engine/screen/cpu/evaluate.ts";

/** Numbers to 2 decimals (4 under 1), large ones compact; booleans yes/no; unknown as an em dash. */
export function formatCell(v: CellValue): string {
  if (v === null) return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v;
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  return v.toFixed(abs !== 0 && abs < 1 ? 4 : 2);
}

export { toCsvLine } from "../engine/screen/csv-line.ts";
