// `technic indicators <prices.csv[.gz]>`: writes `date,symbol,<columns...>` for every input
// row, computed from the file's own values in float64 so the output can be diffed against
// TA-Lib or a charting tool. Rows come out grouped by symbol (in order of first
// appearance), each symbol's rows in file order; a refused row keeps its line with empty
// indicator cells, and warm-up cells are empty.

import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { createGunzip } from "node:zlib";
import { IngestReport, formatIngestReport } from "../../engine/bars/ingest-report.ts";
import { SymbolSeriesReader, type SymbolSeries } from "../../engine/bars/symbol-series-reader.ts";
import { type UnixDay, isoDay } from "../../engine/calendar/unix-day.ts";
import { DEFAULT_INDICATOR_COLUMNS } from "../../engine/indicators/defaults.ts";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { count, seconds } from "../format.ts";
import { progressBar } from "../progress.ts";
import { UserError } from "../user-error.ts";

export interface IndicatorsCommandOptions {
  readonly symbols?: string;
  readonly indicators?: string;
  readonly out?: string;
  readonly benchmark?: string;
}

export async function indicatorsCommand(path: string, options: IndicatorsCommandOptions): Promise<void> {
  if (!existsSync(path)) throw new UserError(`no such file: ${path}`);
  const started = performance.now();
  const columns = options.indicators ? splitList(options.indicators) : [...DEFAULT_INDICATOR_COLUMNS];
  if (columns.length === 0) throw new UserError("--indicators is empty");
  const plan = planIndicators(columns);
  const wanted = options.symbols ? new Set(splitList(options.symbols).map((s) => s.toUpperCase())) : null;
  const benchmark = (options.benchmark ?? "SPY").toUpperCase();
  const needsBench = plan.fields.includes("bench");
  const keep = wanted ? (s: string) => wanted.has(s) || (needsBench && s === benchmark) : null;

  const report = new IngestReport();
  const reader = new SymbolSeriesReader(basename(path), report, keep);
  await streamFile(path, (chunk) => reader.push(chunk));
  const all = reader.end();
  const series = wanted ? all.filter((s) => wanted.has(s.symbol)) : all;
  if (wanted) {
    const missing = [...wanted].filter((s) => !series.some((x) => x.symbol === s));
    if (missing.length > 0)
      throw new UserError(`symbol${missing.length > 1 ? "s" : ""} not in ${basename(path)}: ${missing.join(", ")}`);
  }
  const benchByDay = needsBench ? benchmarkCloses(all, benchmark, basename(path)) : null;

  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const write = bufferedWriter(out);
  write(`date,symbol,${plan.columns.map((c) => c.name).join(",")}\n`);
  const runner = new PlanRunner(plan);
  const state = new Float64Array(plan.stateSize);
  const bar = progressBar("compute", "symbols");
  let rows = 0;
  for (const [i, s] of series.entries()) {
    rows += writeSymbol(s, runner, state, benchByDay, write);
    bar.update(i + 1, series.length);
    await write.ready();
  }
  bar.stop();
  await write.flush();
  if (options.out) await new Promise<void>((resolve) => out.end(() => resolve()));
  process.stderr.write(
    `technic: wrote ${count(rows)} rows x ${plan.columns.length} indicator columns for ${count(series.length)} symbols${options.out ? ` to ${options.out}` : ""} in ${seconds(performance.now() - started)}\n`,
  );
  if (report.rowsRejected > 0)
    process.stderr.write(
      `technic: rows with empty indicator cells (refused as bars): ${formatIngestReport(report.toJSON())}\n`,
    );
}

function writeSymbol(
  s: SymbolSeries,
  runner: PlanRunner,
  state: Float64Array,
  benchByDay: Map<number, number> | null,
  write: (text: string) => void,
): number {
  const rows = s.day.length;
  runner.ensureCapacity(rows);
  // Indicators run over the valid bars only, packed together; then spread back to rows.
  let n = 0;
  const open = runner.input("open");
  const high = runner.input("high");
  const low = runner.input("low");
  const close = runner.input("close");
  const volume = runner.input("volume");
  const bench = runner.input("bench");
  for (let r = 0; r < rows; r++) {
    if (!s.valid[r]) continue;
    open[n] = s.open[r] as number;
    high[n] = s.high[r] as number;
    low[n] = s.low[r] as number;
    close[n] = s.close[r] as number;
    volume[n] = s.volume[r] as number;
    bench[n] = benchByDay?.get(s.day[r] as number) ?? Number.NaN;
    n++;
  }
  runner.batch(state, 0, n);
  const columnCount = runner.plan.columns.length;
  const columns = Array.from({ length: columnCount }, (_, c) => runner.column(c));
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const day = s.day[r] as number;
    let line = `${Number.isNaN(day) ? "" : isoDay(day as UnixDay)},${s.symbol}`;
    if (s.valid[r]) {
      for (let c = 0; c < columnCount; c++) {
        const v = (columns[c] as Float64Array)[k] as number;
        line += v === v ? `,${v}` : ",";
      }
      k++;
    } else line += ",".repeat(columnCount);
    write(`${line}\n`);
  }
  return rows;
}

function benchmarkCloses(all: SymbolSeries[], symbol: string, file: string): Map<number, number> {
  const bench = all.find((s) => s.symbol === symbol);
  if (!bench) throw new UserError(`the benchmark ${symbol} is not in ${file}; pass --benchmark with a symbol that is`);
  const map = new Map<number, number>();
  for (let r = 0; r < bench.day.length; r++)
    if (bench.valid[r]) map.set(bench.day[r] as number, bench.close[r] as number);
  return map;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

async function streamFile(path: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const head = Buffer.alloc(2);
  const fd = openSync(path, "r");
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = head[0] === 0x1f && head[1] === 0x8b ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  try {
    for await (const chunk of stream) onChunk(chunk as Buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
      throw new UserError(`${basename(path)} is not a valid gzip file`);
    throw error;
  }
}

/** Collects output text into ~1 MB writes; `ready()` waits while the destination is backed up. */
function bufferedWriter(
  out: NodeJS.WritableStream,
): ((text: string) => void) & { ready(): Promise<void>; flush(): Promise<void> } {
  let buffer: string[] = [];
  let size = 0;
  let backedUp = false;
  const drain = () => {
    const chunk = buffer.join("");
    buffer = [];
    size = 0;
    if (!out.write(chunk)) backedUp = true;
  };
  const write = ((text: string) => {
    buffer.push(text);
    size += text.length;
    if (size > 1 << 20) drain();
  }) as ((text: string) => void) & { ready(): Promise<void>; flush(): Promise<void> };
  write.ready = async () => {
    if (!backedUp) return;
    await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    backedUp = false;
  };
  write.flush = async () => {
    if (size > 0) drain();
    await write.ready();
  };
  return write;
}
