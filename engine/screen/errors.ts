// The one error type of the screen language. Every failure a user can cause — lexing,
// parsing, names, types, limits — is a ScreenError with a stable code and the span of text
// it is about, so hosts can print a caret (CLI), underline it (editor) or return it as JSON
// (API, 400). Anything else escaping the compiler is a bug, and the fuzz tests look for it.

export type ScreenErrorCode =
  | "syntax" // unexpected character or token
  | "unknown_name" // field, function or keyword not known
  | "arity" // wrong number of arguments
  | "type" // an operand of the wrong type
  | "argument" // an argument out of range or not a constant where one is needed
  | "limit"; // text too long, nesting too deep, lookback too long

export interface Span {
  /** Offset of the first character (UTF-16 code units). */
  readonly start: number;
  /** Offset one past the last character (start when the error is at end of text). */
  readonly end: number;
}

export class ScreenError extends Error {
  override name = "ScreenError";
  readonly code: ScreenErrorCode;
  readonly span: Span;

  constructor(code: ScreenErrorCode, message: string, span: Span) {
    super(message);
    this.code = code;
    this.span = span;
  }

  /** 1-based line and column of the span's start in `text`. */
  position(text: string): { line: number; column: number } {
    return lineColumn(text, this.span.start);
  }

  /** JSON for the API: `{ code, message, line, column, start, end }`. */
  toJSON(text: string): {
    code: ScreenErrorCode;
    message: string;
    line: number;
    column: number;
    start: number;
    end: number;
  } {
    return { code: this.code, message: this.message, ...this.position(text), ...this.span };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const upTo = Math.min(offset, text.length);
  for (let i = 0; i < upTo; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: upTo - lineStart + 1 };
}

/**
 * The message as a terminal shows it:
 *   line 1, column 12: unknown function `smaa`; did you mean `sma`?
 *     close > smaa(50)
 *             ^^^^
 */
export function formatScreenError(text: string, error: ScreenError): string {
  const { line, column } = error.position(text);
  const source = text.split("\n")[line - 1] ?? "";
  const width = Math.max(1, Math.min(error.span.end, error.span.start + source.length - column + 1) - error.span.start);
  const shown = source.replace(/\t/g, " ");
  return `line ${line}, column ${column}: ${error.message}\n  ${shown}\n  ${" ".repeat(column - 1)}${"^".repeat(width)}`;
}
