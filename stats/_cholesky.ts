/** Dense Cholesky solve and inverse for small symmetric positive-definite matrices (private). @module */

/** Solve H x = g and invert H (row-major K×K); null when H is not numerically positive definite. */
export function choleskySolveInverse(
  H: Float64Array,
  g: Float64Array,
  K: number,
): { x: Float64Array; inverse: Float64Array } | null {
  const L = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * K + j]!;
      for (let k = 0; k < j; k++) s -= L[i * K + k]! * L[j * K + k]!;
      if (i === j) {
        if (!(s > 1e-12 * Math.abs(H[i * K + i]!)) || !(s > 0)) return null;
        L[i * K + i] = Math.sqrt(s);
      } else L[i * K + j] = s / L[j * K + j]!;
    }
  }
  const solve = (rhs: Float64Array) => {
    const z = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      let s = rhs[i]!;
      for (let k = 0; k < i; k++) s -= L[i * K + k]! * z[k]!;
      z[i] = s / L[i * K + i]!;
    }
    const x = new Float64Array(K);
    for (let i = K - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let k = i + 1; k < K; k++) s -= L[k * K + i]! * x[k]!;
      x[i] = s / L[i * K + i]!;
    }
    return x;
  };
  const inverse = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    const e = new Float64Array(K);
    e[c] = 1;
    const col = solve(e);
    for (let r = 0; r < K; r++) inverse[r * K + c] = col[r]!;
  }
  return { x: solve(g), inverse };
}
