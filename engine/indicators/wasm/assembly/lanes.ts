// Two bars a vector for the stateless (element-wise) kernels: each lane does exactly the
// scalar kernel's IEEE operations, so the results are the same to the bit; a loop over two
// bars at once halves the per-bar overhead V8 puts around every loop iteration (a stack
// check, the address arithmetic). A run of odd length ends with a half vector: its lane 1
// is neither read from nor written to memory past the run (the next series, or the
// runner's state, can follow the last bar). Not an entry of the build.

/** Bars t and t+1 at `address` (`whole`), or bar t in both lanes (the run's last, odd one). */
@inline export function loadLanes(address: usize, whole: bool): v128 {
  return whole ? v128.load(address) : v128.load64_splat(address);
}

/** Stores both lanes at `address` (`whole`), or lane 0 only. */
@inline export function storeLanes(address: usize, value: v128, whole: bool): void {
  if (whole) v128.store(address, value);
  else store<f64>(address, f64x2.extract_lane(value, 0));
}

/** `value` where `when` is a number, NaN where it is NaN (`when == when ? value : NaN`). */
@inline export function keepWhere(value: v128, when: v128): v128 {
  return v128.bitselect(value, f64x2.splat(NaN), f64x2.eq(when, when));
}

/** Lanes where any of a, b, c is NaN (all ones), as `a != a || b != b || c != c`. */
@inline export function anyNaN3(a: v128, b: v128, c: v128): v128 {
  return v128.or(v128.or(f64x2.ne(a, a), f64x2.ne(b, b)), f64x2.ne(c, c));
}
