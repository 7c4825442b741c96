/**
 * Statistics engine at the paper's scale (96 patients × 110,592 features), each figure beside a
 * baseline measured in the same run:
 * - `lasso`: one LASSO-logistic path (glmnet defaults: 100 λ), the screened path against the old
 *   full-pass path (the pre-screening code, kept in `tests/stats/_full_pass_lasso.ts`); glmnet's time on
 *   the same shape (R 4.2.2, glmnet 4.1-6, same 2-core VM type) is read from the reference fixture and
 *   printed as a ratio (< 1 = faster than glmnet).
 * - `resample`: the unit of the protocol, one bootstrap-weighted fit with the paper's λ rule (first
 *   step with ≥ 20 non-zeros), new against old.
 * - `protocol`: the paper-scale statistics of the `screen`, `lasso` and `evaluate` stages on 4
 *   endpoints: Welch + BH screening, bootstrap LASSO inclusion (`parallelInclusion`), top 20, and the
 *   U-Net / TLG / radiomics models under bootstrap and 6-fold evaluation, optimistic and nested
 *   (`parallelEvaluation`), on one worker (baseline) and on one worker per core.
 * - `screening`: Welch screening of all 110,592 features.
 *
 * `deno task bench` (every bench file, one table) or `deno bench -A bench/stats_bench.ts` (this one,
 * a few minutes) runs the protocol at 50 + 50 resamples (a twentieth of the paper's 1,000 + 1,000:
 * `deno bench` runs every bench at least three times) and prints the extrapolation to 1,000 per phase. `deno run -A bench/stats_bench.ts` runs everything once, the protocol at the paper's full
 * 1,000 + 1,000 on one worker per core, and prints a report with wall and CPU seconds (all threads);
 * `DEEPMARKER_BENCH_RESAMPLES=N` sets the resample count in both modes, `DEEPMARKER_BENCH_WORKERS=N`
 * the workers of the run mode.
 */
import {
  benjaminiHochberg,
  createRng,
  type EvaluationProtocol,
  type FeatureMatrix,
  featureMatrix,
  lassoFit,
  lassoPath,
  screenFeatures,
  selectColumns,
} from "../stats/mod.ts";
import process from "node:process";
import { parallelEvaluation } from "../pipeline/study/parallel_evaluation.ts";
import { parallelInclusion } from "../pipeline/study/parallel_inclusion.ts";
import { fullPassLassoPath } from "../tests/stats/_full_pass_lasso.ts";

const timing = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/data/reference/expected/timing_glmnet.json", import.meta.url)),
) as { gaussian_96x110592_single_fit: { median_seconds: number } };
const glmnetSeconds = timing.gaussian_96x110592_single_fit.median_seconds;
const PAPER_RESAMPLES = 1000;
const resamples = Number(Deno.env.get("DEEPMARKER_BENCH_RESAMPLES") ?? (import.meta.main ? PAPER_RESAMPLES : 50));
const cores = navigator.hardwareConcurrency || 1;

const n = 96;
const p = 110_592;
const rng = createRng(110592, "bench/matrix");
const data = new Float64Array(n * p);
for (let i = 0; i < data.length; i++) data[i] = rng.normal();
const matrix: FeatureMatrix = { nRows: n, nCols: p, data };
const labelRng = createRng(2024, "bench/labels");
const y = Float64Array.from({ length: n }, () => (labelRng.uniform() < 34 / 96 ? 1 : 0));
const { endpoints, classic } = paperCohort(matrix);
const resampleWeights = Array.from({ length: 5 }, (_, b) => {
  const r = createRng(b, "bench/resample");
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[r.int(n)]! += 1;
  return w;
});

/**
 * Four endpoints driven by a latent score on the first 10 features (the 5-year ones censor 12
 * patients), and 22 classic markers whose first column (TLG) tracks the latent score.
 */
function paperCohort(m: FeatureMatrix): { endpoints: Record<string, Float64Array>; classic: FeatureMatrix } {
  const r = createRng(7, "bench/endpoints");
  const latent = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < 10; j++) s += m.data[j * n + i]!;
    return s / Math.sqrt(10);
  });
  const make = (cut: number, censored: number) => {
    const yy = Float64Array.from(latent, (z) => (0.8 * z + 0.6 * r.normal() > cut ? 1 : 0));
    for (let i = 0; i < censored; i++) yy[(i * 7) % n] = NaN;
    return yy;
  };
  const columns = Array.from({ length: 22 }, (_, c) => latent.map((z) => (c === 0 ? z : 0) + r.normal()));
  return {
    endpoints: { os2y: make(0.4, 0), os5y: make(-0.1, 12), dss2y: make(0.6, 0), dss5y: make(0.2, 12) },
    classic: featureMatrix(columns),
  };
}

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** CPU seconds of this process, every thread (workers included), since `c0`. */
function cpuSeconds(c0: { user: number; system: number }): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function print(line: string): void {
  // deno-lint-ignore no-console
  console.log(line);
}

