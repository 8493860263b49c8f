// What a kernel's reset writes, as data: the wasm program (wasm/assembly/program.ts) resets
// a kernel's state by copying this prefix instead of calling `reset` from JavaScript. Found
// by resetting two probes filled with different values: the slots that come out equal are
// the ones reset writes; the image ends at the last of them (slots before it that reset
// leaves alone are 0 in the image, as a fresh state's would be: no kernel reads such a slot
// before writing it, kernel.ts).

import type { Kernel } from "./kernel.ts";

const images = new WeakMap<Kernel, Float64Array>();

export function resetImage(kernel: Kernel): Float64Array {
  let image = images.get(kernel);
  if (image) return image;
  const a = new Float64Array(kernel.stateSize).fill(1.5);
  const b = new Float64Array(kernel.stateSize).fill(-2.75);
  kernel.reset(a, 0);
  kernel.reset(b, 0);
  let length = 0;
  for (let i = 0; i < a.length; i++) if (Object.is(a[i], b[i])) length = i + 1;
  image = new Float64Array(length);
  for (let i = 0; i < length; i++) image[i] = Object.is(a[i], b[i]) ? (a[i] as number) : 0;
  images.set(kernel, image);
  return image;
}
