/**
 * Sweeps beyond one process. (1) The seeds ablation (`experiments/ablations/seeds.yaml`, three
 * training seeds) at tiny scale from an empty cache with `--jobs 1` (baseline: every stage in one
 * process) and `--jobs 2` (worker processes side by side; goal ≥ 1.7× on 2 cores). (2) The Slurm
 * executor's overhead: the three-stage toy pipeline from an empty cache on the local one-node
 * cluster (`tools/slurm_local.sh start`) against the same run in one process (baseline); the
 * difference divided by three is the overhead per stage (submit → start → commit → noticed).
 * (`fn` is an `async function`: `deno bench` awaits only those.) Each run takes minutes, so they run only with `DEEPMARKER_BENCH_SWEEP=1`; the README records
 * the figures.
 */
import { join } from "node:path";
import { runSweep, type RunSweepOptions } from "../pipeline/engine/run_sweep.ts";
import { biomarkerStudy } from "../pipeline/study/biomarker_study.ts";
import type { Spec } from "../pipeline/study/spec_schema.ts";
import { slurmUnavailable } from "../pipeline/engine/slurm_commands.ts";
import { openWorkspace } from "../pipeline/engine/workspace.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SEEDS = join(ROOT, "experiments", "ablations", "seeds.yaml");
const TINY = [
  "cohort.synthetic.patients=24",
  "train.epochs=3",
  "train.depth=2",
  "train.base_channels=4",
  "train.bottleneck_channels=8",
  "stats.lasso.bootstrap=20",
  "stats.evaluation.resamples=20",
  "visualise.enabled=false",
];
const cli = (...args: string[]) => [Deno.execPath(), "run", "-A", join(ROOT, "main.ts"), ...args];

async function fresh(spec: string, options: Omit<RunSweepOptions<Spec>, "study">): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "deepmarker-bench-" });
  try {
    const ws = await openWorkspace({ home: join(home, "state"), outRoot: join(home, "out") });
    await runSweep(spec, ws, {
      study: biomarkerStudy,
      progress: false,
      report: false,
      root: ROOT,
      workerCommand: (submission) => cli("stage", "serve", "--run", submission),
      stageCommand: (submission, node) => cli("stage", "run", node, "--run", submission),
      ...options,
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

if (Deno.env.get("DEEPMARKER_BENCH_SWEEP") === "1") {
  for (const jobs of [1, 2]) {
    Deno.bench({
      name: `sweep: seeds ablation, tiny, --jobs ${jobs}${jobs === 1 ? " (baseline)" : ""}`,
      group: "sweep",
      baseline: jobs === 1,
      n: 1,
      warmup: 0,
      async fn() {
        await fresh(SEEDS, { set: TINY, jobs });
      },
    });
  }
  const why = await slurmUnavailable();
  const toy = join(await Deno.makeTempDir({ prefix: "deepmarker-bench-" }), "toy.yaml");
  await Deno.writeTextFile(toy, "experiment: toy\nseed: 7\npipeline: toy\ntoy: {n: 5}\n");
  Deno.bench({
    name: "sweep: toy, 3 stages, in one process (baseline)",
    group: "slurm",
    baseline: true,
    n: 3,
    warmup: 0,
    async fn() {
      await fresh(toy, { jobs: 1 });
    },
  });
  Deno.bench({
    name: `sweep: toy, 3 stages, Slurm executor${why ? ` (skipped: ${why})` : ""}`,
    group: "slurm",
    ignore: why !== null,
    n: 3,
    warmup: 0,
    async fn() {
      await fresh(toy, { executor: "slurm", pollSeconds: 0.2 });
    },
  });
}
