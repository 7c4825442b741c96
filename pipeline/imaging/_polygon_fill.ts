/**
 * Even–odd scanline fill of planar polygons in voxel-index coordinates (private to `pipeline/imaging/`).
 *
 * @module
 */

/**
 * Sets `out[i + nx * j + offset] = 1` for every voxel centre (i, j) inside the polygons under the
 * even–odd rule over all of them together (so a contour inside another is a hole).
 *
 * @param polygons each a flat `[i0, j0, i1, j1, …]` list of continuous voxel indices
 * @param nx grid width
 * @param ny grid height
 * @param out slice buffer to write into
 * @param offset index of voxel (0, 0) of this slice in `out`
 */
export function fillPolygons(
  polygons: readonly Float64Array[],
  nx: number,
  ny: number,
  out: Uint8Array,
  offset: number,
): void {
  let jMin = Infinity;
  let jMax = -Infinity;
  for (const p of polygons) {
    for (let n = 1; n < p.length; n += 2) jMin = Math.min(jMin, p[n]!), jMax = Math.max(jMax, p[n]!);
  }
  const j0 = Math.max(0, Math.ceil(jMin));
  const j1 = Math.min(ny - 1, Math.floor(jMax));
  const xs: number[] = [];
  for (let j = j0; j <= j1; j++) {
    xs.length = 0;
    for (const p of polygons) {
      const m = p.length / 2;
      for (let a = 0; a < m; a++) {
        const b = (a + 1) % m;
        const ya = p[2 * a + 1]!;
        const yb = p[2 * b + 1]!;
        if ((ya <= j && j < yb) || (yb <= j && j < ya)) {
          const xa = p[2 * a]!;
          xs.push(xa + ((j - ya) * (p[2 * b]! - xa)) / (yb - ya));
        }
      }
    }
    xs.sort((a, b) => a - b);
    const row = offset + j * nx;
    for (let n = 0; n + 1 < xs.length; n += 2) {
      const from = Math.max(0, Math.ceil(xs[n]!));
      const to = Math.min(nx - 1, Math.ceil(xs[n + 1]!) - 1);
      for (let i = from; i <= to; i++) out[row + i] = 1;
    }
  }
}
