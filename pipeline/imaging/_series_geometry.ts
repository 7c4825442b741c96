/**
 * Slice ordering and voxel → world affine of a DICOM series (private to `pipeline/imaging/`).
 *
 * @module
 */
import type { DicomDataset } from "./_dicom_dataset.ts";

/** Geometry of a series: slice order, grid size and RAS+ affine. */
export interface SeriesGeometry {
  /** Indices into the input slices, sorted along the slice normal. */
  readonly order: number[];
  readonly dims: [number, number, number];
  readonly affine: number[];
}

const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/**
 * Orders slices along the IOP normal and builds the affine; returns a reason string when the
 * series cannot be represented on a regular grid.
 *
 * @param slices instances of one series
 * @param tolerance largest distance of a slice from the regular grid, as a fraction of the spacing
 * @returns geometry, or the problem as a sentence
 */
export function seriesGeometry(slices: readonly DicomDataset[], tolerance: number): SeriesGeometry | string {
  const first = slices[0]!;
  const iop = first.numbers("0020,0037");
  if (!iop || iop.length !== 6 || iop.some(Number.isNaN)) return "ImageOrientationPatient (0020,0037) is missing";
  const rows = first.number("0028,0010");
  const cols = first.number("0028,0011");
  const ps = first.numbers("0028,0030");
  if (!rows || !cols) return "Rows/Columns (0028,0010/0011) are missing";
  if (!ps || ps.length !== 2) return "PixelSpacing (0028,0030) is missing";
  const r = iop.slice(0, 3);
  const c = iop.slice(3, 6);
  const normal = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
  const pos: number[][] = [];
  for (const [n, s] of slices.entries()) {
    const o = s.numbers("0020,0037");
    if (!o || o.some((x, m) => Math.abs(x - iop[m]!) > 1e-4)) {
      return `slice ${n} has a different ImageOrientationPatient than the first slice`;
    }
    if (s.number("0028,0010") !== rows || s.number("0028,0011") !== cols) {
      return `slice ${n} is ${s.number("0028,0011")}×${s.number("0028,0010")}, the first is ${cols}×${rows}`;
    }
    const p = s.numbers("0020,0032");
    if (!p || p.length !== 3 || p.some(Number.isNaN)) return `slice ${n} has no ImagePositionPatient (0020,0032)`;
    pos.push(p);
  }
  const d = pos.map((p) => dot(p, normal));
  const order = d.map((_, n) => n).sort((a, b) => d[a]! - d[b]!);
  let step = [normal[0]!, normal[1]!, normal[2]!];
  if (order.length > 1) {
    const gaps = order.slice(1).map((n, m) => d[n]! - d[order[m]!]!);
    const dup = gaps.findIndex((g) => g < 1e-3);
    if (dup >= 0) return `two slices share the position ${d[order[dup]!]!.toFixed(3)} mm along the normal`;
    const mean = (d[order.at(-1)!]! - d[order[0]!]!) / gaps.length;
    const d0 = d[order[0]!]!;
    const bad = order.findIndex((n, m) => Math.abs(d[n]! - d0 - m * mean) > tolerance * mean);
    if (bad >= 0) {
      const median = [...gaps].sort((a, b) => a - b)[gaps.length >> 1]!;
      const worst = gaps.reduce((w, g, m) => (Math.abs(g - median) > Math.abs(gaps[w]! - median) ? m : w), 0);
      return `slice spacing is not uniform: gap ${gaps[worst]!.toFixed(3)} mm after slice ${worst}, median ` +
        `${median.toFixed(3)} mm (missing slice?); resample the series first`;
    }
    const a = pos[order[0]!]!;
    const b = pos[order.at(-1)!]!;
    step = [0, 1, 2].map((m) => (b[m]! - a[m]!) / gaps.length);
    const along = dot(step, normal);
    const off = Math.hypot(step[0]! - along * normal[0]!, step[1]! - along * normal[1]!, step[2]! - along * normal[2]!);
    if (off > 0.01 * along) {
      const deg = (Math.atan2(off, along) * 180) / Math.PI;
      return `slices are sheared by ${deg.toFixed(2)}° against the normal (gantry tilt); resample the series first`;
    }
  } else {
    const t = first.number("0018,0088") ?? first.number("0018,0050") ?? 1;
    step = normal.map((x) => x * t);
  }
  const o = pos[order[0]!]!;
  const [dy, dx] = [ps[0]!, ps[1]!]; // PixelSpacing = row spacing (between rows), column spacing
  // LPS affine columns: i along the row direction, j along the column direction, k along step
  const lps = [
    [r[0]! * dx, c[0]! * dy, step[0]!, o[0]!],
    [r[1]! * dx, c[1]! * dy, step[1]!, o[1]!],
    [r[2]! * dx, c[2]! * dy, step[2]!, o[2]!],
  ];
  const affine = [...lps[0]!.map((x) => -x), ...lps[1]!.map((x) => -x), ...lps[2]!, 0, 0, 0, 1];
  return { order, dims: [cols, rows, slices.length], affine: affine.map((x) => (x === 0 ? 0 : x)) };
}
