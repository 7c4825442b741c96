import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../../pipeline/study/run_experiment.ts";
import { experimentStatus } from "../../../pipeline/study/run_experiment.ts";
import { compareRuns } from "../../../pipeline/engine/compare_runs.ts";
import { collectGarbage } from "../../../pipeline/engine/collect_garbage.ts";
import { listFiles } from "../../../pipeline/engine/cache.ts";
import { ROOT, spawnCli, tempWorkspace, writeSpec } from "../../_helpers/temp_workspace.ts";

const TOY = "experiment: toy\nseed: 7\npipeline: toy\ntoy:\n  n: 6\n  a: 2\n  b: 1\n";
const quiet = { progress: false, root: ROOT } as const;

Deno.test("runExperiment() tracks runs in DuckDB and a second run reports every stage cached", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    const [first] = await runExperiment(spec, ws, quiet);
    const [second] = await runExperiment(spec, ws, quiet);
    assert.deepEqual(second!.outcomes.map((o) => o.cacheHit), [true, true, true]);
    const shown = await ws.tracker.getRun(second!.runId);
    assert.equal(shown!.run.status, "ok");
    assert.equal(shown!.run.experiment, "toy");
    assert.equal(shown!.run.specText, TOY);
    assert.deepEqual(shown!.stages.map((s) => [s.stage, s.cacheHit]), [["generate", true], ["transform", true], [
      "summarise",
      true,
    ]]);
    const total = shown!.metrics.find((m) => m.name === "total")!;
    assert.equal(total.value, first!.outcomes[2]!.metrics[0]!.value);
    assert.equal((await ws.tracker.listRuns()).length, 2);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runExperiment() computes identical matrix variants once", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(
      ws.dir,
      "m.yaml",
      TOY + "matrix:\n  variants:\n    x: {toy: {b: 1}}\n    y: {toy: {b: 1}}\n    z: {toy: {b: 2}}\n",
    );
    const runs = await runExperiment(spec, ws, quiet);
    assert.deepEqual(runs.map((r) => r.variant.name), ["x", "y", "z"]);
    assert.deepEqual(runs.map((r) => r.outcomes.map((o) => o.cacheHit)), [
      [false, false, false],
      [true, true, true],
      [true, true, false],
    ]);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("experimentStatus() explains why each stage is stale", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    const before = await experimentStatus(spec, ws);
    assert.deepEqual(before[0]!.stages.map((s) => s.reason), [
      "never computed for this variant",
      "never computed for this variant; runs after generate",
      "never computed for this variant; runs after transform",
    ]);
    await runExperiment(spec, ws, quiet);
    const after = await experimentStatus(spec, ws, { set: ["toy.a=3"] });
    assert.deepEqual(after[0]!.stages.map((s) => [s.stage, s.state, s.reason]), [
      ["generate", "cached", ""],
      ["transform", "stale", 'parameter "a" changed (2 → 3)'],
      ["summarise", "waits", 'waits for "transform" (stays cached if its outputs are unchanged)'],
    ]);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("compareRuns() lists changed params, metrics and recomputed stages; collectGarbage() keeps used entries", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    const [a] = await runExperiment(spec, ws, quiet);
    const [b] = await runExperiment(spec, ws, { ...quiet, set: ["toy.b=4"] });
    const c = await compareRuns(ws.tracker, [a!.runId, b!.runId]);
    assert.deepEqual(c.params.map((p) => [p.path, p.before, p.after]), [["toy.b", 1, 4]]);
    assert.deepEqual(c.metrics.map((m) => [m.name, m.b! - m.a!]), [["summarise.total", 3]]);
    assert.deepEqual(c.stages, ["summarise"]);
    const orphan = join(ws.cache.root, "ff", "f".repeat(64));
    await Deno.mkdir(orphan, { recursive: true });
    const g = await collectGarbage(ws);
    assert.deepEqual(g.entries, ["f".repeat(64)]);
    assert.equal((await ws.cache.keys()).length, 4);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("collectGarbage() removes work folders of finished stages, keeps checkpoints unless asked, never a locked one", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    await runExperiment(spec, ws, quiet);
    const [finished] = await ws.cache.keys();
    const work = (key: string) => join(ws.cache.root, "work", key);
    const checkpoint = "c".repeat(64);
    const running = "d".repeat(64);
    for (const key of [finished!, checkpoint, running]) {
      await Deno.writeTextFile(join(await mkdir(work(key)), "epoch"), "7");
    }
    const held = await ws.cache.lock(running);
    try {
      const first = await collectGarbage(ws);
      assert.deepEqual(first.work, [work(finished!)]);
      assert.deepEqual(first.checkpoints.map((c) => [c.key, c.bytes]), [[checkpoint, 1], [running, 1]]);
      const dry = await collectGarbage(ws, { checkpoints: true, dryRun: true });
      assert.deepEqual(dry.work, [work(checkpoint)]);
      assert.ok((await Deno.stat(work(checkpoint))).isDirectory, "a dry run deletes nothing");
      const second = await collectGarbage(ws, { checkpoints: true });
      assert.deepEqual(second.work, [work(checkpoint)]);
      assert.deepEqual(second.checkpoints.map((c) => c.key), [running], "a running stage's folder is never removed");
    } finally {
      held.release();
    }
    assert.equal((await ws.cache.keys()).length, 3, "gc keeps every entry a run references");
  } finally {
    await ws.cleanup();
  }
});

