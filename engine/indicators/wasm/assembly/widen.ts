// Float32 snapshot columns to the float64 series the kernels read (not an entry of the
// build; kernels.ts exports `widen`). f32 -> f64 is exact, as JS's own conversion; two
// values per vector instruction, where a JS loop over typed arrays re-checks both arrays
// on every element (~8 ns a bar for the four columns the 10 indicators read: 35 ms a batch).

/** Widens `count` float32 values at byte address `from` into float64 at `to`. */
@inline export function widenF32(from: usize, to: usize, count: i32): void {
  const pairs = count >> 1;
  for (let i = 0; i < pairs; i++) {
    const two = v128.load64_zero(from + (<usize>i << 3));
    v128.store(to + (<usize>i << 4), f64x2.promote_low_f32x4(two));
  }
  if (count & 1) store<f64>(to + (<usize>(count - 1) << 3), <f64>load<f32>(from + (<usize>(count - 1) << 2)));
}
