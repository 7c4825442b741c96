/**
 * The paper's geometry through every stage once (`experiments/paper_smoke.yaml`: 110,592 features per
 * patient on 12 synthetic patients, one epoch, few resamples), goal ≤ 15 minutes on 2 cores, then the
 * report's size and its load time in Chromium (goal ≤ 5 s). It takes minutes, so it runs only with
 * `DEEPMARKER_BENCH_PAPER_SMOKE=1`; the README records the figures. Baseline: the same run again with
 * everything cached (report rendering only).
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import { runExperiment } from "../pipeline/study/run_experiment.ts";
import { openWorkspace } from "../pipeline/engine/workspace.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SPEC = join(ROOT, "experiments", "paper_smoke.yaml");

if (Deno.env.get("DEEPMARKER_BENCH_PAPER_SMOKE") === "1") {
  const home = await Deno.makeTempDir({ prefix: "deepmarker-bench-" });
  const ws = await openWorkspace({ home: join(home, "state"), outRoot: join(home, "out") });
  const options = { progress: false, root: ROOT } as const;
  let report = "";
  Deno.bench({
    name: "paper_smoke, empty cache (ingest → report at 110,592 features)",
    group: "paper_smoke",
    n: 1,
    warmup: 0,
    async fn() {
      report = (await runExperiment(SPEC, ws, options))[0]!.report!;
    },
  });
  Deno.bench({
    name: "paper_smoke report opened in Chromium (load event)",
    group: "paper_smoke",
    n: 3,
    warmup: 0,
    async fn(b) {
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox"],
      });
      const page = await browser.newPage();
      b.start();
      await page.goto(`file://${report}`, { waitUntil: "load" });
      b.end();
      await browser.close();
    },
  });
  Deno.bench({
    name: "paper_smoke, everything cached (baseline)",
    group: "paper_smoke",
    baseline: true,
    n: 1,
    warmup: 0,
    async fn() {
      await runExperiment(SPEC, ws, options);
    },
  });
}
