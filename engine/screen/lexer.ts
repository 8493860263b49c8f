// Tokens of the screen language: case-insensitive names and keywords; numbers with an
// optional fraction and exponent (no `%` suffix: percentages are plain numbers, as the
// indicators return them); double- or single-quoted strings for sectors and industries;
// `#` starts a comment. `=` and `==` both mean equal, `<>` and `!=` not equal.

import { ScreenError } from "./errors.ts";

export type TokenKind = "number" | "string" | "name" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Numbers: the source text; names: lower-cased; strings: the unquoted value; ops: the operator. */
  readonly text: string;
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR_OPS = new Set([">=", "<=", "==", "!=", "<>"]);
const ONE_CHAR_OPS = new Set(["+", "-", "*", "/", "(", ")", "[", "]", ",", "<", ">", "=", "!"]);

const isDigit = (c: string) => c >= "0" && c <= "9";
const isNameStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isNamePart = (c: string) => isNameStart(c) || isDigit(c) || c === ".";

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      // A comment runs to the end of the line.
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === "." && isDigit(text[i + 1] ?? ""))) {
      while (i < n && isDigit(text[i] as string)) i++;
      if (text[i] === "." && isDigit(text[i + 1] ?? "")) {
        i++;
        while (i < n && isDigit(text[i] as string)) i++;
      }
      if ((text[i] === "e" || text[i] === "E") && /[-+]?\d/.test(text.slice(i + 1, i + 3))) {
        i++;
        if (text[i] === "+" || text[i] === "-") i++;
        while (i < n && isDigit(text[i] as string)) i++;
      }
      if (isNameStart(text[i] ?? "")) {
        let j = i;
        while (j < n && isNamePart(text[j] as string)) j++;
        throw new ScreenError("syntax", `a number cannot run into a name: \`${text.slice(start, j)}\``, {
          start,
          end: j,
        });
      }
      const raw = text.slice(start, i);
      tokens.push({ kind: "number", text: raw, value: Number(raw), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && (isNameStart(text[i] as string) || isDigit(text[i] as string))) i++;
      const raw = text.slice(start, i).toLowerCase();
      tokens.push({ kind: "name", text: raw, value: Number.NaN, start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let value = "";
      while (i < n && text[i] !== c) {
        if (text[i] === "\n") break;
        value += text[i];
        i++;
      }
      if (text[i] !== c)
        throw new ScreenError("syntax", `unterminated string: add the closing ${c}`, { start, end: i });
      i++;
      tokens.push({ kind: "string", text: value, value: Number.NaN, start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: "op", text: two === "<>" ? "!=" : two, value: Number.NaN, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      if (c === "!")
        throw new ScreenError("syntax", "unexpected `!`: write `not` for negation, `!=` for not equal", {
          start,
          end: i + 1,
        });
      tokens.push({ kind: "op", text: c === "=" ? "==" : c, value: Number.NaN, start, end: i + 1 });
      i++;
      continue;
    }
    const hint =
      c === "&"
        ? "; write `and`"
        : c === "|"
          ? "; write `or`"
          : c === "%"
            ? "; write percentages as numbers (5, not 5%)"
            : "";
    throw new ScreenError("syntax", `unexpected character \`${c}\`${hint}`, { start, end: i + 1 });
  }
  tokens.push({ kind: "eof", text: "", value: Number.NaN, start: n, end: n });
  return tokens;
}
