import assert from "node:assert/strict";
import { dft1d, fftNd } from "../../../../pipeline/radiomics/filters/_fft.ts";

Deno.test("dft1d() equals the direct DFT for lengths that are and are not powers of two, and inverts", () => {
  for (const n of [1, 2, 8, 3, 7, 12, 30]) {
    const re = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 1.3) + k);
    const im = Float64Array.from({ length: n }, (_, k) => Math.cos(k * 0.7));
    const r = Float64Array.from(re);
    const i = Float64Array.from(im);
    dft1d(r, i, n, 0, 1, false);
    for (let f = 0; f < n; f++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        const a = (-2 * Math.PI * f * k) / n;
        sr += re[k]! * Math.cos(a) - im[k]! * Math.sin(a);
        si += re[k]! * Math.sin(a) + im[k]! * Math.cos(a);
      }
      assert.ok(Math.abs(r[f]! - sr) < 1e-9 && Math.abs(i[f]! - si) < 1e-9, `n=${n} f=${f}`);
    }
    dft1d(r, i, n, 0, 1, true);
    assert.ok(r.every((v, k) => Math.abs(v - re[k]!) < 1e-9), `n=${n} inverse`);
  }
  const re = Float64Array.from({ length: 6 * 5 }, (_, k) => k % 7);
  const im = new Float64Array(30);
  fftNd(re, im, [6, 5], false);
  assert.ok(Math.abs(re[0]! - Array.from({ length: 30 }, (_, k) => k % 7).reduce((a, b) => a + b)) < 1e-9);
});
