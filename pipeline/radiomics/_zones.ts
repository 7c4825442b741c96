/**
 * Zones (connected voxels of one grey level; 26-connected in 3D, 8-connected in a slice) and
 * the distance of each ROI voxel to the ROI edge (city-block, 6- or 4-connected, edge voxels 1).
 *
 * @module
 */
import type { GreyVolume } from "./_texture.ts";

/** One zone: grey level, voxel count, smallest edge distance of its voxels. */
export interface Zone {
  readonly level: number;
  readonly size: number;
  readonly distance: number;
}

function neighbourOffsets(g: GreyVolume, full: boolean): [number, number, number][] {
  const out: [number, number, number][] = [];
  const zr = g.dims[2] === 1 ? 0 : 1;
  for (let c = -zr; c <= zr; c++) {
    for (let b = -1; b <= 1; b++) {
      for (let a = -1; a <= 1; a++) {
        const n = Math.abs(a) + Math.abs(b) + Math.abs(c);
        if (n === 0 || (!full && n > 1)) continue;
        out.push([a, b, c]);
      }
    }
  }
  return out;
}

/** Fills `out` with the in-grid neighbours of voxel `p` (x fastest) and returns it. */
function neighboursOf(p: number, dims: GreyVolume["dims"], offs: [number, number, number][], out: number[]): number[] {
  const [nx, ny, nz] = dims;
  const i = p % nx;
  const j = Math.floor(p / nx) % ny;
  const k = Math.floor(p / (nx * ny));
  out.length = 0;
  for (const [a, b, c] of offs) {
    const x = i + a;
    const y = j + b;
    const z = k + c;
    if (x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz) out.push(x + nx * (y + ny * z));
  }
  return out;
}

/** Edge distance of every voxel of `g.edgeMask` (default: the ROI), 0 outside. */
export function edgeDistance(g: GreyVolume): Int32Array {
  const d = new Int32Array(g.levels.length);
  const inRoi = g.edgeMask ?? Uint8Array.from(g.levels, (v) => (v > 0 ? 1 : 0));
  const offs = neighbourOffsets(g, false);
  const nb: number[] = [];
  let queue: number[] = [];
  for (let p = 0; p < d.length; p++) {
    if (!inRoi[p]) continue;
    // An edge voxel has a neighbour outside the grid or outside the ROI.
    const inside = neighboursOf(p, g.dims, offs, nb);
    if (inside.length < offs.length || inside.some((q) => !inRoi[q])) {
      d[p] = 1;
      queue.push(p);
    }
  }
  for (let level = 1; queue.length > 0; level++) {
    const next: number[] = [];
    for (const p of queue) {
      for (const q of neighboursOf(p, g.dims, offs, nb)) {
        if (inRoi[q] && d[q] === 0) d[q] = level + 1, next.push(q);
      }
    }
    queue = next;
  }
  return d;
}

/** Connected zones of equal grey level, with their edge distance. */
export function zonesOf(g: GreyVolume): Zone[] {
  const seen = new Uint8Array(g.levels.length);
  const nb: number[] = [];
  const dist = edgeDistance(g);
  const offs = neighbourOffsets(g, true);
  const zones: Zone[] = [];
  const stack: number[] = [];
  for (let p0 = 0; p0 < seen.length; p0++) {
    const level = g.levels[p0]!;
    if (level === 0 || seen[p0]) continue;
    seen[p0] = 1, stack.push(p0);
    let size = 0;
    let distance = Infinity;
    while (stack.length) {
      const p = stack.pop()!;
      size++, distance = Math.min(distance, dist[p]!);
      for (const q of neighboursOf(p, g.dims, offs, nb)) {
        if (!seen[q] && g.levels[q] === level) seen[q] = 1, stack.push(q);
      }
    }
    zones.push({ level, size, distance });
  }
  return zones;
}
