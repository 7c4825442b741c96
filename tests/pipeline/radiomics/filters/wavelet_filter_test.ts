import assert from "node:assert/strict";
import { waveletFilter, waveletFilters, WAVELETS } from "../../../../pipeline/radiomics/filters/wavelet_filter.ts";

const energy = (d: Float64Array) => d.reduce((s, v) => s + v * v, 0);

Deno.test("waveletFilters() are orthonormal quadrature-mirror pairs for every wavelet", () => {
  for (const name of WAVELETS) {
    const { low, high } = waveletFilters(name);
    assert.ok(Math.abs(low.reduce((a, b) => a + b) - Math.SQRT2) < 1e-9, `${name}: Σ low = √2`);
    assert.ok(Math.abs(high.reduce((a, b) => a + b)) < 1e-9, `${name}: Σ high = 0`);
    assert.ok(Math.abs(energy(Float64Array.from(low)) - 1) < 1e-9, `${name}: ‖low‖ = 1`);
    for (let m = 1; 2 * m < low.length; m++) {
      const shifted = low.slice(0, low.length - 2 * m).reduce((s, v, k) => s + v * low[k + 2 * m]!, 0);
      assert.ok(Math.abs(shifted) < 1e-9, `${name}: low ⟂ its even shifts`);
    }
  }
});

Deno.test("waveletFilter() sub-bands of one level keep the image's energy (tight frame, periodic padding)", () => {
  // IBSI-2 tests 5.a (db2, LHL, constant padding, impulse) and 6.a (coif1, HHL, periodic, sphere) use
  // these filters; no reference maps are shipped, so the frame property checks coefficients and paths.
  const dims = [8, 8, 8] as const;
  let seed = 7;
  const data = Float64Array.from({ length: 512 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5);
  for (const wavelet of ["db2", "coif1", "haar"]) {
    let total = 0;
    for (const path of ["LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"]) {
      total += energy(waveletFilter({ data, dims }, { wavelet, path, level: 1, padding: "periodic" }).data);
    }
    assert.ok(Math.abs(total / (8 * energy(data)) - 1) < 1e-9, `${wavelet}: ${total}`);
  }
});

Deno.test("waveletFilter() of an impulse is the separable product of the reversed filters (IBSI-2 5.a.1 layout)", () => {
  const data = new Float64Array(9 ** 3);
  data[4 + 9 * (4 + 9 * 4)] = 1;
  const r = waveletFilter({ data, dims: [9, 9, 9] }, { wavelet: "db2", path: "LHL", level: 1, padding: "constant" });
  const { low, high } = waveletFilters("db2");
  // Convolution with the filter centred on tap ⌊(4 − 1)/2⌋ = 1 of the reversed filter: out[x] = k[x − 4 + 2].
  const tap = (k: number[], x: number) => k[x - 4 + 2] ?? 0;
  for (const [x, y, z] of [[4, 4, 4], [5, 3, 4], [6, 5, 3], [3, 6, 6]]) {
    const want = tap(low, x!) * tap(high, y!) * tap(low, z!);
    assert.ok(Math.abs(r.data[x! + 9 * (y! + 9 * z!)]! - want) < 1e-12, `${x},${y},${z}`);
  }
});
