/**
 * Statistics engine at the paper's scale: one LASSO-logistic path (glmnet defaults: 100 λ) on a
 * 96 × 110,592 Gaussian matrix, and Welch screening of all 110,592 features. glmnet's time on the
 * same shape (R 4.2.2, glmnet 4.1-6, same 2-core VM type) is read from the reference fixture and
 * printed as the baseline; ratios < 1 mean faster than glmnet.
 *
 * Run: `deno bench -A bench/stats_bench.ts` (about a minute).
 */
import { createRng, lassoPath, screenFeatures } from "../stats/mod.ts";

const timing = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/data/reference/expected/timing_glmnet.json", import.meta.url)),
) as { gaussian_96x110592_single_fit: { median_seconds: number } };
const glmnetSeconds = timing.gaussian_96x110592_single_fit.median_seconds;

const n = 96;
const p = 110_592;
const rng = createRng(110592, "bench/matrix");
const data = new Float64Array(n * p);
for (let i = 0; i < data.length; i++) data[i] = rng.normal();
const matrix = { nRows: n, nCols: p, data };
const labelRng = createRng(2024, "bench/labels");
const y = Float64Array.from({ length: n }, () => (labelRng.uniform() < 34 / 96 ? 1 : 0));

Deno.bench({
  name: `lassoPath 96 × 110,592, 100 λ (glmnet: ${glmnetSeconds} s per fit)`,
  group: "lasso",
  n: 3,
  warmup: 1,
  fn: () => {
    const t0 = performance.now();
    const path = lassoPath(matrix, y);
    const s = (performance.now() - t0) / 1000;
    if (path.steps.length === 0) throw new Error("empty path");
    // deno-lint-ignore no-console
    console.log(
      `  per fit ${s.toFixed(2)} s, ratio vs glmnet ${(s / glmnetSeconds).toFixed(2)}, steps ${path.steps.length}`,
    );
  },
});

Deno.bench({
  name: "screenFeatures (Welch) 96 × 110,592",
  group: "screening",
  n: 3,
  warmup: 1,
  fn: () => {
    const t0 = performance.now();
    screenFeatures(matrix, y);
    const s = (performance.now() - t0) / 1000;
    // deno-lint-ignore no-console
    console.log(`  ${(p / s / 1e6).toFixed(2)} M features/s`);
  },
});