/**
 * What the screen, lasso and evaluate stages compute on the paper's spec, timed per phase: wall
 * seconds, and CPU seconds of all threads (on a shared machine the CPU time is what the work costs;
 * on an otherwise idle one, wall ≈ CPU / workers).
 */
async function paperProtocol(b: number, workers: number): Promise<Map<string, { wall: number; cpu: number }>> {
  const phases = new Map<string, { wall: number; cpu: number }>();
  const time = async (phase: string, f: () => unknown) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await f();
    const was = phases.get(phase) ?? { wall: 0, cpu: 0 };
    phases.set(phase, { wall: was.wall + seconds(t0), cpu: was.cpu + cpuSeconds(c0) });
  };
  const rule = { kind: "nonzero", count: 20 } as const;
  // more than one worker: the stages' default (one per core, small jobs in this thread)
  const pool = workers === 1 ? { workers: 1 } : {};
  const tlg = selectColumns(classic, [0]);
  for (const [name, yy] of Object.entries(endpoints)) {
    await time("screening", () => benjaminiHochberg(screenFeatures(matrix, yy).pValue));
    let top: ArrayLike<number> = [];
    await time("LASSO inclusion", async () => {
      const inc = await parallelInclusion(matrix, yy, {
        rng: createRng(2019, `lasso/inclusion/${name}`),
        resamples: b,
        rule,
        topK: 20,
        ...pool,
      });
      top = inc.top;
    });
    const unet = selectColumns(matrix, top);
    for (const protocol of ["bootstrap-optimistic", "bootstrap-nested", "kfold-optimistic", "kfold-nested"]) {
      const spec: EvaluationProtocol = protocol.startsWith("bootstrap")
        ? { kind: "bootstrap", resamples: b, trainFraction: 0.7 }
        : { kind: "kfold", folds: 6 };
      const nested = protocol.endsWith("nested");
      for (const [model, m] of [["unet", nested ? matrix : unet], ["tlg", tlg], ["radiomics", classic]] as const) {
        const phase = nested && model === "unet" ? `evaluation ${protocol}` : `evaluation ${spec.kind}, other models`;
        await time(phase, () =>
          parallelEvaluation(m, yy, {
            rng: createRng(2019, `evaluate/evaluation/${name}/${model}/${protocol}`),
            protocol: spec,
            ...pool,
            ...(nested && model === "unet" ? { nested: { topK: 20, rule } } : {}),
          }));
      }
    }
  }
  return phases;
}

/** Print the phases and the extrapolation to the paper's 1,000 + 1,000 resamples; returns that wall time. */
function report(phases: Map<string, { wall: number; cpu: number }>, b: number, label: string): number {
  const scale = PAPER_RESAMPLES / b;
  const sum = { wall: 0, cpu: 0, fullWall: 0, fullCpu: 0 };
  print(`  ${label}, ${b} + ${b} resamples${scale === 1 ? "" : ` (bootstrap phases ×${scale} → 1,000)`}:`);
  print(`    ${"phase".padEnd(38)} ${"wall s".padStart(8)} ${"cpu s".padStart(8)}`);
  for (const [name, t] of phases) {
    const f = /inclusion|bootstrap/.test(name) ? scale : 1;
    sum.wall += t.wall;
    sum.cpu += t.cpu;
    sum.fullWall += t.wall * f;
    sum.fullCpu += t.cpu * f;
    const at = f === 1 ? "" : `  → ${(t.wall * f).toFixed(0)} / ${(t.cpu * f).toFixed(0)} s`;
    print(`    ${name.padEnd(38)} ${t.wall.toFixed(1).padStart(8)} ${t.cpu.toFixed(1).padStart(8)}${at}`);
  }
  print(
    `    total wall ${sum.wall.toFixed(1)} s, cpu ${sum.cpu.toFixed(1)} s; paper scale: wall ${
      sum.fullWall.toFixed(0)
    } s = ` +
      `${(sum.fullWall / 60).toFixed(1)} min, cpu ${sum.fullCpu.toFixed(0)} s = ${(sum.fullCpu / 60).toFixed(1)} min ` +
      `(goal ≤ 10 min wall on 2 cores)`,
  );
  return sum.fullWall;
}

/** Wall and CPU seconds of `f`. */
function clock(f: () => unknown): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  f();
  return { wall: seconds(t0), cpu: cpuSeconds(c0) };
}

function both(t: { wall: number; cpu: number }, scale = 1, unit = "s"): string {
  return `${(t.wall * scale).toFixed(unit === "s" ? 2 : 0)} ${unit} (cpu ${
    (t.cpu * scale).toFixed(unit === "s" ? 2 : 0)
  })`;
}

