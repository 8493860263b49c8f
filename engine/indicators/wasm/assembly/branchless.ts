// Branch-free max and min for the kernels (imported by them; not an entry of the build, so
// nothing here becomes an export of the module).

// `a < b ? b : a` and `b < a ? b : a` without a branch: wasm's f64x2.pmax/pmin are defined
// as exactly these ternaries, so V8 emits one maxpd/minpd, where a scalar compare-and-branch
// on price data mispredicts about every other bar (and f64.max must order NaN and -0, which
// V8 does with branches too). True range: 31 -> 9 ms over the real universe.
@inline export function pmax(a: f64, b: f64): f64 {
  return f64x2.extract_lane(f64x2.pmax(f64x2.splat(a), f64x2.splat(b)), 0);
}

@inline export function pmin(a: f64, b: f64): f64 {
  return f64x2.extract_lane(f64x2.pmin(f64x2.splat(a), f64x2.splat(b)), 0);
}

/** `mask ? a : b` for a mask of f64x2 comparisons (all ones or zeros in lane 0), without a branch. */
@inline export function choose(a: f64, b: f64, mask: v128): f64 {
  return f64x2.extract_lane(v128.bitselect(f64x2.splat(a), f64x2.splat(b), mask), 0);
}
