/**
 * The Slurm executor on a real (one-node) Slurm cluster: the toy sweep and a tiny two-variant demo
 * give the same entries as the local executor; a second submission submits nothing; a job
 * cancelled mid-way fails the run naming its stage and log, and the next run finishes the work.
 * Needs `sbatch`, `squeue`, `scontrol` and `scancel` talking to a controller (CI starts one with
 * `tools/slurm_local.sh start`); skipped, saying why, when none answers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runSweep } from "../../pipeline/engine/run_sweep.ts";
import { biomarkerStudy } from "../../pipeline/study/biomarker_study.ts";
import { jobStates, slurmUnavailable } from "../../pipeline/engine/slurm_commands.ts";
import type { StageCache } from "../../pipeline/engine/cache.ts";
import { sha256Hex } from "../../pipeline/engine/sha256.ts";
import { canonicalJson } from "../../pipeline/engine/canonical_json.ts";
import { ROOT, tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";
import { DuckDBInstance } from "@duckdb/node-api";

const why = await slurmUnavailable();
const skip = why === null ? "" : ` (skipped: ${why}; start a cluster with tools/slurm_local.sh start)`;

const TOY = `experiment: toy
seed: 7
pipeline: toy
toy: {n: 6, a: 2, b: 1}
matrix:
  grid:
    toy.b: [1, 2]
`;
const TINY = `experiment: tiny
seed: 3
cohort:
  synthetic: {patients: 10, seed: 5, effect: strong, geometry: demo}
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}
modalities: [ct]
visualise: {enabled: false}
stats:
  lasso: {bootstrap: 8, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 8, protocols: [bootstrap-optimistic]}
resources:
  train: {cpus: 1, mem_gb: 1}
matrix:
  grid:
    stats.lasso.top_k: [3, 2]
`;

/** Run the CLI with a workspace home; the jobs use this very Deno. */
async function cli(home: string, args: string[]): Promise<{ code: number; out: string }> {
  const r = await cliProcess(home, args).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

function cliProcess(home: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), ...args],
    cwd: ROOT,
    env: { DEEPMARKER_HOME: home, DEEPMARKER_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/**
 * Every entry's stage and output hashes, by key. JSON outputs are compared without their
 * `durationMs` fields (training records its epochs' wall times, which differ between any two runs) and
 * DuckDB files by their rows (their bytes are not reproducible between two processes).
 */
async function entries(cache: StageCache): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await cache.keys()) {
    const e = (await cache.get(key))!;
    const files: Record<string, string> = {};
    for (const [rel, hash] of Object.entries(e.manifest.outputs)) {
      const path = join(e.dir, rel);
      files[rel] = rel.endsWith(".json")
        ? await sha256Hex(canonicalJson(withoutTimes(JSON.parse(await Deno.readTextFile(path)))))
        : rel.endsWith(".duckdb")
        ? await sha256Hex(await duckdbRows(path))
        : hash;
    }
    out.set(key, `${e.stage} ${canonicalJson(files)}`);
  }
  return out;
}

/** A DuckDB file's tables and rows (its bytes differ between two processes writing the same rows). */
async function duckdbRows(path: string): Promise<string> {
  const db = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const c = await db.connect();
  try {
    const tables = (await (await c.run("select table_name from information_schema.tables order by 1")).getRows())
      .map((r) => String(r[0]));
    const out: string[] = [];
    for (const t of tables) {
      const rows = await (await c.run(`select * from "${t}" order by all`)).getRows();
      out.push(`${t}\n${rows.map((r) => r.map(String).join("\t")).join("\n")}`);
    }
    return out.join("\n\n");
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).filter(([k]) => k !== "durationMs").map(([k, x]) => [k, withoutTimes(x)]),
    );
  }
  return v;
}

for (const [name, text] of [["toy sweep", TOY], ["tiny demo, two variants", TINY]] as const) {
  Deno.test({
    name: `Slurm executor (${name}): same entries as the local executor; a second submission submits nothing${skip}`,
    ignore: why !== null,
    async fn() {
      const local = await tempWorkspace();
      const slurm = await tempWorkspace();
      try {
        const spec = await writeSpec(local.dir, "spec.yaml", text);
        await runSweep(spec, local, { study: biomarkerStudy, jobs: 1, progress: false, report: false, root: ROOT });
        const first = await cli(slurm.home, ["run", spec, "--executor", "slurm"]);
        assert.equal(first.code, 0, first.out);
        // compared as a set: training.json records epoch wall times, so keys downstream of training
        // (which hash what they read) differ between any two runs while every output matches
        const expected = [...(await entries(local.cache)).values()].sort();
        assert.deepEqual([...(await entries(slurm.cache)).values()].sort(), expected);
        const again = await cli(slurm.home, ["run", spec, "--executor", "slurm"]);
        assert.equal(again.code, 0, again.out);
        assert.match(again.out, /submitted 0 job\(s\)/);
        const runs = await slurm.tracker.listRuns();
        assert.equal(runs.length, 4);
        assert.ok(runs.every((r) => r.status === "ok"), JSON.stringify(runs.map((r) => r.status)));
      } finally {
        await local.cleanup();
        await slurm.cleanup();
      }
    },
  });
}

Deno.test({
  name: `Slurm executor: a job cancelled mid-way fails the run naming its stage and log; the next run finishes${skip}`,
  ignore: why !== null,
  async fn() {
    const ws = await tempWorkspace();
    try {
      const spec = await writeSpec(
        ws.dir,
        "toy.yaml",
        "experiment: toy\nseed: 7\npipeline: toy\ntoy: {n: 3, sleep_ms: 2000}\n",
      );
      const child = cliProcess(ws.home, ["run", spec, "--executor", "slurm"]);
      const output = child.output();
      const transform = await runningJob(ws.home, "transform");
      await new Deno.Command("scancel", { args: [transform] }).output();
      const failed = await output;
      const text = new TextDecoder().decode(failed.stderr);
      assert.equal(failed.code, 1, text);
      assert.match(text, /error: stage "transform" failed: job \d+ ended CANCELLED/);
      assert.match(text, /log: .*\/runs\/[^/]+\/logs\/transform-[0-9a-f]{12}\.log/);
      const rerun = await cli(ws.home, ["run", spec, "--executor", "slurm"]);
      assert.equal(rerun.code, 0, rerun.out);
      assert.match(rerun.out, /submitted 2 job\(s\); 1 stage\(s\) cached/);
      assert.equal((await ws.cache.keys()).length, 3);
    } finally {
      await ws.cleanup();
    }
  },
});

/** The job id of a stage once Slurm runs it. */
async function runningJob(home: string, stage: string): Promise<string> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    let jobs: Record<string, string> = {};
    try {
      for await (const d of Deno.readDir(join(home, "runs"))) {
        const ids = JSON.parse(await Deno.readTextFile(join(home, "runs", d.name, "jobs.json")));
        const plan = JSON.parse(await Deno.readTextFile(join(home, "runs", d.name, "plan.json")));
        const node = plan.nodes.find((n: { stage: string }) => n.stage === stage);
        if (node && ids[node.id]) jobs = { [stage]: ids[node.id] };
      }
    } catch {
      continue; // the submission is still being written
    }
    const id = jobs[stage];
    if (id && (await jobStates([id])).get(id)?.state === "RUNNING") return id;
  }
}
