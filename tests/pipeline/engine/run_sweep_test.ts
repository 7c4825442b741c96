import assert from "node:assert/strict";
import { join } from "node:path";
import { runSweep } from "../../../pipeline/engine/run_sweep.ts";
import { sweepStatus } from "../../../pipeline/engine/sweep_status.ts";
import { biomarkerStudy } from "../../../pipeline/study/biomarker_study.ts";
import { findSubmission, submissionStates } from "../../../pipeline/engine/submission.ts";
import { ROOT, tempWorkspace, writeSpec } from "../../_helpers/temp_workspace.ts";

const TOY = "experiment: toy\nseed: 7\npipeline: toy\ntoy: {n: 6, a: 2}\nmatrix:\n  grid:\n    toy.b: [1, 2]\n";
const cli = (...args: string[]) => [Deno.execPath(), "run", "-A", join(ROOT, "main.ts"), ...args];
const quiet = {
  study: biomarkerStudy,
  progress: false,
  report: false,
  root: ROOT,
  workerCommand: (submission: string) => cli("stage", "serve", "--run", submission),
} as const;

/** key → output hashes of every entry. */
async function outputs(ws: Awaited<ReturnType<typeof tempWorkspace>>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await ws.cache.keys()) out[key] = (await ws.cache.get(key))!.manifest.outputs;
  return out;
}

Deno.test("runSweep(): one graph for the sweep; --jobs 2 (worker processes) gives the entries of --jobs 1", async () => {
  const one = await tempWorkspace();
  const two = await tempWorkspace();
  try {
    const spec = await writeSpec(one.dir, "toy.yaml", TOY);
    const status = await sweepStatus(spec, one, { study: biomarkerStudy });
    assert.deepEqual(status.map((s) => [s.stage, s.variants.length, s.state]), [
      ["generate", 2, "stale"],
      ["transform", 2, "stale"],
      ["summarise", 1, "stale"],
      ["summarise", 1, "stale"],
    ]);
    const lines: string[] = [];
    const a = await runSweep(spec, one, { ...quiet, jobs: 1 });
    const b = await runSweep(spec, two, { ...quiet, jobs: 2, log: (l) => lines.push(l) });
    assert.deepEqual(await outputs(two), await outputs(one));
    assert.equal(Object.keys(await outputs(one)).length, 4);
    assert.ok(lines.some((l) => /^running: summarise \w+, summarise \w+$/.test(l)), lines.join("\n"));
    for (const r of [a, b]) {
      assert.deepEqual(r.runs.map((v) => v.outcomes.map((o) => o.cacheHit)), [[false, false, false], [
        true,
        true,
        false,
      ]]);
    }
    const runs = await two.tracker.listRuns();
    assert.deepEqual(runs.map((r) => r.status), ["ok", "ok"]);
    const shown = await two.tracker.getRun(b.runs[1]!.runId);
    assert.deepEqual(shown!.stages.map((s) => [s.stage, s.cacheHit]), [["generate", true], ["transform", true], [
      "summarise",
      false,
    ]]);
    const again = await runSweep(spec, two, { ...quiet, jobs: 2 });
    assert.ok(again.runs.every((v) => v.outcomes.every((o) => o.cacheHit)));
    assert.ok((await sweepStatus(spec, two, { study: biomarkerStudy })).every((s) => s.state === "cached"));
  } finally {
    await one.cleanup();
    await two.cleanup();
  }
});

Deno.test("runSweep(): a failing stage in a worker names the stage and its log; its runs are recorded failed", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    await assert.rejects(
      runSweep(spec, ws, { ...quiet, jobs: 2, set: ["toy.fail_at=transform"] }),
      (e: Error) =>
        /^stage "transform" failed: Cannot run stage "transform" .*\n {2}log: .*\/logs\/transform-[0-9a-f]{12}\.log\nnot run: summarise$/
          .test(e.message),
    );
    assert.deepEqual((await ws.tracker.listRuns()).map((r) => r.status), ["failed", "failed"]);
    const submission = (await findSubmission(ws.home, (await ws.tracker.listRuns())[0]!.id))!;
    const states = await submissionStates(submission);
    assert.deepEqual(states.map((s) => s.state), ["done", "failed", "cancelled", "cancelled"]);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runSweep(): stages that take all cores share the machine between those that may run at once", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(
      ws.dir,
      "toy.yaml",
      "experiment: toy\nseed: 7\npipeline: toy\nresources:\n  summarise: {cpus: all}\nmatrix:\n  grid:\n    toy.b: [1, 2]\n",
    );
    const lines: string[] = [];
    await runSweep(spec, ws, { ...quiet, jobs: 2, log: (l) => lines.push(l) });
    const cores = navigator.hardwareConcurrency;
    const share = Math.max(1, Math.floor(cores / 2));
    const computing = lines.filter((l) => l.startsWith("summarise: computing on"));
    assert.equal(computing.length, 2);
    assert.ok(computing.every((l) => l.startsWith(`summarise: computing on ${share} core`)), computing.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("generate: computing on 1 core")));
  } finally {
    await ws.cleanup();
  }
});
