// The one error type the Massive provider throws, and the redaction that keeps the API key
// out of every message, URL and log line a user might see or paste into an issue.

export type MassiveErrorKind =
  /** The API key was refused (HTTP 401/403). Retrying cannot help. */
  | "auth"
  /** Any other 4xx: the request itself is wrong (bad date, unknown path). */
  | "client"
  /** Retryable failures (429, 5xx, timeouts, broken bodies) persisted past maxRetries. */
  | "exhausted"
  /** The body parsed as JSON but not in the documented shape. */
  | "invalid_response"
  /** The caller's AbortSignal fired. */
  | "aborted";

export class MassiveError extends Error {
  override readonly name = "MassiveError";
  readonly kind: MassiveErrorKind;
  /** The last HTTP status seen, when there was one. */
  readonly status: number | undefined;
  /** How many requests were made for this call (1 when it failed fast). */
  readonly attempts: number;

  constructor(kind: MassiveErrorKind, message: string, options: { status?: number; attempts?: number } = {}) {
    super(message);
    this.kind = kind;
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
  }
}

/** Replaces the value of every `apiKey=` query parameter (any case) with `***`. */
export function redactApiKeyParam(text: string): string {
  return text.replace(/(apiKey=)[^&\s"'#]*/gi, "$1***");
}

/**
 * Redacts the key wherever it shows up, not only as a query parameter: a server or a
 * network stack may echo the URL or the key itself inside an error text.
 */
export function redactSecret(text: string, apiKey: string): string {
  const redacted = redactApiKeyParam(text);
  return apiKey.length > 0 ? redacted.split(apiKey).join("***") : redacted;
}
