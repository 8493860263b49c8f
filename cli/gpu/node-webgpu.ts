// WebGPU in Node through the `webgpu` package (Dawn). Without a GPU, Dawn's Vulkan backend
// runs on SwiftShader, the CPU Vulkan driver Debian's chromium package ships: correct
// WGSL execution at CPU speed (used for tests and correctness runs, never for speed claims).

import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GpuUnavailableError } from "../../shaders/screen-gpu.ts";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

let instance: GPU | null = null; // kept for the process lifetime: Dawn crashes if it is collected

/** The process's GPU entry point, or a GpuUnavailableError saying what is missing. */
export async function nodeGpu(): Promise<GPU> {
  if (instance) return instance;
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // The Vulkan loader looks for a display under XDG_RUNTIME_DIR and complains when unset.
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), "technic-xdg-"));
  let webgpu: typeof import("webgpu");
  try {
    webgpu = await import("webgpu");
  } catch (error) {
    throw new GpuUnavailableError(`the webgpu package is not installed (${(error as Error).message})`);
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter)
    throw new GpuUnavailableError(
      `no WebGPU adapter: install a Vulkan driver, or Debian's chromium (SwiftShader, ${SWIFTSHADER_ICD}) and libvulkan1`,
    );
  instance = gpu;
  return gpu;
}