async function mkdir(dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

async function waitFor(stream: ReadableStream<Uint8Array>, pattern: RegExp): Promise<string> {
  let text = "";
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
    text += value;
  }
  reader.releaseLock();
  return text;
}

Deno.test("run resumes after SIGKILL mid-stage with results identical to a clean run", async () => {
  const ws = await tempWorkspace();
  const clean = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "slow.yaml", TOY + "  sleep_ms: 150\n");
    const child = spawnCli(join(ws.dir, "home"), ["run", spec]);
    const stdoutDone = child.stdout.cancel();
    await waitFor(child.stderr, /transform values [1-9]/);
    child.kill("SIGKILL");
    await child.status;
    await stdoutDone;
    for (const key of await ws.cache.keys()) {
      const files = (await listFiles(ws.cache.entryDir(key))).map((f) => f.split("/").pop());
      assert.ok(files.includes("manifest.json"), `entry ${key} has no manifest`);
    }
    assert.equal((await ws.cache.keys()).length, 1, "only generate finished before the kill");
    const [resumed] = await runExperiment(spec, ws, quiet);
    assert.deepEqual(resumed!.outcomes.map((o) => o.cacheHit), [true, false, false]);
    const [reference] = await runExperiment(spec, clean, quiet);
    for (const stage of ["transform", "summarise"]) {
      assert.deepEqual(resumed!.entries.get(stage)!.manifest.outputs, reference!.entries.get(stage)!.manifest.outputs);
    }
    assert.equal((await collectGarbage(ws)).temp.length, 1, "the killed run's temp folder is collected");
  } finally {
    await ws.cleanup();
    await clean.cleanup();
  }
});

Deno.test("two concurrent runs sharing a stage compute it once", async () => {
  const ws = await tempWorkspace();
  try {
    const slow = TOY.replace("n: 6", "n: 8") + "  sleep_ms: 60\n";
    const a = await writeSpec(ws.dir, "a.yaml", slow);
    const b = await writeSpec(ws.dir, "b.yaml", slow.replace("b: 1", "b: 9"));
    const home = join(ws.dir, "home");
    const results = await Promise.all([spawnCli(home, ["run", a]).output(), spawnCli(home, ["run", b]).output()]);
    for (const r of results) assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    const runs = await ws.tracker.listRuns();
    assert.equal(runs.length, 2);
    const computed: string[] = [];
    for (const run of runs) {
      for (const s of (await ws.tracker.getRun(run.id))!.stages) if (!s.cacheHit) computed.push(s.stage);
    }
    assert.deepEqual(computed.sort(), ["generate", "summarise", "summarise", "transform"]);
  } finally {
    await ws.cleanup();
  }
});
