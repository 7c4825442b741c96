/**
 * Visit the ROI neighbours (Chebyshev distance ≤ δ, in-plane for a single slice) of each ROI
 * voxel: shared by the NGTDM and the NGLDM.
 *
 * @module
 */
import type { GreyVolume } from "./_texture.ts";

/** Calls `visit(level, neighbourLevels)` for every ROI voxel. */
export function forEachNeighbourhood(
  g: GreyVolume,
  delta: number,
  visit: (level: number, neighbours: readonly number[]) => void,
): void {
  const [nx, ny, nz] = g.dims;
  const zr = nz === 1 ? 0 : delta;
  const nb: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const a = g.levels[i + nx * (j + ny * k)]!;
        if (a === 0) continue;
        nb.length = 0;
        for (let c = -zr; c <= zr; c++) {
          const z = k + c;
          if (z < 0 || z >= nz) continue;
          for (let b = -delta; b <= delta; b++) {
            const y = j + b;
            if (y < 0 || y >= ny) continue;
            for (let d = -delta; d <= delta; d++) {
              const x = i + d;
              if (x < 0 || x >= nx || (d === 0 && b === 0 && c === 0)) continue;
              const v = g.levels[x + nx * (y + ny * z)]!;
              if (v > 0) nb.push(v);
            }
          }
        }
        visit(a, nb);
      }
    }
  }
}
