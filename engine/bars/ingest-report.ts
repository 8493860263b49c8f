// Every row an ingest looked at is either kept or rejected for a named reason; this
// report counts both and keeps a few examples of each rejection so a user can find them.

export const REJECT_REASONS = {
  malformed_row: "wrong number of fields or unreadable row",
  malformed_date: "date is not a valid YYYY-MM-DD",
  non_trading_day: "date is a weekend or US market holiday",
  malformed_symbol: "symbol is empty or not a ticker",
  malformed_number: "a price or volume is not a number",
  non_finite_price: "a price is infinite or NaN",
  non_positive_price: "a price is zero or negative",
  high_below_low: "high is below low",
  open_outside_range: "open is outside [low, high]",
  close_outside_range: "close is outside [low, high]",
  negative_volume: "volume is negative",
  duplicate_bar: "a second row for the same (symbol, date); the first is kept",
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

export interface RejectExample {
  /** Where the row came from: "file.csv:123", "massive 2024-01-02", "demo". */
  readonly where: string;
  readonly row: string;
}

export interface IngestReportJson {
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly rowsRejected: number;
  readonly rejected: Partial<Record<RejectReason, { count: number; examples: RejectExample[] }>>;
  readonly notes: string[];
}

const EXAMPLES_PER_REASON = 5;

export class IngestReport {
  rowsRead = 0;
  rowsKept = 0;
  readonly #rejected = new Map<RejectReason, { count: number; examples: RejectExample[] }>();
  readonly #notes: string[] = [];

  get rowsRejected(): number {
    let n = 0;
    for (const r of this.#rejected.values()) n += r.count;
    return n;
  }

  reject(reason: RejectReason, where: string, row: string): void {
    let entry = this.#rejected.get(reason);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.#rejected.set(reason, entry);
    }
    entry.count++;
    if (entry.examples.length < EXAMPLES_PER_REASON) entry.examples.push({ where, row: row.slice(0, 200) });
  }

  /** Turns a row already counted as kept into a rejection (e.g. a duplicate found at build time). */
  unkeep(reason: RejectReason, where: string, row: string): void {
    this.rowsKept--;
    this.reject(reason, where, row);
  }

  note(text: string): void {
    this.#notes.push(text);
  }

  countOf(reason: RejectReason): number {
    return this.#rejected.get(reason)?.count ?? 0;
  }

  toJSON(): IngestReportJson {
    const rejected: IngestReportJson["rejected"] = {};
    for (const [reason, entry] of this.#rejected)
      rejected[reason] = { count: entry.count, examples: [...entry.examples] };
    return {
      rowsRead: this.rowsRead,
      rowsKept: this.rowsKept,
      rowsRejected: this.rowsRejected,
      rejected,
      notes: [...this.#notes],
    };
  }
}

/** Human-readable report: one summary line, then each reason with its count and examples. */
export function formatIngestReport(report: IngestReportJson): string {
  const lines = [
    `kept ${report.rowsKept.toLocaleString("en-US")} rows, rejected ${report.rowsRejected.toLocaleString("en-US")} (read ${report.rowsRead.toLocaleString("en-US")})`,
  ];
  const reasons = Object.entries(report.rejected) as [RejectReason, { count: number; examples: RejectExample[] }][];
  reasons.sort((a, b) => b[1].count - a[1].count);
  for (const [reason, entry] of reasons) {
    lines.push(`  ${entry.count.toLocaleString("en-US").padStart(9)}  ${reason}: ${REJECT_REASONS[reason]}`);
    for (const ex of entry.examples) lines.push(`             e.g. ${ex.where}: ${ex.row}`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}
