import assert from "node:assert/strict";
import { sortableTable } from "../../reports/sortable_table.ts";

Deno.test("sortableTable() stores raw sortable values, escapes text and highlights rows", () => {
  const html = sortableTable([{ f: "<C1>", p: NaN }, { f: "C2", p: 0.01 }], {
    id: "t",
    caption: "p < 0.05",
    columns: [{ key: "f", label: "Feature" }, { key: "p", label: "p", format: (v) => String(v).slice(0, 4) }],
    highlight: (r) => r.p < 0.05,
  });
  assert.match(html, /<td data-value="&lt;C1&gt;">&lt;C1&gt;<\/td><td data-value="">NaN<\/td>/);
  assert.match(html, /<tr class="highlight"><td data-value="C2">/);
  assert.equal(html.match(/<button type="button" data-col="\d">/g)?.length, 2);
  assert.match(html, /<caption>p &lt; 0.05<\/caption>/);
});
