/**
 * `deno task reproduce` end to end: the demo from an empty cache (goal ≤ 10 minutes on 2 cores) and
 * again with everything cached (goal ≤ 30 s; the baseline of the group). The empty-cache run takes
 * minutes, so it runs only with `DEEPMARKER_BENCH_DEMO=1`; the README records the figures.
 */
import { join } from "node:path";
import { runExperiment } from "../pipeline/study/run_experiment.ts";
import { openWorkspace } from "../pipeline/engine/workspace.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SPEC = join(ROOT, "experiments", "demo.yaml");

if (Deno.env.get("DEEPMARKER_BENCH_DEMO") === "1") {
  const home = await Deno.makeTempDir({ prefix: "deepmarker-bench-" });
  const ws = await openWorkspace({ home: join(home, "state"), outRoot: join(home, "out") });
  const options = { progress: false, root: ROOT } as const;
  Deno.bench({
    name: "demo, empty cache",
    group: "reproduce",
    n: 1,
    warmup: 0,
    async fn() {
      await runExperiment(SPEC, ws, options);
    },
  });
  Deno.bench({
    name: "demo, everything cached (baseline)",
    group: "reproduce",
    baseline: true,
    n: 3,
    warmup: 0,
    async fn() {
      await runExperiment(SPEC, ws, options);
    },
  });
}
