/**
 * End to end with the CNN comparator on a tiny synthetic cohort: the CNN is trained inside each k-fold
 * training split and scored on exactly the test patients of the U-Net-feature, TLG and radiomics
 * models; the comparisons, the headline row and the fold box plots come out, and the report page has
 * no console error in Chromium (skipped, with why, when /usr/bin/chromium is absent).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { parseCsvRecords } from "../../pipeline/csv.ts";
import { runExperiment } from "../../pipeline/study/run_experiment.ts";
import { headlineTable } from "../../pipeline/study/headline_table.ts";
import { ROOT, tempWorkspace, writeSpec } from "../_helpers/temp_workspace.ts";

const SPEC = `experiment: tiny-cnn
seed: 3
cohort:
  synthetic: {patients: 18, seed: 5, effect: strong, geometry: demo}
endpoints: [{name: os2y, event: os, horizon_months: 24}]
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2}
visualise: {enabled: false}
stats:
  lasso: {bootstrap: 8, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 8, folds: 3, protocols: [bootstrap-optimistic, kfold-nested]}
cnn: {enabled: true, epochs: 2, width: 2, blocks: 2}
`;
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

async function rows(dir: string, file: string): Promise<Record<string, string>[]> {
  const [header = [], ...body] = parseCsvRecords(await Deno.readTextFile(join(dir, file)));
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ""])));
}

/** `model → split → sorted test patients` of a predictions file. */
function testSets(predictions: readonly Record<string, string>[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const r of predictions) {
    const bySplit = out.get(r.model!) ?? new Map<string, string[]>();
    bySplit.set(r.split!, [...(bySplit.get(r.split!) ?? []), r.patient!]);
    out.set(r.model!, bySplit);
  }
  return new Map([...out].map(([m, s]) => [m, new Map([...s].map(([k, v]) => [k, v.sort().join(" ")]))]));
}

Deno.test({
  name: "the CNN comparator is scored on exactly the other models' test folds; comparisons, headline and box plots",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const ws = await tempWorkspace();
    try {
      const spec = await writeSpec(ws.dir, "tiny_cnn.yaml", SPEC);
      const [run] = await runExperiment(spec, ws, { progress: false, root: ROOT });
      const names = run!.outcomes.map((o) => o.stage);
      assert.ok(names.includes("cnn") && names.indexOf("compare") > names.indexOf("cnn"), names.join());

      const evaluated = testSets(await rows(run!.entries.get("evaluate")!.dir, "predictions.csv"));
      const cnn = testSets(await rows(run!.entries.get("cnn")!.dir, "predictions.csv"));
      assert.deepEqual([...evaluated.keys()].sort(), ["radiomics", "tlg", "unet"]);
      assert.equal(cnn.get("cnn")!.size, 3);
      for (const model of evaluated.keys()) assert.deepEqual(cnn.get("cnn"), evaluated.get(model), model);
      const all = [...cnn.get("cnn")!.values()].join(" ").split(" ");
      assert.equal(new Set(all).size, all.length, "each patient is tested once");

      const comparisons = await rows(run!.entries.get("compare")!.dir, "comparisons.csv");
      const pooled = comparisons.find((r) => r.comparator === "cnn" && r.split === "pooled")!;
      assert.ok(Number(pooled.p) >= 0 && Number(pooled.p) <= 1);
      assert.equal(comparisons.filter((r) => r.comparator === "cnn").length, 4); // 3 folds + pooled
      assert.ok(comparisons.some((r) => r.protocol === "bootstrap-optimistic" && r.split === "resamples"));

      const table = headlineTable(run!.outcomes.flatMap((o) => o.metrics));
      assert.match(table[0]!, /AUC cnn$/);
      assert.match(table.find((l) => l.includes("kfold-nested"))!, /\d\.\d\d \[\d\.\d\d, \d\.\d\d\]$/);
      assert.match(table.find((l) => l.includes("bootstrap-optimistic"))!, /—$/);

      const html = await Deno.readTextFile(run!.report!);
      assert.match(html, /id="fig-cv-box-kfold-nested"/);
      assert.match(html, /id="table-compare-kfold-nested"/);
      if (!hasChromium) {
        // deno-lint-ignore no-console
        console.warn(`cnn_comparator_test: the browser check is skipped because ${CHROMIUM} is absent`);
        return;
      }
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox"] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`file://${run!.report}`, { waitUntil: "load" });
        assert.ok(await page.locator("#fig-cv-box-kfold-nested svg").count() > 0);
        assert.ok(await page.locator("#fig-cv-box-kfold-nested circle").count() >= 3 * 4 * 4 - 8);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    } finally {
      await ws.cleanup();
    }
  },
});
