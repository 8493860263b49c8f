// Limits on what one screen may ask for; each error names the limit it hit.

export const SCREEN_LIMITS = {
  /** Characters of screen text (4 KB). */
  maxTextLength: 4096,
  /** Nesting of parentheses, calls, `not` and unary minus. */
  maxDepth: 64,
  /** Bars of history a time function may look back (lags, windows); indicators' own warm-up is not counted. */
  maxLookback: 2520,
  /** Largest `top N`. */
  maxTop: 10000,
  /** Columns after `show`. */
  maxShow: 32,
  /** Distinct indicator computations one screen may need. */
  maxIndicators: 64,
} as const;
