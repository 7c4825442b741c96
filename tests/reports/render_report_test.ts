import assert from "node:assert/strict";
import { join } from "node:path";
import { loadReportData } from "../../reports/load_report_data.ts";
import { renderReport } from "../../reports/render_report.ts";
import { EXPECTED_IDS } from "./_expected_ids.ts";
import { attributeValues, copyFixture, loadFixture } from "./_fixture.ts";

async function withTemp(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "report_out_" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("renderReport() writes a page where every link and image path resolves and nothing is external", async () => {
  await withTemp(async (out) => {
    const { index, files } = await renderReport(await loadFixture(), out);
    const html = await Deno.readTextFile(index);
    const ids = new Set(attributeValues(html, "id"));
    for (const id of EXPECTED_IDS) assert.ok(ids.has(id), `missing #${id}`);
    const paths = [
      ...attributeValues(html, "src"),
      ...attributeValues(html, "href"),
      ...attributeValues(html, "data-slices").flatMap((s) => s.split(",")),
    ];
    assert.ok(paths.length > 20);
    for (const p of paths) {
      assert.doesNotMatch(p, /^[a-z]+:\/\//i, `external reference ${p}`);
      if (p.startsWith("#")) assert.ok(ids.has(p.slice(1)), `dangling anchor ${p}`);
      else if (!p.startsWith("data:")) assert.ok((await Deno.stat(join(out, p))).isFile, `missing file ${p}`);
    }
    assert.doesNotMatch(html.replace(/xmlns(:\w+)?="[^"]*"/g, ""), /https?:\/\//);
    for (const f of files) assert.ok((await Deno.stat(join(out, f))).size > 0);
    assert.equal(files.filter((f) => f.endsWith(".png")).length, 24);
  });
});

Deno.test("renderReport() embeds the run manifest: spec hash, code version, backend and seed", async () => {
  await withTemp(async (out) => {
    const data = await loadFixture();
    const html = await Deno.readTextFile((await renderReport(data, out)).index);
    const json = /<script type="application\/json" id="run-manifest">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const m = JSON.parse(json);
    assert.deepEqual([m.spec_hash, m.code_version, m.backend, m.seed], [
      data.manifest.specHash,
      data.manifest.codeVersion,
      data.manifest.backend,
      data.manifest.seed,
    ]);
    assert.ok(html.includes(data.manifest.specHash));
    assert.ok(html.includes(data.manifest.warnings[0]!));
  });
});

Deno.test("renderReport() shows a changed stored value in the figures and table", async () => {
  const dir = await copyFixture();
  try {
    const metrics = (await Deno.readTextFile(join(dir, "metrics.csv"))).replace(
      /^os2y,unet,bootstrap-nested,auc,[^,]+,/m,
      "os2y,unet,bootstrap-nested,auc,0.123456,",
    );
    await Deno.writeTextFile(join(dir, "metrics.csv"), metrics);
    const selected = (await loadReportData(dir)).selected[0]!;
    const ttest = (await Deno.readTextFile(join(dir, "ttest.csv"))).replace(
      new RegExp(`^(${selected.feature},${selected.endpoint},(?:[^,]*,){4})[^,]+,`, "m"),
      "$10.000777,",
    );
    await Deno.writeTextFile(join(dir, "ttest.csv"), ttest);
    await withTemp(async (out) => {
      const html = await Deno.readTextFile((await renderReport(await loadReportData(dir), out)).index);
      const fig3 = /id="fig-3-bootstrap-nested"[\s\S]*?<\/figure>/.exec(html)![0];
      assert.match(fig3, /U-Net features, os2y, ROC AUC: 0\.123 \(95 % interval/);
      const fig2c = /id="fig-2c"[\s\S]*?<\/figure>/.exec(html)![0];
      assert.ok(fig2c.includes(`${selected.feature} (${selected.endpoint}): p = 0.000777`));
      assert.ok(/id="table-selected"[\s\S]*<\/table>/.exec(html)![0].includes('data-value="0.000777"'));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
