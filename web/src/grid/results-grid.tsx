// The results grid: virtualized rows, sortable by any column, a column chooser, a quick
// text filter, sector chips and CSV export. On a phone it keeps the key columns only.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ScanBody, ScanRow } from "../types.ts";
import { compareBy, gridColumns, type GridColumn } from "./columns.ts";
import { downloadCsv, toCsv } from "./csv.ts";
import { changeClass, formatCell } from "./format.ts";
import { useVirtualRows } from "./use-virtual-rows.ts";

const ROW_HEIGHT = 32;

function useNarrow(): boolean {
  const query = "(max-width: 640px)";
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const media = matchMedia(query);
    const listener = () => setNarrow(media.matches);
    media.addEventListener("change", listener);
    return () => media.removeEventListener("change", listener);
  }, []);
  return narrow;
}

export interface ResultsGridProps {
  body: ScanBody;
  /** Used for the CSV file name. */
  screenName: string;
  onOpenSymbol: (symbol: string) => void;
}

export function ResultsGrid({ body, screenName, onOpenSymbol }: ResultsGridProps) {
  const columns = useMemo(() => gridColumns(body), [body]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(null);
  const [filter, setFilter] = useState("");
  const [sectors, setSectors] = useState<Set<string>>(new Set());
  const [chooser, setChooser] = useState(false);
  const narrow = useNarrow();
  const scroller = useRef<HTMLDivElement>(null);

  const allSectors = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of body.rows) if (r.sector) counts.set(r.sector, (counts.get(r.sector) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  }, [body]);

  const visible: GridColumn[] = columns.filter((c) => !hidden.has(c.key) && (!narrow || c.key_column));
  const rows: ScanRow[] = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    let out = body.rows.filter(
      (r) =>
        (sectors.size === 0 || sectors.has(r.sector)) &&
        (!needle || r.symbol.toLowerCase().includes(needle) || r.name.toLowerCase().includes(needle)),
    );
    const column = sort && columns.find((c) => c.key === sort.key);
    if (column) out = [...out].sort(compareBy(column, sort.descending));
    return out;
  }, [body, filter, sectors, sort, columns]);

  const { items, totalSize } = useVirtualRows(rows.length, () => scroller.current, ROW_HEIGHT);
  const template = visible
    .map((c) =>
      c.key === "name" ? "minmax(140px, 2fr)" : c.kind === "text" ? "minmax(80px, 1fr)" : "minmax(72px, 1fr)",
    )
    .join(" ");

  const toggleSort = (key: string) =>
    setSort((s) => (s?.key === key ? (s.descending ? { key, descending: false } : null) : { key, descending: true }));
  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };
  const exportCsv = () =>
    downloadCsv(
      `technic-${screenName.replace(/[^a-z0-9-]+/gi, "-").slice(0, 40)}-${body.meta.as_of}.csv`,
      toCsv(visible, rows),
    );

  return (
    <section class="results" aria-label="Results">
      <div class="toolbar">
        <input
          type="search"
          class="filter"
          placeholder="Filter symbol or name"
          aria-label="Filter symbol or name"
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
        <span class="count" data-testid="row-count">
          {rows.length.toLocaleString()} of {body.rows.length.toLocaleString()} rows
        </span>
        <div class="spacer" />
        <div class="menu">
          <button type="button" onClick={() => setChooser(!chooser)} aria-expanded={chooser}>
            Columns
          </button>
          {chooser && (
            <div class="menu-panel" role="menu">
              {columns.map((c) => (
                <label key={c.key}>
                  <input
                    type="checkbox"
                    checked={!hidden.has(c.key)}
                    onChange={() => setHidden(toggle(hidden, c.key))}
                    disabled={c.key === "symbol"}
                  />
                  {c.label}
                </label>
              ))}
            </div>
          )}
        </div>
        <button type="button" onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </button>
      </div>
      {allSectors.length > 1 && (
        <div class="chips" role="group" aria-label="Sectors">
          {allSectors.map(([sector, n]) => (
            <button
              type="button"
              key={sector}
              class={sectors.has(sector) ? "chip on" : "chip"}
              aria-pressed={sectors.has(sector)}
              onClick={() => setSectors(toggle(sectors, sector))}
            >
              {sector} <small>{n}</small>
            </button>
          ))}
        </div>
      )}
      <div class="grid" role="table" aria-rowcount={rows.length + 1}>
        <div class="grid-row grid-head" role="row" style={{ gridTemplateColumns: template }}>
          {visible.map((c) => (
            <div
              role="columnheader"
              key={c.key}
              class={`cell ${c.kind}`}
              aria-sort={sort?.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"}
            >
              <button type="button" data-column={c.label} onClick={() => toggleSort(c.key)}>
                {c.label}
                {sort?.key === c.key ? (sort.descending ? " ▼" : " ▲") : ""}
              </button>
            </div>
          ))}
        </div>
        <div class="grid-body" ref={scroller} data-testid="grid-body">
          <div style={{ height: `${totalSize}px`, position: "relative" }}>
            {items.map((item) => {
              const row = rows[item.index] as ScanRow;
              return (
                <div
                  role="row"
                  class="grid-row"
                  key={row.symbol}
                  data-symbol={row.symbol}
                  style={{
                    gridTemplateColumns: template,
                    transform: `translateY(${item.start}px)`,
                    height: `${ROW_HEIGHT}px`,
                  }}
                >
                  {visible.map((c) => {
                    const value = c.get(row);
                    if (c.key === "symbol")
                      return (
                        <span role="cell" key={c.key} class="cell symbol">
                          <a
                            href={`/symbol/${encodeURIComponent(row.symbol)}`}
                            onClick={(e) => {
                              e.preventDefault();
                              onOpenSymbol(row.symbol);
                            }}
                          >
                            {row.symbol}
                          </a>
                        </span>
                      );
                    return (
                      <span
                        role="cell"
                        key={c.key}
                        class={`cell ${c.kind} ${changeClass(value, c.kind)}`}
                        title={c.key === "name" ? row.name : undefined}
                      >
                        {formatCell(value, c.kind)}
                      </span>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
        {rows.length === 0 && (
          <p class="empty">No symbols match{filter || sectors.size ? " the filter" : " this screen today"}.</p>
        )}
      </div>
    </section>
  );
}
