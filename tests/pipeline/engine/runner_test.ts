import assert from "node:assert/strict";
import { join } from "node:path";
import { planStages } from "../../../pipeline/engine/graph.ts";
import { runPipeline } from "../../../pipeline/engine/runner.ts";
import { parseSpec } from "../../../pipeline/study/load_spec.ts";
import { defineStage, type StageDefinition } from "../../../pipeline/engine/stage.ts";
import { stagesFor } from "../../../pipeline/study/stages/registry.ts";
import { tempWorkspace } from "../../_helpers/temp_workspace.ts";
import { StageError } from "../../../pipeline/errors.ts";
import { StageCache } from "../../../pipeline/engine/cache.ts";
import { DuckDBInstance } from "@duckdb/node-api";

const TOY_PIPELINE = { pipeline: "toy", modalities: [] } as const;
const TOY = "experiment: toy\nseed: 7\npipeline: toy\ntoy:\n  n: 5\n  a: 2\n  b: 1\n";
const specOf = (set: string[] = []) => parseSpec(TOY, "toy.yaml", { set }).variants[0]!.spec;

/** Wrap the toy stages so the test can count how often each one's `run` is called. */
function countingStages(counts: Map<string, number>, version?: number): StageDefinition[] {
  return stagesFor(TOY_PIPELINE).map((s) =>
    defineStage({
      ...s,
      ...(s.name === "transform" && version !== undefined ? { version } : {}),
      run: (ctx) => {
        counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
        return s.run(ctx);
      },
    })
  );
}

async function runOnce(ws: Awaited<ReturnType<typeof tempWorkspace>>, stages: StageDefinition[], set: string[] = []) {
  const plan = await planStages(stages, specOf(set));
  return await runPipeline(plan, { cache: ws.cache });
}

Deno.test("runPipeline() does not call run() for a cached stage", async () => {
  const ws = await tempWorkspace();
  try {
    const counts = new Map<string, number>();
    const first = await runOnce(ws, countingStages(counts));
    assert.deepEqual(first.outcomes.map((o) => o.cacheHit), [false, false, false]);
    const second = await runOnce(ws, countingStages(counts));
    assert.deepEqual(second.outcomes.map((o) => o.cacheHit), [true, true, true]);
    assert.deepEqual(Object.fromEntries(counts), { generate: 1, transform: 1, summarise: 1 });
    const summary = JSON.parse(await Deno.readTextFile(join(second.entries.get("summarise")!.dir, "summary.json")));
    assert.equal(summary.n, 5);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runPipeline() recomputes only the stages that read a changed parameter, and their descendants", async (t) => {
  const ws = await tempWorkspace();
  try {
    await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[]);
    await t.step("b is read by summarise only", async () => {
      const r = await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[], ["toy.b=5"]);
      assert.deepEqual(r.outcomes.map((o) => [o.stage, o.cacheHit]), [["generate", true], ["transform", true], [
        "summarise",
        false,
      ]]);
    });
    await t.step("a is read by transform; summarise follows", async () => {
      const r = await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[], ["toy.a=3"]);
      assert.deepEqual(r.outcomes.map((o) => [o.stage, o.cacheHit]), [["generate", true], ["transform", false], [
        "summarise",
        false,
      ]]);
    });
    await t.step("the seed is read by generate; everything follows", async () => {
      const r = await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[], ["seed=8"]);
      assert.deepEqual(r.outcomes.map((o) => o.cacheHit), [false, false, false]);
    });
    await t.step("a description change recomputes nothing", async () => {
      const r = await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[], ["description=another"]);
      assert.deepEqual(r.outcomes.map((o) => o.cacheHit), [true, true, true]);
    });
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runPipeline() recomputes a stage whose version override was bumped; identical outputs cut off its descendants", async () => {
  const ws = await tempWorkspace();
  try {
    const counts = new Map<string, number>();
    await runOnce(ws, countingStages(counts));
    const r = await runOnce(ws, countingStages(counts, 2));
    assert.deepEqual(r.outcomes.map((o) => o.cacheHit), [true, false, true]);
    assert.deepEqual(Object.fromEntries(counts), { generate: 1, transform: 2, summarise: 1 });
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runPipeline() keeps earlier results when a stage fails, and skips and names its dependents", async () => {
  const ws = await tempWorkspace();
  try {
    const plan = await planStages(stagesFor(TOY_PIPELINE) as StageDefinition[], specOf(["toy.fail_at=transform"]));
    await assert.rejects(() => runPipeline(plan, { cache: ws.cache }), (e: unknown) => {
      assert.ok(e instanceof StageError);
      assert.equal(e.stage, "transform");
      assert.match(e.message, /^Cannot run stage "transform" \(key [0-9a-f]{12}\): injected failure/);
      return true;
    });
    const outcomes: string[] = [];
    await runPipeline(plan, {
      cache: ws.cache,
      onStage: (o) => Promise.resolve(void outcomes.push(`${o.stage}:${o.status}:${o.cacheHit}`)),
    }).catch(() => {});
    assert.deepEqual(outcomes, ["generate:ok:true", "transform:failed:false", "summarise:skipped:false"]);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(join(ws.cache.root, "tmp")))).length, 0);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runPipeline() treats a corrupt entry as a miss and recomputes it", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await runOnce(ws, stagesFor(TOY_PIPELINE) as StageDefinition[]);
    const entry = first.entries.get("transform")!;
    await Deno.writeTextFile(join(entry.dir, "manifest.json"), "{ truncated");
    const warnings: string[] = [];
    const plan = await planStages(stagesFor(TOY_PIPELINE) as StageDefinition[], specOf());
    const r = await runPipeline(plan, { cache: new StageCache(ws.cache.root, (m) => warnings.push(m)) });
    assert.deepEqual(r.outcomes.map((o) => o.cacheHit), [true, false, true]);
    assert.match(warnings[0]!, /is corrupt and will be recomputed/);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("runPipeline() gives identical outputs for the same seed in separate caches", async () => {
  const a = await tempWorkspace();
  const b = await tempWorkspace();
  try {
    const ra = await runOnce(a, stagesFor(TOY_PIPELINE) as StageDefinition[]);
    const rb = await runOnce(b, stagesFor(TOY_PIPELINE) as StageDefinition[]);
    for (const stage of ["generate", "transform", "summarise"]) {
      const oa = { ...ra.entries.get(stage)!.manifest.outputs };
      const ob = { ...rb.entries.get(stage)!.manifest.outputs };
      delete oa["tables.duckdb"]; // DuckDB files are not byte-reproducible; their content is checked below
      delete ob["tables.duckdb"];
      assert.deepEqual(oa, ob, stage);
    }
    const rows = async (dir: string) => {
      const db = await DuckDBInstance.create(join(dir, "tables.duckdb"), { access_mode: "READ_ONLY" });
      const c = await db.connect();
      const out = (await c.runAndReadAll("SELECT i, x FROM values_table ORDER BY i")).getRows();
      c.closeSync();
      db.closeSync();
      return out;
    };
    const table = await rows(ra.entries.get("generate")!.dir);
    assert.equal(table.length, 5);
    assert.deepEqual(table, await rows(rb.entries.get("generate")!.dir));
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});
