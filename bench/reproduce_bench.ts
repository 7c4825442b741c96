/**
 * `deno task reproduce` end to end: the demo from an empty cache (goal ≤ 10 minutes on 2 cores) and
 * again with everything cached (goal ≤ 30 s; the baseline of the group). The empty-cache run takes
 * minutes, so it runs only with `DEEPMARKER_BENCH_DEMO=1`; the README records the figures.
 *
 * The reliability costs on the same cache: every cache hit is verified (sizes, and content hashes
 * memoised by stat), so the warm run is also measured with the hash memo dropped (every output
 * re-hashed) and `verify --all` (every byte re-read); durable commits cost one fsync per file and
 * folder of each entry, measured over all of the demo's entries.
 */
import { join } from "node:path";
import { syncPath } from "../pipeline/durable_write.ts";
import { listFiles } from "../pipeline/engine/cache.ts";
import { runExperiment } from "../pipeline/study/run_experiment.ts";
import { verifyCache } from "../pipeline/engine/verify_cache.ts";
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
  Deno.bench({
    name: "demo, everything cached, hash memo dropped (every output re-hashed)",
    group: "reproduce",
    n: 2,
    warmup: 0,
    async fn(b) {
      await Deno.remove(join(ws.cache.root, "hashes.json")).catch(() => {});
      const cold = await openWorkspace({ home: join(home, "state"), outRoot: join(home, "out") });
      b.start();
      await runExperiment(SPEC, cold, options);
      b.end();
    },
  });
  Deno.bench({
    name: "demo, verify --all (every byte of every entry re-read)",
    group: "reproduce",
    n: 2,
    warmup: 0,
    async fn() {
      await verifyCache(ws, { all: true });
    },
  });
  Deno.bench({
    name: "demo, fsync of every file and folder of every entry (the durable-commit cost)",
    group: "reproduce",
    n: 2,
    warmup: 0,
    async fn(b) {
      // fresh copies of every entry (dirty pages, as right after a stage wrote them), then time the fsyncs
      const scratch = await Deno.makeTempDir({ dir: home, prefix: "fsync-" });
      const copies: string[] = [];
      for (const key of await ws.cache.keys()) {
        for (const file of await listFiles(ws.cache.entryDir(key))) {
          const copy = join(scratch, `${copies.length}`);
          await Deno.copyFile(file, copy);
          copies.push(copy);
        }
      }
      b.start();
      for (const copy of copies) await syncPath(copy);
      await syncPath(scratch);
      b.end();
      await Deno.remove(scratch, { recursive: true });
    },
  });
}
