// One RFC 4180 line of result cells: fields holding a comma, quote or newline are quoted,
// unknown values are empty. Shared by the CLI's --format csv and the API's text/csv.

export type CsvCell = number | string | boolean | null;

export function toCsvLine(cells: readonly CsvCell[]): string {
  return cells
    .map((c) => {
      if (c === null) return "";
      const text = String(c);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",");
}
