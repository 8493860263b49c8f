// Parsers for command-line values that turn a bad value into one clear line.

import { parseIsoDay, type UnixDay } from "../engine/calendar/unix-day.ts";
import { UserError } from "./user-error.ts";

export function positiveInt(flag: string, min = 1, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new UserError(
        `${flag} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, got "${text}"`,
      );
    return n;
  };
}

export function isoDate(flag: string) {
  return (text: string): UnixDay => {
    const day = parseIsoDay(text.trim());
    if (day === null) throw new UserError(`${flag} must be a date as YYYY-MM-DD, got "${text}"`);
    return day;
  };
}

export function choice<T extends string>(flag: string, values: readonly T[]) {
  return (text: string): T => {
    const v = text.trim().toLowerCase() as T;
    if (!values.includes(v)) throw new UserError(`${flag} must be one of ${values.join(", ")}, got "${text}"`);
    return v;
  };
}
