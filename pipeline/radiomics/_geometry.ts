/**
 * Small geometry helpers for morphology: symmetric 3×3 eigenvalues, ellipsoid surface area,
 * maximum pairwise distance (diameter) of a point cloud.
 *
 * @module
 */

/** Eigenvalues of a symmetric 3×3 matrix, descending (Smith 1961, closed form). */
export function symmetricEigenvalues3(
  a11: number,
  a22: number,
  a33: number,
  a12: number,
  a13: number,
  a23: number,
): [number, number, number] {
  const p1 = a12 * a12 + a13 * a13 + a23 * a23;
  if (p1 === 0) return [a11, a22, a33].sort((x, y) => y - x) as [number, number, number];
  const q = (a11 + a22 + a33) / 3;
  const p2 = (a11 - q) ** 2 + (a22 - q) ** 2 + (a33 - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const b11 = (a11 - q) / p;
  const b22 = (a22 - q) / p;
  const b33 = (a33 - q) / p;
  const b12 = a12 / p;
  const b13 = a13 / p;
  const b23 = a23 / p;
  const det = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
  const r = Math.max(-1, Math.min(1, det / 2));
  const phi = Math.acos(r) / 3;
  const e1 = q + 2 * p * Math.cos(phi);
  const e3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [e1, 3 * q - e1 - e3, e3];
}

/**
 * Surface area of an ellipsoid with semi-axes a ≥ b ≥ c as IBSI 1 defines it for the
 * approximate enclosing ellipsoid: the Legendre series truncated at ν = 20,
 * `4πab Σ (αβ)^ν/(1 − 4ν²) P_ν((α² + β²)/(2αβ))`, α² = 1 − b²/a², β² = 1 − c²/a².
 */
export function ellipsoidArea(a: number, b: number, c: number): number {
  // Degenerate axes (a = b or a = c) are nudged: the series is continuous there.
  const alpha = Math.max(1e-6, Math.sqrt(Math.max(0, 1 - (b * b) / (a * a))));
  const beta = Math.max(1e-6, Math.sqrt(Math.max(0, 1 - (c * c) / (a * a))));
  const x = (alpha * alpha + beta * beta) / (2 * alpha * beta);
  let p0 = 1;
  let p1 = x;
  let sum = 1 + (alpha * beta * x) / (1 - 4);
  for (let nu = 2; nu <= 20; nu++) {
    const p2 = ((2 * nu - 1) * x * p1 - (nu - 1) * p0) / nu;
    sum += (alpha * beta) ** nu / (1 - 4 * nu * nu) * p2;
    p0 = p1, p1 = p2;
  }
  return 4 * Math.PI * a * b * sum;
}

/**
 * Largest distance between two of the points (x,y,z triples). Points that are not extreme along
 * x on their (y, z) line cannot be convex-hull vertices, so only extremes are compared.
 */
export function maxPairDistance(points: Float64Array): number {
  const ext = new Map<string, [number, number]>();
  for (let p = 0; p < points.length; p += 3) {
    for (const axis of [0, 1, 2]) {
      const key = `${axis}:${points[p + ((axis + 1) % 3)]}:${points[p + ((axis + 2) % 3)]}`;
      const e = ext.get(key);
      const v = points[p + axis]!;
      if (!e) ext.set(key, [p, p]);
      else {
        if (v < points[e[0] + axis]!) e[0] = p;
        if (v > points[e[1] + axis]!) e[1] = p;
      }
    }
  }
  const keep = new Set<number>();
  const count = new Map<number, number>();
  for (const [lo, hi] of ext.values()) for (const p of new Set([lo, hi])) count.set(p, (count.get(p) ?? 0) + 1);
  for (const [p, c] of count) if (c === 3) keep.add(p);
  const cand = [...keep];
  let best = 0;
  for (let a = 0; a < cand.length; a++) {
    const pa = cand[a]!;
    for (let b = a + 1; b < cand.length; b++) {
      const pb = cand[b]!;
      const d = (points[pa]! - points[pb]!) ** 2 + (points[pa + 1]! - points[pb + 1]!) ** 2 +
        (points[pa + 2]! - points[pb + 2]!) ** 2;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}
