// Calendar dates as whole days since 1970-01-01 (UTC). A branded number so a day index
// into a universe's axis can never be passed where a calendar date is expected.

export type UnixDay = number & { readonly __brand: "UnixDay" };

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns null for anything else, including impossible dates like 2021-02-30. */
export function parseIsoDay(text: string): UnixDay | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return (ms / MS_PER_DAY) as UnixDay;
}

export function isoDay(day: UnixDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil; no Date object, so it is cheap per row). */
export function dayFromUtc(year: number, month1: number, date: number): UnixDay {
  const y = month1 <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month1 + (month1 > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) as UnixDay;
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: UnixDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function addDays(day: UnixDay, n: number): UnixDay {
  return (day + n) as UnixDay;
}
