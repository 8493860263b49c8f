// AssemblyScript twins of the volume, return and relative kernels (see kernels.ts for the
// calling convention and why these exist).
