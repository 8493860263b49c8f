// A small seedable PRNG for the demo universe: sfc32 (fast, passes PractRand) seeded
// through splitmix32, plus the few distributions the generator needs. Our own rather than
// Math.random so the same seed gives bit-identical data on every host and version.

/** One splitmix32 step: a well-mixed 32-bit output from a 32-bit state. */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Derives an independent stream seed from a base seed and labels, so streams never overlap by accident. */
export function deriveSeed(seed: number, ...labels: number[]): number {
  let h = splitmix32(seed >>> 0);
  for (const label of labels) h = splitmix32((h ^ Math.imul(label >>> 0, 0x85ebca6b)) >>> 0);
  return h;
}

const TWO_POW_MINUS_32 = 1 / 4294967296;

export class Rng {
  // The sfc32 state lives in an Int32Array: as plain fields its 32-bit values would not
  // fit V8's small integers and every step would allocate heap numbers.
  readonly #s = new Int32Array(4);
  #spare = 0;
  #hasSpare = false;

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      this.#s[i] = splitmix32(x);
    }
    // sfc32's first outputs are weakly mixed; the reference implementation discards a few.
    for (let i = 0; i < 12; i++) this.next32();
  }

  next32(): number {
    const s = this.#s;
    const a = s[0] as number;
    const b = s[1] as number;
    const c = s[2] as number;
    const d = s[3] as number;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** Uniform in (0, 1): never exactly 0, so log() of it is always finite. */
  uniform(): number {
    return (this.next32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index drawn in proportion to `weights`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /**
   * Standard normal by Box–Muller in Marsaglia's polar form (no trigonometry); the second
   * variate of each pair is kept for the next call.
   */
  normal(): number {
    if (this.#hasSpare) {
      this.#hasSpare = false;
      return this.#spare;
    }
    let x: number;
    let y: number;
    let r: number;
    do {
      x = 2 * this.uniform() - 1;
      y = 2 * this.uniform() - 1;
      r = x * x + y * y;
    } while (r >= 1);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.#spare = y * f;
    this.#hasSpare = true;
    return x * f;
  }

  /**
   * A cheap bell-shaped variate with mean 0 and variance 1: a triangular one (sum of two
   * uniforms, bounded at ±2.45). For innovations that get smoothed, or whose tails do not
   * matter, where a true normal would cost several times as much per cell.
   */
  bell(): number {
    return (this.uniform() + this.uniform() - 1) * 2.449489742783178;
  }

  /** Uniform with mean 0 and variance 1: the cheapest innovation for a smoothing AR(1), whose sum is near-normal anyway. */
  flat(): number {
    return (this.uniform() - 0.5) * 3.4641016151377544;
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.uniform());
  }

  /**
   * Student-t with 4 degrees of freedom scaled to unit variance: the fat tails of daily
   * returns. Bailey's polar method, which for 4 degrees needs square roots only.
   */
  t4(): number {
    let x: number;
    let w: number;
    do {
      x = 2 * this.uniform() - 1;
      const y = 2 * this.uniform() - 1;
      w = x * x + y * y;
    } while (w >= 1);
    // t4 has variance 2; dividing by sqrt(2) gives unit variance. Clamped so one draw in
    // millions cannot move a price by hundreds of sigmas.
    const t = x * Math.sqrt((4 * (1 / Math.sqrt(w) - 1)) / w) * Math.SQRT1_2;
    return Math.min(12, Math.max(-12, t));
  }

  /** Student-t with 6 degrees of freedom, unit variance: milder tails, for index-level factors. */
  t6(): number {
    const chi = -2 * Math.log(this.uniform() * this.uniform() * this.uniform());
    return (this.normal() / Math.sqrt(chi / 6)) * Math.sqrt(2 / 3);
  }

  /** Lognormal with the given median and log-standard-deviation. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}
