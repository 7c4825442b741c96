import assert from "node:assert/strict";
import { parseStatsSettings, runStatsProtocol } from "../../../../pipeline/study/protocol/mod.ts";

const REF = new URL("../../../../fixtures/data/reference/data/", import.meta.url);

async function gunzipText(url: URL): Promise<string> {
  const stream = new Blob([await Deno.readFile(url)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

Deno.test("runStatsProtocol() writes the six documented files, deterministically", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stats_protocol_" });
  try {
    // first 300 features of the reference table; labels with one patient blanked out
    const lines = (await gunzipText(new URL("features.csv.gz", REF))).trim().split("\n");
    await Deno.writeTextFile(`${dir}/f.csv`, lines.map((l) => l.split(",").slice(0, 301).join(",")).join("\n"));
    const labels = (await Deno.readTextFile(new URL("labels.csv", REF))).trim().split("\n")
      .map((l, i) => (i === 1 ? l.replace(/,[01],/, ",,") : l)).map((l) => l.split(",").slice(0, 3).join(","));
    await Deno.writeTextFile(`${dir}/l.csv`, labels.join("\n") + "\nP999,1,0\n");
    const settings = parseStatsSettings(
      "seed: 7\nlasso: {bootstrap: 6, top_k: 5, lambda: {nonzero: 5}}\n" +
        "evaluation: {resamples: 6, folds: 3, protocols: [bootstrap-optimistic, bootstrap-nested, kfold-optimistic, kfold-nested]}\n",
      "stats.yaml",
    );
    const s1 = await runStatsProtocol(`${dir}/f.csv`, `${dir}/l.csv`, { settings, outDir: `${dir}/a` });
    await runStatsProtocol(`${dir}/f.csv`, `${dir}/l.csv`, { settings, outDir: `${dir}/b` });
    for (const f of ["ttest.csv", "inclusion.csv", "selected.csv", "metrics.csv", "roc.csv", "summary.json"]) {
      const a = await Deno.readTextFile(`${dir}/a/${f}`);
      assert.equal(a, await Deno.readTextFile(`${dir}/b/${f}`), f);
    }
    const ttest = (await Deno.readTextFile(`${dir}/a/ttest.csv`)).trim().split("\n");
    assert.equal(ttest[0], "feature,endpoint,n_event,n_no_event,statistic,df,p,q");
    assert.equal(ttest.length, 1 + 300 * 2);
    const os2y = ttest.slice(1).map((l) => l.split(",")).filter((r) => r[1] === "os2y");
    assert.equal(Number(os2y[0]![2]) + Number(os2y[0]![3]), 95); // one blanked label
    const selected = (await Deno.readTextFile(`${dir}/a/selected.csv`)).trim().split("\n");
    assert.equal(selected.length, 1 + 2 * 5);
    const metrics = (await Deno.readTextFile(`${dir}/a/metrics.csv`)).trim().split("\n");
    assert.equal(metrics.length, 1 + 2 * 4 * 4); // endpoints × protocols × metrics
    assert.ok(
      metrics.some((l) => l.includes("bootstrap-optimistic")) && metrics.some((l) => l.includes("kfold-nested")),
    );
    assert.deepEqual((s1 as { exclusions: unknown }).exclusions, {
      featureRowsWithoutLabels: 0,
      labelRowsWithoutFeatures: 1,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runStatsProtocol() names the file and line of a malformed table", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stats_protocol_" });
  try {
    await Deno.writeTextFile(`${dir}/f.csv`, "id,a,b\nP1,1,2\nP2,3\n");
    await Deno.writeTextFile(`${dir}/l.csv`, "id,os\nP1,1\nP2,0\n");
    await assert.rejects(
      () =>
        runStatsProtocol(`${dir}/f.csv`, `${dir}/l.csv`, {
          outDir: `${dir}/o`,
          settings: parseStatsSettings("seed: 1", "stats.yaml"),
        }),
      /line 3 has 2 fields, expected 3/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
