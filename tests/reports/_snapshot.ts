/**
 * Snapshot helper for report figures, after Observable Plot's `test/plot-snapshot.js`: normalise
 * (generated class/ids re-indexed, floats rounded to 2 decimals, one tag per line), then compare
 * with `tests/__snapshots__/<name>.svg`. On a mismatch `<name>-changed.svg` is written beside it
 * for review. A missing snapshot is written and the test fails unless `UPDATE_SNAPSHOTS=1`.
 *
 * @module
 */

import assert from "node:assert/strict";

const DIR = new URL("../__snapshots__/", import.meta.url);

/** Normalise figure markup so that unimportant differences (ids, float noise) do not matter. */
export function normaliseMarkup(html: string): string {
  const ids = new Map<string, string>();
  return html
    .replace(/plot-[0-9a-f]{6}/g, "plot")
    .replace(/\b(plot-clip|clip|grad)-[\w-]*?\d+\b/g, (m) => {
      if (!ids.has(m)) ids.set(m, `id-${ids.size}`);
      return ids.get(m)!;
    })
    .replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (m) => String(+(+m).toFixed(2)))
    .replace(/>\s*</g, ">\n<")
    .trim() + "\n";
}

/** Compare markup with the stored snapshot `name`. */
export async function assertSnapshot(name: string, html: string): Promise<void> {
  const actual = normaliseMarkup(html);
  const file = new URL(`${name}.svg`, DIR);
  const changed = new URL(`${name}-changed.svg`, DIR);
  let expected: string | undefined;
  try {
    expected = await Deno.readTextFile(file);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (expected === undefined || Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    await Deno.mkdir(DIR, { recursive: true });
    await Deno.writeTextFile(file, actual);
    if (Deno.env.get("UPDATE_SNAPSHOTS") !== "1") {
      assert.fail(`Snapshot "${name}" did not exist: written to ${file.pathname}, review it and re-run`);
    }
    return;
  }
  if (actual === expected) {
    await Deno.remove(changed).catch(() => {});
    return;
  }
  await Deno.writeTextFile(changed, actual);
  assert.fail(`Snapshot "${name}" differs: see ${changed.pathname}`);
}
