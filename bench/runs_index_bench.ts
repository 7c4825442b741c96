/**
 * The runs index at scale: a tracking database of 1,000 generated runs (14 stages and 48 AUC
 * metrics each, as the demo writes) → `out/index.html` → opened in Chromium until the table is
 * drawn. Goal: within 2 s. Baseline: the same for 10 runs, in the same run. Skipped without
 * Debian's chromium.
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import { openWorkspace } from "../pipeline/engine/workspace.ts";
import { writeRunsIndex } from "../pipeline/study/runs_index.ts";

const CHROMIUM = "/usr/bin/chromium";
const STAGES = ["ingest", "crop", "train_ct", "export_ct", "extract_ct", "train_pet", "export_pet", "extract_pet"]
  .concat(["radiomics", "screen", "lasso", "select", "evaluate", "visualise"]);
const ENDPOINTS = ["os2y", "os5y", "dss2y", "dss5y"];
const MODELS = ["unet", "tlg", "radiomics"];
const PROTOCOLS = ["bootstrap-optimistic", "bootstrap-nested", "kfold-optimistic", "kfold-nested"];

/** A workspace whose tracking holds `n` generated runs over 5 experiments; its index written. */
async function indexOf(n: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "runs-index-bench-" });
  const ws = await openWorkspace({ home: join(dir, "home"), outRoot: join(dir, "out") });
  await ws.tracker.use(async (db) => {
    await db.run(
      `INSERT INTO runs SELECT 'run-' || lpad(i::VARCHAR, 5, '0'), 'experiment-' || (i % 5), 'default', 'x.yaml',
         'seed: ' || i, json_object('seed', i, 'stats', json_object('lasso', json_object('top_k', 10 + i % 3))),
         'abc123', false, '2.9.6', '{}', 'cpu+blas', 'host', TIMESTAMP '2026-01-01' + to_minutes(i),
         TIMESTAMP '2026-01-01' + to_minutes(i) + to_seconds(90), CASE WHEN i % 17 = 0 THEN 'failed' ELSE 'ok' END
       FROM range(${n}) t(i)`,
    );
    const stages = STAGES.map((s) => `('${s}')`).join(",");
    await db.run(
      `INSERT INTO stage_runs SELECT id, s, sha256(id || s), (hash(id || s) % 3) = 0, 1000, 'ok', NULL
       FROM runs, (VALUES ${stages}) v(s)`,
    );
    const names = ENDPOINTS.flatMap((e) => MODELS.flatMap((m) => PROTOCOLS.map((p) => `('auc/${e}/${m}/${p}')`)));
    await db.run(
      `INSERT INTO metrics SELECT id, 'evaluate', name, v, v - 0.2, v + 0.2
       FROM (SELECT id, name, 0.5 + ((hash(id || name) % 400)::DOUBLE / 1000) AS v
             FROM runs, (VALUES ${names.join(",")}) v(name))`,
    );
  });
  return await writeRunsIndex(ws);
}

const [small, large] = [await indexOf(10), await indexOf(1000)];
let hasChromium = false;
try {
  hasChromium = Deno.statSync(CHROMIUM).isFile;
} catch {
  // no browser: the benches below are skipped
}
const browser = hasChromium
  ? await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox"] })
  : undefined;

async function open(path: string, rows: number): Promise<void> {
  const page = await browser!.newPage();
  await page.goto(`file://${path}`, { waitUntil: "load" });
  await page.waitForFunction((n) => {
    const doc = (globalThis as unknown as {
      document: { querySelectorAll(s: string): { length: number } };
    }).document;
    return doc.querySelectorAll("#runs-table tbody tr").length === n;
  }, rows);
  await page.close();
}

Deno.bench(
  "open the index of 10 runs (baseline)",
  { baseline: true, group: "runs index", ignore: !browser },
  async () => {
    await open(small, 10);
  },
);
Deno.bench("open the index of 1,000 runs", { group: "runs index", ignore: !browser }, async () => {
  await open(large, 1000);
});
globalThis.addEventListener("unload", () => void browser?.close());
