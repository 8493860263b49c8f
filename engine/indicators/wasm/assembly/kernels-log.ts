// AssemblyScript twins of the kernels that take logarithms (see kernels.ts for the calling
// convention and why these exist). They need the very logarithm V8's Math.log computes:
// AssemblyScript's own (musl's) can differ in the last bit, so `ieeeLog` is fdlibm's
// __ieee754_log (FreeBSD e_log.c), the algorithm V8's base::ieee754::log ports. It matched
// Math.log on 15 million values (random bit patterns, subnormals, ratios near 1, float32
// prices and their ratios; /work/prof/log/fuzz.mjs at the time, and
// test/indicators/wasm-kernels.test.ts keeps comparing the kernels built on it).

const ln2_hi: f64 = 6.9314718036912381649e-1;
const ln2_lo: f64 = 1.90821492927058770002e-10;
const two54: f64 = 1.8014398509481984e16;
const Lg1: f64 = 6.66666666666673513e-1;
const Lg2: f64 = 3.999999999940941908e-1;
const Lg3: f64 = 2.857142874366239149e-1;
const Lg4: f64 = 2.222219843214978396e-1;
const Lg5: f64 = 1.818357216161805012e-1;
const Lg6: f64 = 1.531383769920937332e-1;
const Lg7: f64 = 1.479819860511658591e-1;

/** `log` for the tests (test/indicators/wasm-kernels.test.ts compares it with Math.log). */
export function ieeeLog(x: f64): f64 {
  return log(x);
}

// Inlined into the kernels' loops: a call per bar kept V8 from overlapping one bar's
// logarithm with the next bar's work.
@inline function log(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= two54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((<u64>(<u32>(hx | (i ^ 0x3ff00000))) << 32) | (reinterpret<u64>(x) & 0xffffffff));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * ln2_hi - (R - dk * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - (hfsq - (s * (hfsq + R) + dk * ln2_lo) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - (s * (f - R) - dk * ln2_lo - f);
}

@inline function series(io: usize, i: i32): usize {
  return <usize>load<u32>(io + (<usize>i << 2));
}

@inline function at(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

/** LogReturnKernel. State: [prev, seen]. */
export function logReturn(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  let prev = load<f64>(state);
  let seen = load<f64>(state, 8);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (!(v > 0)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (seen == 0) {
      seen = 1;
      store<f64>(at(out, t), NaN);
    } else store<f64>(at(out, t), log(v / prev));
    prev = v;
  }
  store<f64>(state, prev);
  store<f64>(state, seen, 8);
}

/** LogTrendKernel. State: [count, head, ref, S, Q, R, ring[n]]. p0 = period. */
export function logTrend(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const outSlope = series(io, 1);
  const outR2 = series(io, 2);
  const n = <i32>p0;
  const last = <f64>(n - 1);
  const half = <f64>(n - 1) / 2;
  const sxx = (p0 * (p0 * p0 - 1)) / 12;
  const ring = state + 48;
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let ref = load<f64>(state, 16);
  let s = load<f64>(state, 24);
  let q = load<f64>(state, 32);
  let r = load<f64>(state, 40);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (!(v > 0)) {
      store<f64>(at(outSlope, t), NaN);
      store<f64>(at(outR2, t), NaN);
      continue;
    }
    const lv = log(v);
    if (count == 0) ref = lv;
    const y = lv - ref;
    if (count < n) {
      q += <f64>count * y;
      s += y;
      r += y * y;
      count++;
    } else {
      const old = load<f64>(at(ring, head));
      q = q - (s - old) + last * y;
      s = s - old + y;
      r = r - old * old + y * y;
    }
    store<f64>(at(ring, head), y);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) {
      store<f64>(at(outSlope, t), NaN);
      store<f64>(at(outR2, t), NaN);
      continue;
    }
    const sxy = q - half * s;
    const syy = r - (s * s) / p0;
    store<f64>(at(outSlope, t), sxy / sxx);
    if (syy > 1e-14 * r) {
      const r2 = (sxy * sxy) / (sxx * syy);
      store<f64>(at(outR2, t), r2 > 1 ? 1 : r2);
    } else store<f64>(at(outR2, t), 0);
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, ref, 16);
  store<f64>(state, s, 24);
  store<f64>(state, q, 32);
  store<f64>(state, r, 40);
}
