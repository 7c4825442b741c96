/**
 * IBSI neighbourhood grey-tone difference matrix family (`ngt_*`, IBSI 1 §3.10).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type Counts, type GreyVolume, KEY, volumetric } from "./_texture.ts";
import { forEachNeighbourhood } from "./_neighbourhood.ts";

/** Options of {@linkcode ngtdm}. */
export interface NgtdmOptions {
  /** `3d` or `2d` (per slice; 2.5D merge). @default "3d" */
  readonly dimensions?: "2d" | "3d";
  /** Neighbourhood (Chebyshev) distance. @default 1 */
  readonly distance?: number;
}

function matrix(g: GreyVolume, delta: number): Counts {
  const m = new Map<number, number>();
  let nv = 0;
  forEachNeighbourhood(g, delta, (a, nb) => {
    if (nb.length === 0) return;
    let s = 0;
    for (const v of nb) s += v;
    bump(m, a, 0, Math.abs(a - s / nb.length)), bump(m, a, 1), nv++;
  });
  return { m, nv };
}

function features(c: Counts): Record<string, number> {
  const lv: number[] = [];
  const s: number[] = [];
  const p: number[] = [];
  for (const [key, v] of c.m) {
    if (key % KEY !== 1) continue;
    const i = Math.floor(key / KEY);
    lv.push(i), p.push(v / c.nv), s.push(c.m.get(i * KEY) ?? 0);
  }
  const ngp = lv.length;
  const nvc = c.nv;
  let sps = 0;
  let ssum = 0;
  let contrast = 0;
  let busyDen = 0;
  let complexity = 0;
  let strength = 0;
  for (let a = 0; a < ngp; a++) {
    sps += p[a]! * s[a]!, ssum += s[a]!;
    for (let b = 0; b < ngp; b++) {
      const d = lv[a]! - lv[b]!;
      contrast += p[a]! * p[b]! * d * d;
      busyDen += Math.abs(lv[a]! * p[a]! - lv[b]! * p[b]!);
      complexity += Math.abs(d) * (p[a]! * s[a]! + p[b]! * s[b]!) / (p[a]! + p[b]!);
      strength += (p[a]! + p[b]!) * d * d;
    }
  }
  return {
    coarseness: sps === 0 ? 1e6 : 1 / sps,
    contrast: ngp > 1 ? contrast / (ngp * (ngp - 1)) * ssum / nvc : 0,
    busyness: busyDen === 0 ? 0 : sps / busyDen,
    complexity: complexity / nvc,
    strength: ssum === 0 ? 0 : strength / ssum,
  };
}

/**
 * NGTDM features with IBSI tags (`ngt_coarseness_3D`, …). Voxels without an ROI neighbour are
 * left out; a coarseness with zero denominator is 10⁶ (IBSI convention).
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions and distance
 * @returns 5 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ngtdm } from "./ngtdm.ts";
 * const g = { levels: Int32Array.from([1, 1, 1]), dims: [3, 1, 1] as const, ng: 1 };
 * const f = Object.fromEntries(ngtdm(g).map((r) => [r.tag, r.value]));
 * assert.equal(f.ngt_coarseness_3D, 1e6);
 * ```
 */
export function ngtdm(g: GreyVolume, options: NgtdmOptions = {}): RadiomicsFeature[] {
  const delta = options.distance ?? 1;
  return volumetric(g, options.dimensions ?? "3d", "ngt", (v) => matrix(v, delta), features);
}
