// The `technic` command line: build, import and ingest snapshots, inspect them, and scan.
// Errors a user can fix print as one line and exit 1; anything else is a bug and says so.

import { Command, CommanderError } from "commander";
import { CsvFormatError } from "../engine/bars/csv-tokenizer.ts";
import { IndicatorRequestError } from "../engine/indicators/registry.ts";
import { AsOfRangeError } from "../engine/screen/as-of.ts";
import { ScreenEvaluationError } from "../engine/screen/cpu/evaluate.ts";
import { ScreenError, formatScreenError } from "../engine/screen/errors.ts";
import { GpuUnavailableError } from "../shaders/screen-gpu.ts";
import { ChecksumMismatchError } from "../engine/snapshot/checksum.ts";
import { ManifestError } from "../engine/snapshot/manifest.ts";
import { ShardFormatError } from "../engine/snapshot/shard-codec.ts";
import { backtestCommand } from "./commands/backtest.ts";
import { demoCommand } from "./commands/demo.ts";
import { importCommand } from "./commands/import.ts";
import { indicatorsCommand } from "./commands/indicators.ts";
import { infoCommand } from "./commands/info.ts";
import { massiveCommand } from "./commands/ingest-massive.ts";
import { scanCommand } from "./commands/scan.ts";
import { startCommand } from "./commands/start.ts";
import { screensCommand } from "./commands/screens.ts";
import { choice, isoDate, positiveInt } from "./options.ts";
import { dataDir } from "./store/data-dir.ts";
import { SnapshotStore } from "./store/snapshot-store.ts";
import { UserError } from "./user-error.ts";

const USER_ERRORS = [
  UserError,
  CsvFormatError,
  ChecksumMismatchError,
  ManifestError,
  ShardFormatError,
  AsOfRangeError,
  ScreenEvaluationError,
  GpuUnavailableError,
  IndicatorRequestError,
];

function store(): SnapshotStore {
  return new SnapshotStore(dataDir());
}

