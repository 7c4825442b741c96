import assert from "node:assert/strict";
import { blasCandidates, loadBlas } from "../../../../pipeline/model/blas/load_blas.ts";
import { BackendUnavailableError } from "../../../../pipeline/errors.ts";
import { createRng } from "../../../../stats/random.ts";
import { systemBlasPresent } from "../../../_helpers/system_blas.ts";

const noBlas = !systemBlasPresent();

/** Plain row-major reference: C = op(A)·op(B) + beta·C. */
function gemmReference(
  ta: boolean,
  tb: boolean,
  [m, n, k]: [number, number, number],
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = beta * c[i * n + j]!;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  }
  return out;
}

Deno.test({
  name: "loadBlas() sgemm matches a plain matrix product for every transpose and offset views",
  ignore: noBlas,
  fn() {
    const blas = loadBlas({ threads: 1 });
    const rng = createRng(11, "gemm");
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    try {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const dims: [number, number, number] = [7, 5, 9];
        const [m, n, k] = dims;
        const a = fill(m * k + 3);
        const b = fill(k * n);
        const c = fill(n * m + 1);
        const cBefore = c.slice(1);
        blas.sgemm(ta, tb, dims, a.subarray(3), ta ? m : k, b, tb ? k : n, 0.5, c.subarray(1), n);
        const want = gemmReference(ta, tb, dims, a.subarray(3), b, 0.5, cBefore);
        want.forEach((v, i) => assert.ok(Math.abs(v - c[i + 1]!) < 1e-4, `${ta} ${tb} at ${i}: ${v} vs ${c[i + 1]}`));
      }
    } finally {
      blas.close();
    }
  },
});

Deno.test("loadBlas() throws BackendUnavailableError naming an explicit path that does not exist", () => {
  assert.throws(
    () => loadBlas({ path: "/nonexistent/libopenblas.so.0" }),
    (error: unknown) =>
      error instanceof BackendUnavailableError && error.message.includes('"/nonexistent/libopenblas.so.0"'),
  );
});

Deno.test({
  name: "loadBlas() rejects a library without cblas_sgemm",
  ignore: Deno.build.os !== "linux",
  fn() {
    assert.throws(() => loadBlas({ path: "libc.so.6" }), /cblas_sgemm/);
  },
});

Deno.test("blasCandidates() lists the usual system names per operating system", () => {
  assert.deepEqual(blasCandidates("linux").slice(0, 1), ["libopenblas.so.0"]);
  assert.ok(blasCandidates("linux").includes("libblas.so.3"));
  assert.equal(blasCandidates("darwin")[0], "/System/Library/Frameworks/Accelerate.framework/Accelerate");
  assert.equal(blasCandidates("windows")[0], "openblas.dll");
});
