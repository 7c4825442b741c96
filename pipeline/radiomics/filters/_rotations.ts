/**
 * Right-angle rotations of a voxel grid (IBSI-2 rotation invariance): the 24 proper rotations of
 * the cube in 3D, the 4 in-plane quarter turns in 2D. A rotation is a signed axis permutation:
 * new axis `a` reads old axis `perm[a]`, reversed when `flip[a]`.
 *
 * @module
 */
import type { Grid } from "./_grid.ts";

/** A signed axis permutation with determinant +1. */
export interface Rotation {
  readonly perm: readonly [number, number, number];
  readonly flip: readonly [boolean, boolean, boolean];
}

const PERMS: [number, number, number][] = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];

/**
 * The rotations to pool over.
 *
 * @param dimensions `3d`: the 24 rotations of the cube; `2d`: the 4 quarter turns about z
 * @returns rotations, identity first
 */
export function rightAngleRotations(dimensions: "2d" | "3d"): Rotation[] {
  const out: Rotation[] = [];
  for (const [i, perm] of PERMS.entries()) {
    if (dimensions === "2d" && perm[2] !== 2) continue;
    const parity = i < 3 ? 1 : -1;
    for (let s = 0; s < 8; s++) {
      const flip: [boolean, boolean, boolean] = [!!(s & 1), !!(s & 2), !!(s & 4)];
      if (dimensions === "2d" && flip[2]) continue;
      const sign = flip.reduce((p, f) => p * (f ? -1 : 1), 1);
      if (sign * parity === 1) out.push({ perm, flip });
    }
  }
  return out;
}

/**
 * Rotate a grid.
 *
 * @param g image
 * @param r rotation
 * @returns the rotated image (dims permuted)
 */
export function rotate(g: Grid, r: Rotation): Grid {
  const dims: [number, number, number] = [g.dims[r.perm[0]]!, g.dims[r.perm[1]]!, g.dims[r.perm[2]]!];
  const sIn = [1, g.dims[0], g.dims[0] * g.dims[1]];
  const out = new Float64Array(g.data.length);
  const st = [sIn[r.perm[0]]!, sIn[r.perm[1]]!, sIn[r.perm[2]]!];
  const off = [0, 1, 2].map((a) => (r.flip[a] ? (dims[a]! - 1) * st[a]! : 0)).reduce((x, y) => x + y, 0);
  const step = st.map((s, a) => (r.flip[a] ? -s : s));
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      let p = off + j * step[1]! + k * step[2]!;
      for (let i = 0; i < dims[0]; i++, p += step[0]!) out[o++] = g.data[p]!;
    }
  }
  return { data: out, dims };
}

/**
 * Undo {@linkcode rotate}.
 *
 * @param g rotated image
 * @param r the rotation applied
 * @returns the image in the original orientation
 */
export function unrotate(g: Grid, r: Rotation): Grid {
  const perm: [number, number, number] = [0, 0, 0];
  const flip: [boolean, boolean, boolean] = [false, false, false];
  for (let a = 0; a < 3; a++) perm[r.perm[a]!] = a, flip[r.perm[a]!] = r.flip[a]!;
  return rotate(g, { perm, flip });
}

/**
 * Filter every rotated copy, rotate the responses back, pool them voxel-wise.
 *
 * @param g image
 * @param dimensions rotation set
 * @param pooling `max` or `average`
 * @param respond the filter
 * @returns pooled response
 */
export function pooledOverRotations(
  g: Grid,
  dimensions: "2d" | "3d",
  pooling: "max" | "average",
  respond: (g: Grid) => Grid,
): Grid {
  const rotations = rightAngleRotations(dimensions);
  const acc = new Float64Array(g.data.length).fill(pooling === "max" ? -Infinity : 0);
  for (const r of rotations) {
    const res = unrotate(respond(rotate(g, r)), r).data;
    if (pooling === "max") { for (let p = 0; p < acc.length; p++) acc[p] = Math.max(acc[p]!, res[p]!); }
    else for (let p = 0; p < acc.length; p++) acc[p] = acc[p]! + res[p]! / rotations.length;
  }
  return { data: acc, dims: g.dims };
}
