// Per-instance scratch memory for kernels that need temporaries beyond their state (not an
// entry of the build). The runner lays out a region of `entries` x 16 bytes beside its own
// arrays and registers it with `useScratch` (kernels.ts exports it); each instance has its
// own globals, so threads over one shared memory each use their own region.

export let scratch: usize = 0;
export let scratchEntries: i32 = 0;

export function setScratch(at: usize, entries: i32): void {
  scratch = at;
  scratchEntries = entries;
}
