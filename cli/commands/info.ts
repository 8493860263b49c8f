// `technic info`: what the current snapshot is — source, version, symbols, date range,
// size, staleness — and which other versions are kept.

import { parseIsoDay, type UnixDay } from "../../engine/calendar/unix-day.ts";
import { tradingDaysBetween } from "../../engine/calendar/us-market-calendar.ts";
import { bytesPerSymbolDay, isDemo } from "../../engine/snapshot/manifest.ts";
import { count, megabytes } from "../format.ts";
import type { SnapshotStore } from "../store/snapshot-store.ts";
import { UserError } from "../user-error.ts";

export function infoCommand(store: SnapshotStore, options: { json?: boolean; today?: Date }): void {
  const m = store.currentManifest();
  if (!m) throw new UserError(`no snapshot in ${store.dir} yet: run \`technic demo\` or \`technic import <file>\``);
  const today = Math.floor((options.today ?? new Date()).getTime() / 86_400_000) as UnixDay;
  const last = parseIsoDay(m.days.last) as UnixDay;
  // Trading days after the snapshot's last bar, up to yesterday (today's bar may not exist yet).
  const behind = tradingDaysBetween((last + 1) as UnixDay, (today - 1) as UnixDay).length;
  const bytes = m.shards.reduce((sum, s) => sum + s.bytes, 0);
  const versions = store.listVersions();
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ dataDir: store.dir, manifest: m, tradingDaysBehind: behind, versions }, null, 2)}\n`,
    );
    return;
  }
  const lines = [
    isDemo(m) ? "*** DEMO DATA — synthetic prices, not real market data ***" : null,
    `snapshot   ${m.version}`,
    `source     ${m.source.label} — ${m.source.detail}`,
    `symbols    ${count(m.symbolCount)} (${count(m.stockCount)} stocks, ${count(m.etfCount)} ETFs)`,
    `days       ${count(m.days.count)} trading days, ${m.days.first} to ${m.days.last}${behind > 0 ? ` (${count(behind)} trading days behind today: stale)` : " (up to date)"}`,
    `size       ${m.shardCount} shards, ${megabytes(bytes)}, ${bytesPerSymbolDay(m).toFixed(1)} bytes/symbol-day`,
    `ingest     kept ${count(m.ingest.rowsKept)} rows, rejected ${count(m.ingest.rowsRejected)}`,
    `fundament. ${m.fundamentalFields.length > 0 ? m.fundamentalFields.join(", ") : "none"}`,
    `created    ${m.createdAt}`,
    `data dir   ${store.dir} (${versions.length} version${versions.length === 1 ? "" : "s"} kept)`,
  ];
  process.stdout.write(`${lines.filter((l) => l !== null).join("\n")}\n`);
}