if (import.meta.main) {
  const workers = Number(Deno.env.get("DEEPMARKER_BENCH_WORKERS") ?? cores);
  print(`stats bench, ${cores} cores (${navigator.userAgent}); the machine may be shared: compare ratios and cpu s`);
  const oldFit = clock(() => fullPassLassoPath(matrix, y));
  const newFit = clock(() => lassoPath(matrix, y));
  print(
    `one 100-λ path: old ${both(oldFit)}, new ${both(newFit)}: ${(oldFit.cpu / newFit.cpu).toFixed(2)}× less cpu; ` +
      `glmnet ${glmnetSeconds} s → new/glmnet ${(newFit.cpu / glmnetSeconds).toFixed(2)} (cpu)`,
  );
  const k = resampleWeights.length;
  const oldRes = clock(() =>
    resampleWeights.forEach((weights) => fullPassLassoPath(matrix, y, { weights, maxNonzero: 19 }))
  );
  const newRes = clock(() =>
    resampleWeights.forEach((weights) => lassoFit(matrix, y, { weights, rule: { kind: "nonzero", count: 20 } }))
  );
  print(
    `one bootstrap fit (nonzero 20): old ${both(oldRes, 1000 / k, "ms")}, new ${both(newRes, 1000 / k, "ms")}: ` +
      `${(oldRes.cpu / newRes.cpu).toFixed(2)}× less cpu`,
  );
  const lassoFits = 4 * (2 * PAPER_RESAMPLES + 6);
  print(
    `old path, paper scale, the LASSO fits alone: ${lassoFits} × ${(oldRes.cpu / k).toFixed(3)} cpu s ≈ ${
      (lassoFits * oldRes.cpu / k / 60).toFixed(0)
    } cpu min`,
  );
  const t0 = performance.now();
  const full = report(await paperProtocol(resamples, workers), resamples, `paper protocol on ${workers} workers`);
  print(`  measured wall time ${seconds(t0).toFixed(0)} s`);
  if (resamples === PAPER_RESAMPLES) print(`paper-scale protocol: ${(full / 60).toFixed(1)} min on ${workers} workers`);
}

Deno.bench({
  name: "old full-pass lassoPath, 100 λ",
  group: "lasso",
  baseline: true,
  n: 1,
  warmup: 0,
  fn: () => {
    const t0 = performance.now();
    fullPassLassoPath(matrix, y);
    print(
      `  old path ${seconds(t0).toFixed(2)} s per fit, ratio vs glmnet ${(seconds(t0) / glmnetSeconds).toFixed(2)}`,
    );
  },
});

Deno.bench({
  name: `lassoPath 96 × 110,592, 100 λ (glmnet: ${glmnetSeconds} s per fit)`,
  group: "lasso",
  n: 1,
  warmup: 0,
  fn: () => {
    const t0 = performance.now();
    const path = lassoPath(matrix, y);
    const s = seconds(t0);
    if (path.steps.length === 0) throw new Error("empty path");
    print(`  per fit ${s.toFixed(2)} s, ratio vs glmnet ${(s / glmnetSeconds).toFixed(2)}, steps ${path.steps.length}`);
  },
});

Deno.bench({
  name: "old full-pass path, 5 bootstrap resamples, nonzero 20",
  group: "resample",
  baseline: true,
  n: 1,
  warmup: 0,
  fn: () => {
    const t0 = performance.now();
    for (const weights of resampleWeights) fullPassLassoPath(matrix, y, { weights, maxNonzero: 19 });
    print(`  old path ${(seconds(t0) / 5 * 1000).toFixed(0)} ms per resample`);
  },
});

Deno.bench({
  name: "lassoFit, 5 bootstrap resamples, nonzero 20",
  group: "resample",
  n: 1,
  warmup: 0,
  fn: () => {
    const t0 = performance.now();
    for (const weights of resampleWeights) lassoFit(matrix, y, { weights, rule: { kind: "nonzero", count: 20 } });
    print(`  ${(seconds(t0) / 5 * 1000).toFixed(0)} ms per resample`);
  },
});

Deno.bench({
  name: `paper protocol, ${resamples} + ${resamples} resamples, 1 worker`,
  group: "protocol",
  baseline: true,
  n: 1,
  warmup: 0,
  fn: async () => {
    report(await paperProtocol(resamples, 1), resamples, "paper protocol on 1 worker");
  },
});

Deno.bench({
  name: `paper protocol, ${resamples} + ${resamples} resamples, ${cores} workers`,
  group: "protocol",
  n: 1,
  warmup: 0,
  fn: async () => {
    report(await paperProtocol(resamples, cores), resamples, `paper protocol on ${cores} workers`);
  },
});

Deno.bench({
  name: "screenFeatures (Welch) 96 × 110,592",
  group: "screening",
  n: 1,
  warmup: 0,
  fn: () => {
    const t0 = performance.now();
    screenFeatures(matrix, y);
    print(`  ${(p / seconds(t0) / 1e6).toFixed(2)} M features/s`);
  },
});
