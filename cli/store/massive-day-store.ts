// The on-disk MassiveDayStore: one gzip'd JSON file per backfilled day under
// dir/days/YYYY/YYYY-MM-DD.json.gz, and the ticker list in dir/tickers.json. Every file is
// written to a temp file beside it, fsync'd and renamed into place, so a day file that
// exists is always complete: a kill mid-write leaves only a temp file, which is ignored
// and later removed.

import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { z } from "zod";
import { parseIsoDay } from "../../engine/calendar/unix-day.ts";
import type { MassiveDayStore, StoredTickers } from "../../worker/providers/massive/day-store.ts";
import {
  type GroupedBar,
  groupedBarSchema,
  type TickerRecord,
  tickerRecordSchema,
} from "../../worker/providers/massive/schemas.ts";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json\.gz$/;
/** `.<final name>.<pid>.<random>.tmp`: the pid tells whether the writer may still be alive. */
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;
/** A temp file this old is stale whatever its pid says (pids get reused). */
const STALE_TEMP_MS = 24 * 60 * 60_000;

const FORMAT = "technic-massive-day/1";
const dayFileSchema = z.object({ format: z.literal(FORMAT), date: z.string(), bars: z.array(groupedBarSchema) });
const tickersFileSchema = z.object({ fetchedAt: z.string(), records: z.array(tickerRecordSchema) });

export interface FileMassiveDayStoreOptions {
  readonly now?: () => number;
  /** Crash tests only: runs after a temp file is written and fsync'd, before its rename. */
  readonly beforeRename?: (tempPath: string) => Promise<void>;
}

export class FileMassiveDayStore implements MassiveDayStore {
  readonly dir: string;
  readonly #now: () => number;
  readonly #beforeRename: ((tempPath: string) => Promise<void>) | undefined;

  constructor(dir: string, options: FileMassiveDayStoreOptions = {}) {
    this.dir = dir;
    this.#now = options.now ?? (() => Date.now());
    this.#beforeRename = options.beforeRename;
  }

  /** Path of a day's file (whether or not it exists). */
  dayPath(date: string): string {
    requireDate(date);
    return join(this.dir, "days", date.slice(0, 4), `${date}.json.gz`);
  }

  get tickersPath(): string {
    return join(this.dir, "tickers.json");
  }

  async listDays(): Promise<string[]> {
    const daysDir = join(this.dir, "days");
    const days: string[] = [];
    for (const year of await readdirOrEmpty(daysDir)) {
      if (!/^\d{4}$/.test(year)) continue;
      const yearDir = join(daysDir, year);
      for (const name of await readdirOrEmpty(yearDir)) {
        const m = DAY_FILE.exec(name);
        if (m?.[1] && parseIsoDay(m[1]) !== null && m[1].startsWith(year)) days.push(m[1]);
        else if (TEMP_FILE.test(name)) await this.#removeIfStale(join(yearDir, name));
      }
    }
    return days.sort();
  }

  async hasDay(date: string): Promise<boolean> {
    try {
      return (await stat(this.dayPath(date))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async putDay(date: string, bars: GroupedBar[]): Promise<void> {
    const path = this.dayPath(date);
    const body = await gzipAsync(JSON.stringify({ format: FORMAT, date, bars }));
    await writeAtomically(path, body, this.#beforeRename);
  }

  async getDay(date: string): Promise<GroupedBar[]> {
    const path = this.dayPath(date);
    let compressed: Buffer;
    try {
      compressed = await readFile(path);
    } catch (error) {
      if (isNotFound(error)) throw new Error(`Massive day ${date} is not stored (no ${path})`);
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse((await gunzipAsync(compressed)).toString("utf8"));
    } catch (error) {
      throw corrupt(path, error instanceof Error ? error.message : String(error));
    }
    const parsed = dayFileSchema.safeParse(json);
    if (!parsed.success) throw corrupt(path, describeIssue(parsed.error));
    if (parsed.data.date !== date) throw corrupt(path, `it holds ${parsed.data.date}, not ${date}`);
    return parsed.data.bars;
  }

  async putTickers(records: TickerRecord[]): Promise<void> {
    const file: StoredTickers = { fetchedAt: new Date(this.#now()).toISOString(), records };
    await writeAtomically(this.tickersPath, Buffer.from(JSON.stringify(file)), this.#beforeRename);
  }

  async getTickers(): Promise<StoredTickers | null> {
    let text: string;
    try {
      text = await readFile(this.tickersPath, "utf8");
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw corrupt(this.tickersPath, error instanceof Error ? error.message : String(error));
    }
    const parsed = tickersFileSchema.safeParse(json);
    if (!parsed.success) throw corrupt(this.tickersPath, describeIssue(parsed.error));
    return parsed.data;
  }

  /** Removes a temp file whose writer is gone (killed mid-write); a live writer's is left alone. */
  async #removeIfStale(path: string): Promise<void> {
    const pid = Number(TEMP_FILE.exec(basename(path))?.[1]);
    let age: number;
    try {
      age = this.#now() - (await stat(path)).mtimeMs;
    } catch {
      return; // already gone: its writer renamed or removed it
    }
    if (pid === process.pid && age < STALE_TEMP_MS) return;
    if (isProcessAlive(pid) && age < STALE_TEMP_MS) return;
    await unlink(path).catch(() => undefined);
  }
}

/** Write to a temp file in the same directory, fsync it, rename over the target, fsync the directory. */
async function writeAtomically(
  path: string,
  data: Uint8Array,
  beforeRename: ((tempPath: string) => Promise<void>) | undefined,
): Promise<void> {
  const dir = dirname(path);
  const name = basename(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await beforeRename?.(temp);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Makes the rename itself durable; not every platform can open a directory (Windows), so best effort.
  const dirHandle = await open(dir, "r").catch(() => null);
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

function requireDate(date: string): void {
  // Also keeps a bad argument from naming a path outside the store.
  if (parseIsoDay(date) === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

function isProcessAlive(pid: number): boolean {
  if (!(Number.isInteger(pid) && pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

function corrupt(path: string, why: string): Error {
  return new Error(
    `corrupt Massive day store file ${path}: ${why}; delete it and rerun the backfill to fetch it again`,
  );
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "(top)"}: ${issue.message}` : "invalid content";
}
