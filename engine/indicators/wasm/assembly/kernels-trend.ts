// AssemblyScript twins of the trend, volatility and regression kernels (see kernels.ts for
// the calling convention and why these exist).
