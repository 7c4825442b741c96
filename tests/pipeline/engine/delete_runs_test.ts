import assert from "node:assert/strict";
import { deleteRuns } from "../../../pipeline/engine/delete_runs.ts";
import { runSummaries } from "../../../pipeline/engine/run_summaries.ts";
import { runExperiment } from "../../../pipeline/study/run_experiment.ts";
import { tempWorkspace, writeSpec } from "../../_helpers/temp_workspace.ts";

const TOY = "experiment: toy\nseed: 7\npipeline: toy\n";

Deno.test("deleteRuns() removes by id, by experiment and age, and refuses unknown or empty selections", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
    const quiet = { progress: false, report: false } as const;
    const [a] = await runExperiment(spec, ws, quiet);
    const [b] = await runExperiment(spec, ws, { ...quiet, set: ["toy.a=5"] });
    const [c] = await runExperiment(spec, ws, { ...quiet, set: ["toy.b=5"] });
    const summaries = await runSummaries(ws.tracker);
    assert.equal(summaries.length, 3);
    assert.deepEqual(summaries.find((s) => s.id === b!.runId)!.params["toy.a"], 5);
    assert.equal(summaries[0]!.cacheHits + summaries[0]!.computed, 3);

    await assert.rejects(() => deleteRuns(ws.tracker, {}), /name run ids/);
    await assert.rejects(() => deleteRuns(ws.tracker, { ids: ["nope"] }), /no run matches/);
    assert.deepEqual(await deleteRuns(ws.tracker, { ids: [a!.runId] }), [{ id: a!.runId, experiment: "toy" }]);
    assert.deepEqual(await deleteRuns(ws.tracker, { experiment: "toy", olderThanDays: 1 }), [], "all are new");
    const later = new Date(Date.now() + 3 * 86_400_000);
    const removed = await deleteRuns(ws.tracker, { experiment: "toy", olderThanDays: 2, now: later });
    assert.deepEqual(removed.map((r) => r.id).sort(), [b!.runId, c!.runId].sort());
    assert.deepEqual(await runSummaries(ws.tracker), []);
    assert.equal((await ws.tracker.referencedKeys()).size, 0);
  } finally {
    await ws.cleanup();
  }
});
