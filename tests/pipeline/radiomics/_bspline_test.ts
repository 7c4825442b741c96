import assert from "node:assert/strict";
import { splinePrefilter, splineWeights } from "../../../pipeline/radiomics/_bspline.ts";
import { resampleAligned } from "../../../pipeline/radiomics/_resample.ts";

Deno.test("splinePrefilter() gives coefficients whose B-spline passes through every sample", () => {
  const samples = [3, -1, 4, 1, -5, 9, 2, 6, 5, 3];
  const c = Float64Array.from(samples);
  splinePrefilter(c);
  for (let k = 0; k < samples.length; k++) {
    const at = (j: number) => c[Math.abs(j) >= c.length ? 2 * c.length - 2 - j : Math.abs(j)]!;
    const v = (at(k - 1) + 4 * at(k) + at(k + 1)) / 6; // the mirror extension at the ends
    assert.ok(Math.abs(v - samples[k]!) < 1e-12, `sample ${k}: ${v}`);
  }
});

Deno.test("resampleAligned(cubic) reproduces a cubic polynomial inside the line and overshoots a step", () => {
  const n = 40;
  const f = (x: number) => 0.01 * x ** 3 - 0.3 * x * x + 2 * x - 7;
  const data = Float64Array.from({ length: n }, (_, i) => f(i));
  const r = resampleAligned(data, [n, 1, 1], [3, 1, 1], [2, 1, 1], "cubic");
  assert.equal(r.dims[0], 60);
  for (let i = 20; i < 40; i++) { // the boundary error decays as 0.27^distance
    const x = r.origin[0] + i * 2 / 3;
    assert.ok(Math.abs(r.data[i]! - f(x)) < 1e-5, `x = ${x}: ${r.data[i]} vs ${f(x)}`);
  }
  // A spline (unlike linear interpolation) overshoots at an edge: that is config E's −1111 HU minimum.
  const step = Float64Array.from({ length: n }, (_, i) => (i < 20 ? -1000 : 0));
  const s = resampleAligned(step, [n, 1, 1], [3, 1, 1], [2, 1, 1], "cubic");
  assert.ok(Math.min(...s.data) < -1000);
  assert.ok(Math.abs(splineWeights(0.3).reduce((a, b) => a + b) - 1) < 1e-15);
});
