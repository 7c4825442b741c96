import assert from "node:assert/strict";
import { simoncelliFilter } from "../../../../pipeline/radiomics/filters/simoncelli_filter.ts";

/** A cosine along x with `period` voxels on a 32³ grid (periodic, as IBSI-2 tests 8.a use). */
function wave(period: number) {
  const dims = [32, 32, 32] as const;
  const data = Float64Array.from({ length: 32 ** 3 }, (_, p) => Math.cos((2 * Math.PI * (p % 32)) / period));
  return { data, dims };
}

Deno.test("simoncelliFilter() passes the band of its level and stops the others (IBSI-2 8.a levels 1-3)", () => {
  const rms = (d: Float64Array) => Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
  // ψ peaks at ω = π/2^j for level j: period 4 → level 1, 8 → level 2, 16 → level 3.
  for (const [level, period] of [[1, 4], [2, 8], [3, 16]] as const) {
    const g = wave(period);
    const r = simoncelliFilter(g, level, "3d").data;
    assert.ok(g.data.every((v, p) => Math.abs(r[p]! - v) < 1e-9), `level ${level} keeps period ${period}`);
    for (const other of [1, 2, 3].filter((l) => l !== level)) {
      assert.ok(rms(simoncelliFilter(g, other, "3d").data) < 1e-9, `level ${other} stops period ${period}`);
    }
  }
  // Any grid size (DFT by Bluestein's algorithm): a 20-voxel period-4 wave on a 20 × 12 × 6 grid.
  const dims = [20, 12, 6] as const;
  const odd = Float64Array.from({ length: 20 * 12 * 6 }, (_, p) => Math.cos((2 * Math.PI * (p % 20)) / 4));
  const r = simoncelliFilter({ data: odd, dims }, 1, "3d").data;
  assert.ok(odd.every((v, p) => Math.abs(r[p]! - v) < 1e-9), "level 1 keeps period 4 on a 20-voxel axis");
});
