// The grid's columns for a scan body: the row's own fields, then every shown column of the
// screen. Values are read through one accessor so sorting, formatting and CSV agree.

import type { Cell, ScanBody, ScanRow } from "../types.ts";
import { type ColumnKind, columnKind } from "./format.ts";

export interface GridColumn {
  key: string;
  label: string;
  kind: ColumnKind;
  get: (row: ScanRow) => Cell;
  /** Kept on a phone's narrow screen. */
  key_column: boolean;
}

export function gridColumns(body: ScanBody): GridColumn[] {
  const first = body.rows[0];
  const shown = body.columns.map<GridColumn>((name, i) => ({
    key: `v:${name}`,
    label: name,
    kind: columnKind(name, first?.values[name] ?? null),
    get: (row) => row.values[name] ?? null,
    key_column: i === 0,
  }));
  return [
    { key: "rank", label: "#", kind: "number", get: (r) => r.rank, key_column: true },
    { key: "symbol", label: "Symbol", kind: "text", get: (r) => r.symbol, key_column: true },
    { key: "name", label: "Name", kind: "text", get: (r) => r.name, key_column: false },
    { key: "sector", label: "Sector", kind: "text", get: (r) => r.sector, key_column: false },
    { key: "close", label: "Close", kind: "price", get: (r) => r.close, key_column: true },
    ...shown,
  ];
}

/** Unknown values last whichever the direction, like the engine's own order. */
export function compareBy(column: GridColumn, descending: boolean): (a: ScanRow, b: ScanRow) => number {
  return (a, b) => {
    const x = column.get(a);
    const y = column.get(b);
    const xMissing = x === null || x === "" || (typeof x === "number" && !Number.isFinite(x));
    const yMissing = y === null || y === "" || (typeof y === "number" && !Number.isFinite(y));
    if (xMissing || yMissing) return xMissing === yMissing ? a.rank - b.rank : xMissing ? 1 : -1;
    const order =
      typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x).localeCompare(String(y), "en", { numeric: true });
    return (descending ? -order : order) || a.rank - b.rank;
  };
}
