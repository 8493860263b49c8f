// CSV export of what the grid shows (its columns, filter and order), with full-precision
// numbers — formatting is for eyes, the file is for spreadsheets.

import type { ScanRow } from "../types.ts";
import type { GridColumn } from "./columns.ts";

const quote = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function toCsv(columns: readonly GridColumn[], rows: readonly ScanRow[]): string {
  const header = columns.map((c) => quote(c.key === "rank" ? "rank" : c.key.startsWith("v:") ? c.label : c.key));
  const lines = [header.join(",")];
  for (const row of rows) lines.push(columns.map((c) => quote(c.get(row))).join(","));
  return `${lines.join("\n")}\n`;
}

export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
