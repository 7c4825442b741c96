/**
 * Marching cubes on a binary mask at iso-level 0.5 (vertices at edge midpoints), as IBSI uses for
 * the mesh-based morphology features. The mask is padded by one empty voxel on every side so the
 * mesh is closed.
 *
 * @module
 */

import { TRI_TABLE } from "./_marching_cubes_table.ts";

/** A triangle mesh in millimetres, with its enclosed volume and area. */
export interface MaskMesh {
  /** Vertex coordinates `x0,y0,z0,x1,…` in mm (voxel-index frame scaled by spacing). */
  readonly vertices: Float64Array;
  /** Vertex indices, three per triangle. */
  readonly triangles: Uint32Array;
  /** Enclosed volume (mm³), divergence theorem. */
  readonly volume: number;
  /** Surface area (mm²). */
  readonly area: number;
}

/**
 * PyRadiomics' triangulation where it splits a polygon along the other diagonal than the table
 * here (its `cshape.c` table, BSD-3-Clause, cases below 128; the rest of its table is identical).
 * With its fold of cases ≥ 128 onto their complements these keep the mesh closed.
 */
const PYRADIOMICS_ROWS: Readonly<Record<number, readonly number[]>> = {
  30: [4, 7, 8, 9, 0, 3, 3, 11, 9, 11, 10, 9],
  45: [5, 4, 9, 10, 1, 0, 0, 8, 10, 8, 11, 10],
  51: [1, 5, 7, 1, 7, 3],
  53: [1, 2, 10, 3, 0, 9, 3, 9, 5, 3, 5, 7],
  60: [7, 8, 9, 5, 7, 9, 3, 10, 1, 11, 10, 3],
  75: [11, 2, 1, 1, 9, 11, 9, 8, 11, 6, 5, 10],
  83: [1, 9, 4, 1, 4, 7, 1, 7, 3, 6, 5, 10],
  85: [0, 4, 3, 4, 7, 3, 1, 6, 5, 1, 2, 6],
  86: [4, 7, 8, 9, 6, 5, 9, 0, 6, 0, 2, 6],
  89: [11, 4, 7, 11, 2, 4, 2, 0, 4, 6, 5, 10],
  92: [4, 7, 8, 6, 3, 11, 6, 5, 3, 5, 1, 3],
  101: [1, 4, 9, 1, 2, 4, 2, 6, 4, 0, 8, 3],
  105: [11, 2, 0, 0, 8, 11, 10, 4, 9, 6, 4, 10],
  106: [11, 2, 3, 0, 1, 10, 10, 6, 0, 6, 4, 0],
  120: [11, 2, 3, 6, 7, 10, 7, 8, 10, 8, 9, 10],
};

const CORNERS = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]];
const EDGES = [[0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4], [0, 4], [1, 5], [2, 6], [3, 7]];

/**
 * Mesh of the surface of `mask` (non-zero = inside).
 *
 * @param mask voxels, x fastest
 * @param dims `[nx, ny, nz]`
 * @param spacing voxel size (mm)
 * @param convention `pyradiomics`: a cube whose corner 7 is inside is triangulated as its
 *   complement (PyRadiomics' `cshape.c` folds the 256 cases onto 128) with PyRadiomics' own
 *   diagonals, which resolves the ambiguous faces the other way and changes the area slightly
 * @returns vertices, triangles, volume and area
 */
export function maskMesh(
  mask: ArrayLike<number>,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  convention: "ibsi" | "pyradiomics" = "ibsi",
): MaskMesh {
  const [nx, ny, nz] = dims;
  // Padded grid: index p = (i+1) + (nx+2) * ((j+1) + (ny+2) * (k+1)).
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const inside = new Uint8Array(px * py * pz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (mask[i + nx * (j + ny * k)]) inside[i + 1 + px * (j + 1 + py * (k + 1))] = 1;
      }
    }
  }
  const vertexOf = new Map<number, number>();
  const verts: number[] = [];
  const tris: number[] = [];
  const cornerIndex = new Array<number>(8).fill(0);
  const edgeVertex = new Array<number>(12).fill(0);
  for (let k = 0; k < pz - 1; k++) {
    for (let j = 0; j < py - 1; j++) {
      for (let i = 0; i < px - 1; i++) {
        let cubeCase = 0;
        for (let c = 0; c < 8; c++) {
          const o = CORNERS[c]!;
          const idx = i + o[0]! + px * (j + o[1]! + py * (k + o[2]!));
          cornerIndex[c] = idx;
          if (inside[idx]) cubeCase |= 1 << c;
        }
        if (cubeCase === 0 || cubeCase === 255) continue;
        const folded = convention === "pyradiomics" && cubeCase & 0x80;
        const row = folded || convention === "pyradiomics"
          ? PYRADIOMICS_ROWS[folded ? cubeCase ^ 0xff : cubeCase] ?? TRI_TABLE[folded ? cubeCase ^ 0xff : cubeCase]!
          : TRI_TABLE[cubeCase]!;
        for (const e of new Set(row)) {
          const [c0, c1] = EDGES[e]!;
          const a = cornerIndex[c0!]!;
          const b = cornerIndex[c1!]!;
          const key = Math.min(a, b) * 3 + (Math.abs(b - a) === 1 ? 0 : Math.abs(b - a) === px ? 1 : 2);
          let v = vertexOf.get(key);
          if (v === undefined) {
            v = verts.length / 3;
            vertexOf.set(key, v);
            const oa = CORNERS[c0!]!;
            const ob = CORNERS[c1!]!;
            verts.push(
              (i + (oa[0]! + ob[0]!) / 2 - 1) * spacing[0],
              (j + (oa[1]! + ob[1]!) / 2 - 1) * spacing[1],
              (k + (oa[2]! + ob[2]!) / 2 - 1) * spacing[2],
            );
          }
          edgeVertex[e] = v;
        }
        for (let t = 0; t < row.length; t += 3) {
          // The complement's triangles face the other way: reverse them to keep the orientation.
          const [a, b] = folded ? [t + 2, t] : [t, t + 2];
          tris.push(edgeVertex[row[a]!]!, edgeVertex[row[t + 1]!]!, edgeVertex[row[b]!]!);
        }
      }
    }
  }
  const vertices = new Float64Array(verts);
  const triangles = new Uint32Array(tris);
  let volume = 0;
  let area = 0;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t]!;
    const b = 3 * triangles[t + 1]!;
    const c = 3 * triangles[t + 2]!;
    const ax = vertices[a]!;
    const ay = vertices[a + 1]!;
    const az = vertices[a + 2]!;
    const bx = vertices[b]!;
    const by = vertices[b + 1]!;
    const bz = vertices[b + 2]!;
    const cx = vertices[c]!;
    const cy = vertices[c + 1]!;
    const cz = vertices[c + 2]!;
    volume += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const wx = cx - ax;
    const wy = cy - ay;
    const wz = cz - az;
    area += Math.hypot(uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx) / 2;
  }
  return { vertices, triangles, volume: Math.abs(volume) / 6, area };
}
