// As-of dates: a screen evaluated "as of" a past day sees only bars up to that day. A day
// without trading (weekend, holiday) means the last trading day before it; a day outside
// the snapshot is an error that names the range available.

import { isoDay, type UnixDay } from "../calendar/unix-day.ts";
import { dayIndexAtOrBefore } from "../snapshot/bar-table.ts";

export class AsOfRangeError extends Error {
  override name = "AsOfRangeError";
  readonly first: string;
  readonly last: string;

  constructor(message: string, first: string, last: string) {
    super(message);
    this.first = first;
    this.last = last;
  }
}

/** Axis index of the as-of day (default: the last day). */
export function resolveAsOf(days: Int32Array, asOf?: UnixDay): number {
  if (days.length === 0) throw new AsOfRangeError("the snapshot has no trading days", "", "");
  const first = isoDay(days[0] as UnixDay);
  const last = isoDay(days[days.length - 1] as UnixDay);
  if (asOf === undefined) return days.length - 1;
  if (asOf < (days[0] as number) || asOf > (days[days.length - 1] as number))
    throw new AsOfRangeError(
      `as-of date ${isoDay(asOf)} is outside the snapshot, which covers ${first} to ${last}`,
      first,
      last,
    );
  return dayIndexAtOrBefore(days, asOf);
}
