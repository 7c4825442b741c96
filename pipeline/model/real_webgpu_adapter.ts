/**
 * Detection of a real (hardware) WebGPU adapter. Software rasterisers — Mesa's llvmpipe and
 * lavapipe, Google's SwiftShader — and adapters flagged `isFallbackAdapter` are rejected: they run
 * WebGPU on the CPU, slower than our CPU paths.
 *
 * @module
 */

/** Result of {@linkcode realWebGpuAdapter}. */
export interface WebGpuProbe {
  /** True when a hardware adapter was found. */
  readonly ok: boolean;
  /** Why (adapter description, or why none qualifies). */
  readonly reason: string;
  /** The adapter, when `ok`. */
  readonly adapter: GPUAdapter | null;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * Ask `navigator.gpu` for a high-performance adapter and keep it only if it is real hardware.
 *
 * @returns the probe result; never throws
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { realWebGpuAdapter } from "./real_webgpu_adapter.ts";
 * const probe = await realWebGpuAdapter();
 * assert.equal(typeof probe.reason, "string");
 * assert.equal(probe.ok, probe.adapter !== null);
 * ```
 */
export async function realWebGpuAdapter(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
  if (gpu === undefined) {
    return { ok: false, reason: "navigator.gpu is absent (no WebGPU in this runtime)", adapter: null };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`, adapter: null };
  }
  if (adapter === null) return { ok: false, reason: "no WebGPU adapter", adapter: null };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; description?: string };
  const label = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(" ");
  const fallback = info.isFallbackAdapter === true ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  if (fallback || SOFTWARE.test(label)) {
    return {
      ok: false,
      reason: `software adapter rejected: "${label}"${fallback ? " (fallback adapter)" : ""}`,
      adapter: null,
    };
  }
  return { ok: true, reason: `hardware adapter "${label}"`, adapter };
}
