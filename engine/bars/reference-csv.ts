// Reads the small reference files that ride along with price CSV: `symbols.csv`
// (symbol,type,name,exchange,sector,industry) and a fundamentals CSV keyed by symbol.
// Column names are matched case-insensitively; the fundamentals reader also knows the
// column names of ../shared/data's S&P 500 file and converts their units.

import { type FundamentalValues, isFundamentalField } from "../snapshot/fundamentals.ts";
import type { SymbolInfo } from "../snapshot/symbol-info.ts";
import { CsvFormatError, type CsvRow, CsvTokenizer } from "./csv-tokenizer.ts";

function readTable(bytes: Uint8Array, source: string): { header: string[]; rows: string[][] } {
  let header: string[] | null = null;
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer((row: CsvRow) => {
    const fields = Array.from({ length: row.count }, (_, i) => row.text(i).trim());
    if (!header) header = fields.map((f) => f.toLowerCase());
    else rows.push(fields);
  });
  tokenizer.push(bytes);
  tokenizer.end();
  if (!header) throw new CsvFormatError(`${source}: empty file (no header row)`);
  return { header, rows };
}

export function readSymbolsCsv(bytes: Uint8Array, source: string): SymbolInfo[] {
  const { header, rows } = readTable(bytes, source);
  const col = (name: string) => header.indexOf(name);
  const symbolAt = col("symbol") >= 0 ? col("symbol") : col("ticker");
  if (symbolAt < 0) throw new CsvFormatError(`${source}: header lacks a symbol column (found: ${header.join(", ")})`);
  const get = (row: string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? "") : "");
  return rows
    .filter((row) => (row[symbolAt] ?? "") !== "")
    .map((row) => ({
      symbol: (row[symbolAt] ?? "").toUpperCase(),
      name: get(row, "name"),
      type: /^etf$/i.test(get(row, "type")) ? "etf" : "stock",
      exchange: get(row, "exchange"),
      sector: get(row, "sector"),
      industry: get(row, "industry"),
    }));
}

/** Columns of other layouts, mapped to a field and a unit conversion. */
const FUNDAMENTAL_ALIASES: Record<string, { field: string; scale: number }> = {
  market_cap_bn: { field: "market_cap", scale: 1e9 },
  ebitda_bn: { field: "ebitda", scale: 1e9 },
  price_to_book: { field: "pb", scale: 1 },
  price_to_sales: { field: "ps", scale: 1 },
  dividend_yield_pct: { field: "dividend_yield", scale: 1 },
  "p/e": { field: "pe", scale: 1 },
};

export interface FundamentalsRow {
  readonly symbol: string;
  readonly values: FundamentalValues;
  /** Sector as the file states it, used when symbols.csv has none. */
  readonly sector: string;
  readonly name: string;
}

export function readFundamentalsCsv(bytes: Uint8Array, source: string): FundamentalsRow[] {
  const { header, rows } = readTable(bytes, source);
  const symbolAt = header.indexOf("symbol") >= 0 ? header.indexOf("symbol") : header.indexOf("ticker");
  if (symbolAt < 0) throw new CsvFormatError(`${source}: header lacks a symbol column (found: ${header.join(", ")})`);
  const mapped = header.map((name) => {
    const alias = FUNDAMENTAL_ALIASES[name];
    if (alias) return alias;
    return isFundamentalField(name) ? { field: name, scale: 1 } : null;
  });
  if (!mapped.some(Boolean))
    throw new CsvFormatError(`${source}: no known fundamental columns (found: ${header.join(", ")})`);
  return rows
    .filter((row) => (row[symbolAt] ?? "") !== "")
    .map((row) => {
      const values: Record<string, number> = {};
      mapped.forEach((m, i) => {
        const text = row[i] ?? "";
        if (!m || text === "") return;
        const v = Number(text);
        if (Number.isFinite(v)) values[m.field] = v * m.scale;
      });
      return {
        symbol: (row[symbolAt] ?? "").toUpperCase(),
        values: values as FundamentalValues,
        sector: header.includes("sector") ? (row[header.indexOf("sector")] ?? "") : "",
        name: header.includes("name") ? (row[header.indexOf("name")] ?? "") : "",
      };
    });
}
