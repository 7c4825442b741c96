/**
 * 4×4 affine helpers (private to `pipeline/imaging/`). Matrices are row-major, 16 numbers.
 *
 * @module
 */

/**
 * Inverse of an affine matrix (last row `0 0 0 1`).
 *
 * @param m row-major 4×4
 * @returns row-major 4×4 inverse
 * @throws {RangeError} when the 3×3 part is singular
 */
export function invertAffine(m: readonly number[]): number[] {
  const [a, b, c, tx, d, e, f, ty, g, h, i, tz] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (det === 0 || !Number.isFinite(det)) throw new RangeError("affine is singular");
  const r = [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ] as const;
  return [
    r[0],
    r[1],
    r[2],
    -(r[0] * tx + r[1] * ty + r[2] * tz),
    r[3],
    r[4],
    r[5],
    -(r[3] * tx + r[4] * ty + r[5] * tz),
    r[6],
    r[7],
    r[8],
    -(r[6] * tx + r[7] * ty + r[8] * tz),
    0,
    0,
    0,
    1,
  ];
}

/**
 * Product `a · b` of two affines.
 *
 * @param a row-major 4×4
 * @param b row-major 4×4
 * @returns row-major 4×4
 */
export function multiplyAffine(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[4 * r + k]! * b[4 * k + c]!;
      out[4 * r + c] = s;
    }
  }
  return out;
}

/**
 * Applies an affine to a point.
 *
 * @param m row-major 4×4
 * @param p point `[x, y, z]`
 * @returns transformed point
 */
export function applyAffine(m: readonly number[], p: readonly number[]): [number, number, number] {
  const [x, y, z] = [p[0]!, p[1]!, p[2]!];
  return [
    m[0]! * x + m[1]! * y + m[2]! * z + m[3]!,
    m[4]! * x + m[5]! * y + m[6]! * z + m[7]!,
    m[8]! * x + m[9]! * y + m[10]! * z + m[11]!,
  ];
}

/**
 * What is wrong with a voxel → world affine, if anything: a non-finite entry (NaN/Inf in a header)
 * or a singular 3×3 part (a zero spacing), either of which would place voxels nowhere.
 *
 * @param m row-major 4×4
 * @returns `undefined` when usable, else the problem in words ("contains NaN or Inf", "is singular")
 */
export function checkAffine(m: readonly number[]): string | undefined {
  if (m.length !== 16 || m.some((x) => !Number.isFinite(x))) return "contains NaN or Inf";
  try {
    invertAffine(m);
  } catch {
    return "is singular (a zero or degenerate voxel axis)";
  }
  return undefined;
}
