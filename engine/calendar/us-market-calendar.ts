// The US equity market's (NYSE/Nasdaq) full-day closures, computed by rule, plus the
// one-off closures since 2001. Used to reject bars dated on non-trading days, to lay out
// the demo's trading-day axis, to skip requests for closed days, and to tell whether a
// snapshot is stale.

import { addDays, dayFromUtc, type UnixDay, weekday } from "./unix-day.ts";

/** Unscheduled full-day closures (national mourning, weather, 9/11). */
const SPECIAL_CLOSURES = [
  "2001-09-11",
  "2001-09-12",
  "2001-09-13",
  "2001-09-14",
  "2004-06-11",
  "2007-01-02",
  "2012-10-29",
  "2012-10-30",
  "2018-12-05",
  "2025-01-09",
];

const holidayCache = new Map<number, Set<number>>();

function nthWeekday(year: number, month1: number, dow: number, n: number): UnixDay {
  const first = dayFromUtc(year, month1, 1);
  const offset = (dow - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

function lastWeekday(year: number, month1: number, dow: number): UnixDay {
  const nextMonthFirst = month1 === 12 ? dayFromUtc(year + 1, 1, 1) : dayFromUtc(year, month1 + 1, 1);
  const last = addDays(nextMonthFirst, -1);
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): UnixDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromUtc(year, month, day);
}

/** A fixed-date holiday moves to Friday when it falls on Saturday and to Monday on Sunday. */
function observed(day: UnixDay): UnixDay {
  const wd = weekday(day);
  if (wd === 6) return addDays(day, -1);
  if (wd === 0) return addDays(day, 1);
  return day;
}

function holidaysOf(year: number): Set<number> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days: UnixDay[] = [];
  // New Year's Day: when Jan 1 is a Saturday the exchange does not close the Friday before.
  const newYear = dayFromUtc(year, 1, 1);
  if (weekday(newYear) !== 6) days.push(observed(newYear));
  days.push(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  days.push(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  days.push(addDays(easterSunday(year), -2)); // Good Friday
  days.push(lastWeekday(year, 5, 1)); // Memorial Day
  if (year >= 2022) days.push(observed(dayFromUtc(year, 6, 19))); // Juneteenth
  days.push(observed(dayFromUtc(year, 7, 4)));
  days.push(nthWeekday(year, 9, 1, 1)); // Labor Day
  days.push(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  days.push(observed(dayFromUtc(year, 12, 25)));
  const set = new Set<number>(days);
  holidayCache.set(year, set);
  return set;
}

const specialClosures = new Set<number>(
  SPECIAL_CLOSURES.map((iso) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    return dayFromUtc(y, m, d);
  }),
);

// Ingest asks once per row, so answers are memoised per day over 1900-2199.
const MEMO_FROM = dayFromUtc(1900, 1, 1);
const memo = new Int8Array(dayFromUtc(2200, 1, 1) - MEMO_FROM);

export function isTradingDay(day: UnixDay): boolean {
  const slot = day - MEMO_FROM;
  if (slot >= 0 && slot < memo.length) {
    const known = memo[slot];
    if (known) return known === 1;
    const answer = computeIsTradingDay(day);
    memo[slot] = answer ? 1 : 2;
    return answer;
  }
  return computeIsTradingDay(day);
}

function computeIsTradingDay(day: UnixDay): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  if (specialClosures.has(day)) return false;
  const year = new Date(day * 86_400_000).getUTCFullYear();
  return !holidaysOf(year).has(day);
}

/** Every trading day in [from, to], ascending. */
export function tradingDaysBetween(from: UnixDay, to: UnixDay): UnixDay[] {
  const out: UnixDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}

/** The `count` trading days ending on `last` (or the trading day before it), ascending. */
export function tradingDaysEnding(last: UnixDay, count: number): UnixDay[] {
  const out: UnixDay[] = [];
  for (let d = last; out.length < count; d = addDays(d, -1)) if (isTradingDay(d)) out.push(d);
  return out.reverse();
}

export function previousTradingDay(day: UnixDay): UnixDay {
  let d = addDays(day, -1);
  while (!isTradingDay(d)) d = addDays(d, -1);
  return d;
}