export function buildProgram(): Command {
  const program = new Command("technic")
    .description(
      "Technic: scan the whole US stock universe. Snapshots live in $TECHNIC_DATA_DIR (default: .technic/ in the project).",
    )
    .showHelpAfterError("(run `technic --help` for usage)")
    .exitOverride();
  const shards = positiveInt("--shards", 1, 1024);

  program
    .command("demo")
    .description("build the synthetic demo universe (demo data) and make it the current snapshot")
    .option("--symbols <n>", "number of symbols (default 6000)", positiveInt("--symbols", 20, 50_000))
    .option("--days <n>", "trading days of history (default 504)", positiveInt("--days", 30, 5_000))
    .option("--seed <n>", "random seed (default 42)", positiveInt("--seed", 0, 2 ** 32 - 1))
    .option("--shards <n>", "number of shards (default 16)", shards)
    .action(async (o) => {
      await demoCommand(store(), { symbols: o.symbols, days: o.days, seed: o.seed, shards: o.shards });
    });

  program
    .command("import")
    .description(
      "build a snapshot from daily OHLCV CSV (date,symbol,open,high,low,close,volume; .csv or .csv.gz, a file or a directory)",
    )
    .argument(
      "<file-or-dir>",
      "price CSV, or a directory of them (symbols.csv and fundamentals*.csv beside it are used too)",
    )
    .option("--symbols-file <file>", "symbols.csv with symbol,type,name,exchange,sector,industry")
    .option("--fundamentals <file>", "fundamentals CSV keyed by symbol")
    .option("--shards <n>", "number of shards (default 16)", shards)
    .option("--report <file>", "also write the ingest report as JSON")
    .action(async (path: string, o) => {
      await importCommand(store(), path, o);
    });

  const ingest = program.command("ingest").description("fetch bars from a market-data provider");
  ingest
    .command("massive")
    .description("backfill or update from Massive (Polygon.io) grouped daily bars; key from POLYGON_API_KEY")
    .requiredOption("--from <date>", "first day, YYYY-MM-DD", isoDate("--from"))
    .option("--to <date>", "last day, YYYY-MM-DD (default: yesterday)", isoDate("--to"))
    .option(
      "--rate <n>",
      "requests per minute your plan allows (default 5, the free plan)",
      positiveInt("--rate", 1, 100_000),
    )
    .option("--shards <n>", "number of shards (default 16)", shards)
    .action(async (o) => {
      await massiveCommand(store(), { from: o.from, to: o.to, rate: o.rate, shards: o.shards });
    });

  program
    .command("indicators")
    .description("compute indicators from daily OHLCV CSV and write date,symbol,<columns...> for every row")
    .argument("<prices>", "long-form CSV (.csv or .csv.gz): date,symbol,open,high,low,close,volume")
    .option("--symbols <list>", "only these symbols, comma-separated")
    .option(
      "--indicators <list>",
      "columns to compute, comma-separated (e.g. sma_50,rsi_14,macd_hist_12_26_9); default: the standard set",
    )
    .option("--out <file>", "write the CSV here instead of standard output")
    .option("--benchmark <symbol>", "benchmark for beta, correlation and relative strength (default SPY)")
    .action(async (path: string, o) => {
      await indicatorsCommand(path, o);
    });

  program
    .command("scan")
    .description(
      "run a screen (screen-language text, or a built-in id from `technic screens`; default momentum-leaders) over the current snapshot",
    )
    .argument("[screen]", 'e.g. "close > sma(200) and rsi(14) < 30 sort by roc(126) desc" or golden-cross')
    .option("--top <n>", "rows to show (default 25)", positiveInt("--top", 1, 100_000))
    .option(
      "--as-of <date>",
      "evaluate as of this past date (YYYY-MM-DD), using only data up to it",
      isoDate("--as-of"),
    )
    .option("--format <format>", "table (default), csv or json", choice("--format", ["table", "csv", "json"]))
    .option("--json", "same as --format json")
    .option(
      "--engine <engine>",
      "cpu (default) or gpu: the WGSL backend on WebGPU (SwiftShader without a GPU: a correctness run, not GPU speed)",
      choice("--engine", ["cpu", "gpu"]),
    )
    .action(async (screen: string | undefined, o) => {
      await scanCommand(store(), screen, o);
    });

  program
    .command("backtest")
    .description("run a screen on every trading day of a range and report how its picks did")
    .argument("<screen>", "screen-language text or a built-in id")
    .option("--from <date>", "first signal day, YYYY-MM-DD (default: a year before --to)", isoDate("--from"))
    .option("--to <date>", "last signal day, YYYY-MM-DD (default: the snapshot's last day)", isoDate("--to"))
    .option("--hold <n>", "trading days each pick is held (default 20)", positiveInt("--hold", 1, 252))
    .option(
      "--top <n>",
      "at most this many picks a day (default: the screen's top, else every match)",
      positiveInt("--top", 1, 10_000),
    )
    .option("--format <format>", "table (default) or json", choice("--format", ["table", "json"]))
    .action(async (screen: string, o) => {
      await backtestCommand(store(), screen, o);
    });

  program
    .command("screens")
    .description("list the built-in screens")
    .option("--json", "print JSON")
    .action((o) => screensCommand(o));

  program
    .command("info")
    .description("show the current snapshot: source, version, symbols, date range")
    .option("--json", "print JSON")
    .action((o) => infoCommand(store(), o));

  program
    .command("start")
    .description(
      "the main job (npm start): build the demo universe on first run, publish it to local R2 and start the edge API (wrangler dev)",
    )
    .option("--port <n>", "port of the local edge API (default 8787)", positiveInt("--port", 1, 65_535))
    .option("--scan-only", "print a scan instead of starting the server")
    .action(async (o) => {
      await startCommand(store(), o);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ScreenError) {
      process.stderr.write(`technic: invalid screen: ${formatScreenError(screenText(argv), error)}\n`);
      return 1;
    }
    if (USER_ERRORS.some((E) => error instanceof E) || (error as Error)?.name === "MassiveError") {
      process.stderr.write(`technic: ${(error as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`technic: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.TECHNIC_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    else process.stderr.write("technic: (set TECHNIC_DEBUG=1 to see the stack trace, and please report it)\n");
    return 2;
  }
}

/** The screen text of a `scan`/`backtest` command line (for the caret under an error). */
function screenText(argv: string[]): string {
  const i = argv.findIndex((a) => a === "scan" || a === "backtest");
  const rest = argv.slice(i + 1);
  for (let j = 0; j < rest.length; j++) {
    const a = rest[j] as string;
    if (a.startsWith("--")) {
      if (!a.includes("=") && !["--json"].includes(a)) j++;
      continue;
    }
    return a;
  }
  return "";
}
