/**
 * Detection of a real (hardware) WebGPU adapter. Software rasterisers — Mesa's llvmpipe and
 * lavapipe, Google's SwiftShader — and adapters flagged `isFallbackAdapter` are rejected: they run
 * WebGPU on the CPU, slower than our CPU paths. `DEEPMARKER_ALLOW_SOFTWARE_GPU=1` accepts them, for
 * tests only: it proves the WebGPU path correct on a machine without a GPU.
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
  /** True when the adapter found is a software one (accepted only with `DEEPMARKER_ALLOW_SOFTWARE_GPU=1`). */
  readonly software: boolean;
}

/**
 * Whether `DEEPMARKER_ALLOW_SOFTWARE_GPU=1` is set: software WebGPU adapters are then accepted (tests only).
 *
 * @returns true when set to 1
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { softwareGpuAllowed } from "./real_webgpu_adapter.ts";
 * assert.equal(typeof softwareGpuAllowed(), "boolean");
 * ```
 */
export function softwareGpuAllowed(): boolean {
  try {
    return Deno.env.get("DEEPMARKER_ALLOW_SOFTWARE_GPU") === "1";
  } catch {
    return false; // no --allow-env
  }
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * Ask `navigator.gpu` for a high-performance adapter and keep it only if it is real hardware (or, with
 * `DEEPMARKER_ALLOW_SOFTWARE_GPU=1`, a software one, said so in `reason` and `software`).
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
    return {
      ok: false,
      reason: "navigator.gpu is absent (no WebGPU in this runtime; Deno needs --unstable-webgpu)",
      adapter: null,
      software: false,
    };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    const reason = `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, reason, adapter: null, software: false };
  }
  if (adapter === null) return { ok: false, reason: "no WebGPU adapter", adapter: null, software: false };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; description?: string };
  const label = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(" ");
  const fallback = info.isFallbackAdapter === true ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  if (fallback || SOFTWARE.test(label)) {
    const what = `"${label}"${fallback ? " (fallback adapter)" : ""}`;
    if (softwareGpuAllowed()) {
      return {
        ok: true,
        reason: `software adapter allowed by DEEPMARKER_ALLOW_SOFTWARE_GPU=1: ${what}`,
        adapter,
        software: true,
      };
    }
    return { ok: false, reason: `software adapter rejected: ${what}`, adapter: null, software: true };
  }
  return { ok: true, reason: `hardware adapter "${label}"`, adapter, software: false };
}
