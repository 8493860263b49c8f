// The Files provider: builds a universe from daily OHLCV CSV (plain or gzip) plus the
// optional symbols.csv and fundamentals CSV beside it — the layout of
// ../shared/data/us-equities. The price file is streamed through the engine's reader in
// 1 MB chunks, so memory holds the growing columns, never the file or its rows.

import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { createGunzip, gunzipSync } from "node:zlib";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { PriceCsvReader } from "../../engine/bars/price-csv.ts";
import { readFundamentalsCsv, readSymbolsCsv } from "../../engine/bars/reference-csv.ts";
import { defaultSymbolInfo, type SymbolInfo } from "../../engine/snapshot/symbol-info.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { UserError } from "../user-error.ts";

export interface FileImportPlan {
  readonly prices: string[];
  readonly symbols: string | null;
  readonly fundamentals: string | null;
}

export interface FileImportOptions {
  readonly symbols?: string;
  readonly fundamentals?: string;
  /** Called as compressed bytes are consumed, for a progress bar. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const isCsv = (name: string) => /\.csv(\.gz)?$/i.test(name);
const isSymbols = (name: string) => /^symbols\.csv(\.gz)?$/i.test(name);
const isFundamentals = (name: string) => /^fundamentals.*\.csv(\.gz)?$/i.test(name);

/** Works out which files an import reads: a directory's price CSVs, or one file and its reference siblings. */
export function planFileImport(path: string, options: FileImportOptions = {}): FileImportPlan {
  if (!existsSync(path)) throw new UserError(`no such file or directory: ${path}`);
  const isDir = statSync(path).isDirectory();
  const dir = isDir ? path : dirname(path);
  const siblings = readdirSync(dir).sort();
  const prices = isDir
    ? siblings.filter((n) => isCsv(n) && !isSymbols(n) && !isFundamentals(n)).map((n) => join(dir, n))
    : [path];
  if (prices.length === 0) throw new UserError(`${path} holds no price CSV (.csv or .csv.gz)`);
  const pick = (explicit: string | undefined, test: (n: string) => boolean) => {
    if (explicit) {
      if (!existsSync(explicit)) throw new UserError(`no such file: ${explicit}`);
      return explicit;
    }
    const found = siblings.find(test);
    return found ? join(dir, found) : null;
  };
  return {
    prices,
    symbols: pick(options.symbols, isSymbols),
    fundamentals: pick(options.fundamentals, isFundamentals),
  };
}

async function streamPrices(path: string, reader: PriceCsvReader, onBytes: (n: number) => void): Promise<void> {
  const head = Buffer.alloc(2);
  const fd = openSync(path, "r");
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  file.on("data", (chunk) => onBytes(chunk.length));
  const stream = gzip ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  try {
    for await (const chunk of stream) reader.push(chunk as Buffer);
    reader.end();
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "Z_DATA_ERROR" ||
      (error as NodeJS.ErrnoException).code === "Z_BUF_ERROR"
    )
      throw new UserError(`${basename(path)} is not a valid gzip file (${(error as Error).message})`);
    throw error;
  } finally {
    file.destroy();
  }
}

function readReference(path: string): Uint8Array {
  const bytes = readFileSync(path);
  // Reference files are small; reading them whole keeps this simple.
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
}

export interface FileImportResult {
  readonly builder: UniverseBuilder;
  readonly report: IngestReport;
  readonly plan: FileImportPlan;
}

export async function importFiles(path: string, options: FileImportOptions = {}): Promise<FileImportResult> {
  const plan = planFileImport(path, options);
  const report = new IngestReport();
  const builder = new UniverseBuilder(report);

  const infos = new Map<string, SymbolInfo>();
  if (plan.symbols)
    for (const info of readSymbolsCsv(readReference(plan.symbols), basename(plan.symbols)))
      infos.set(info.symbol, info);
  if (plan.fundamentals) {
    for (const row of readFundamentalsCsv(readReference(plan.fundamentals), basename(plan.fundamentals))) {
      builder.setFundamentals(row.symbol, row.values);
      // The fundamentals file may know a name or sector the listing lacks (delisted or renamed symbols).
      const info = infos.get(row.symbol) ?? defaultSymbolInfo(row.symbol);
      infos.set(row.symbol, { ...info, name: info.name || row.name, sector: info.sector || row.sector });
    }
  }
  for (const info of infos.values()) builder.setSymbolInfo(info);

  const totalBytes = plan.prices.reduce((sum, p) => sum + statSync(p).size, 0);
  let bytesRead = 0;
  for (const prices of plan.prices) {
    const reader = new PriceCsvReader(builder, basename(prices));
    await streamPrices(prices, reader, (n) => {
      bytesRead += n;
      options.onProgress?.(bytesRead, totalBytes);
    });
  }
  return { builder, report, plan };
}
