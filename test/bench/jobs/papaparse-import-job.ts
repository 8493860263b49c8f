// Peer for the import benchmark: the obvious approach with a popular CSV library —
// papaparse over the gunzipped stream (header mode, dynamic typing), rows collected per
// symbol as objects. Same input, same machine, same run.

import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import Papa from "papaparse";

const [file] = process.argv.slice(2) as [string];
const t0 = performance.now();
interface Row {
  date: string;
  symbol: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
const bySymbol = new Map<string, Row[]>();
let rows = 0;
await new Promise<void>((resolve, reject) => {
  const stream = createReadStream(file).pipe(createGunzip());
  Papa.parse<Row>(stream as unknown as File, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
    step: (result) => {
      const row = result.data;
      rows++;
      if (!(row.open > 0 && row.high >= row.low)) return;
      const list = bySymbol.get(row.symbol);
      if (list) list.push(row);
      else bySymbol.set(row.symbol, [row]);
    },
    complete: () => resolve(),
    error: (e) => reject(e),
  });
});
process.stdout.write(
  `${JSON.stringify({ wallMs: performance.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024, rows, symbols: bySymbol.size })}\n`,
);
