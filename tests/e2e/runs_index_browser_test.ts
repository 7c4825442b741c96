/**
 * The runs index in Chromium, built from a real tracking database of three toy runs: no console
 * error and no request outside the folder; sorting, the text and status filters, the metric column
 * chooser and the sparklines work; ticking two runs opens the comparison, which names the parameter
 * that differs and the stages recomputed. Then `runs rm` of one run and `gc` free the entries only
 * that run used and keep every entry another run uses; the index loses the run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { collectGarbage } from "../../pipeline/engine/collect_garbage.ts";
import { runSummaries } from "../../pipeline/engine/run_summaries.ts";
import { removeRuns } from "../../pipeline/study/remove_runs.ts";
import { runExperiment } from "../../pipeline/study/run_experiment.ts";
import { writeRunsIndex } from "../../pipeline/study/runs_index.ts";
import { runsIndexHtml } from "../../reports/runs_index.ts";
import { tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";

const CHROMIUM = "/usr/bin/chromium";
let hasChromium = false;
try {
  hasChromium = Deno.statSync(CHROMIUM).isFile;
} catch {
  // deno-lint-ignore no-console
  console.warn(`runs_index_browser_test: ignored because ${CHROMIUM} is absent (apt-get install chromium)`);
}

const TOY = "experiment: toy\nseed: 7\npipeline: toy\ntoy:\n  n: 5\n  a: 2\n  b: 1\n";

Deno.test({
  name: "runsIndexHtml() works in chromium; runs rm then gc frees only what the removed run used",
  ignore: !hasChromium,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const ws = await tempWorkspace();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox"] });
    try {
      const spec = await writeSpec(ws.dir, "toy.yaml", TOY);
      const quiet = { progress: false, report: false } as const;
      const [base] = await runExperiment(spec, ws, quiet);
      const [changedA] = await runExperiment(spec, ws, { ...quiet, set: ["toy.a=3"] });
      const [changedB] = await runExperiment(spec, ws, { ...quiet, set: ["toy.b=5"] });

      const dir = join(ws.dir, "index");
      await Deno.mkdir(dir);
      const runs = await runSummaries(ws.tracker);
      await Deno.writeTextFile(join(dir, "index.html"), runsIndexHtml(runs, { defaultMetrics: ["total"] }));
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const outside: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => {
        if (!r.url().startsWith(`file://${dir}/`) && !r.url().startsWith("data:")) outside.push(r.url());
      });
      await page.goto(`file://${join(dir, "index.html")}`, { waitUntil: "load" });
      const rows = page.locator("#runs-table tbody tr");
      assert.equal(await rows.count(), 3);

      // Sorting by the metric: totals differ between the three runs, ascending then descending.
      const totals = async () =>
        (await page.locator("#runs-table tbody tr td:last-child").allTextContents()).map(Number);
      await page.locator('#runs-table th[data-key="total"] button').click();
      const up = await totals();
      assert.deepEqual(up, [...up].sort((a, b) => a - b));
      await page.locator('#runs-table th[data-key="total"] button').click();
      const down = await totals();
      assert.deepEqual(down, [...up].reverse());
      assert.ok(new Set(up).size > 1, "the runs' totals differ, so the order is checked");

      // Filters and the column chooser.
      await page.locator("#filter").fill(changedA!.runId);
      assert.equal(await rows.count(), 1);
      assert.equal(await rows.first().getAttribute("data-run"), changedA!.runId);
      await page.locator("#filter").fill("");
      await page.locator("#status-filter").selectOption("ok");
      assert.equal(await rows.count(), 3);
      await page.locator("#metric-chooser summary").click();
      await page.locator('#metric-chooser input[value="total"]').uncheck();
      assert.equal(await page.locator('#runs-table th[data-key="total"]').count(), 0);
      await page.locator('#metric-chooser input[value="total"]').check();
      assert.equal(await page.locator("#experiments-table svg.spark polyline").count(), 1);

      // Compare two runs.
      assert.equal(await page.locator("#compare-button").isDisabled(), true);
      await page.locator(`tr[data-run="${base!.runId}"] input[type=checkbox]`).check();
      await page.locator(`tr[data-run="${changedA!.runId}"] input[type=checkbox]`).check();
      await page.locator("#compare-button").click();
      assert.equal(await page.locator("#compare").isVisible(), true);
      const params = await page.locator("#compare-params tbody tr td:first-child").allTextContents();
      assert.deepEqual(params, ["toy.a"]);
      assert.match(
        await page.locator("#compare-body").textContent() ?? "",
        /recomputed between the runs\): transform, summarise/,
      );
      assert.match(await page.locator("#compare-body").textContent() ?? "", /runs compare .* --html FILE/);

      // The `runs compare --html` page: the two runs preselected, their ROC curves on shared axes.
      const roc = (shift: number) =>
        [0, 0.5, 1].map((fpr) => ({
          endpoint: "os2y",
          model: "unet",
          protocol: "bootstrap-nested",
          fpr,
          tpr: Math.min(1, fpr + shift),
        }));
      await Deno.writeTextFile(
        join(dir, "compare.html"),
        runsIndexHtml(runs, {
          compare: [base!.runId, changedB!.runId],
          roc: { [base!.runId]: roc(0.2), [changedB!.runId]: roc(0.4) },
        }),
      );
      await page.goto(`file://${join(dir, "compare.html")}`, { waitUntil: "load" });
      assert.equal(await page.locator("#compare").isVisible(), true);
      assert.deepEqual(await page.locator("#compare-params tbody tr td:first-child").allTextContents(), ["toy.b"]);
      assert.equal(await page.locator("#compare-roc svg polyline").count(), 2);
      assert.deepEqual(errors, []);
      assert.deepEqual(outside, []);

      // runs rm + gc: the entries only the removed run used are freed; shared ones stay.
      const keysOf = (r: typeof base) => new Map(r!.outcomes.map((o) => [o.stage, o.key]));
      const [kBase, kA, kB] = [keysOf(base), keysOf(changedA), keysOf(changedB)];
      assert.deepEqual(await removeRuns(ws, { ids: [changedA!.runId] }), [changedA!.runId]);
      const dry = await collectGarbage(ws, { dryRun: true });
      assert.deepEqual(
        dry.entries.map((k) => dry.entrySizes[k]!.stage).sort(),
        ["summarise", "transform"],
      );
      assert.ok(dry.entries.every((k) => dry.entrySizes[k]!.bytes > 0));
      const done = await collectGarbage(ws);
      assert.deepEqual([...done.entries].sort(), [kA.get("transform")!, kA.get("summarise")!].sort());
      for (const k of [...kBase.values(), ...kB.values()]) assert.ok(await ws.cache.get(k), `kept ${k}`);
      const index = await Deno.readTextFile(await writeRunsIndex(ws));
      assert.doesNotMatch(index, new RegExp(changedA!.runId));
      assert.match(index, new RegExp(base!.runId));
    } finally {
      await browser.close();
      await ws.cleanup();
    }
  },
});
