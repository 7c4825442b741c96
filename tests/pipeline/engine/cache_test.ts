import assert from "node:assert/strict";
import { join } from "node:path";
import { planStages } from "../../../pipeline/engine/graph.ts";
import { runPipeline } from "../../../pipeline/engine/runner.ts";
import { parseSpec } from "../../../pipeline/study/load_spec.ts";
import type { StageDefinition } from "../../../pipeline/engine/stage.ts";
import { StageCache } from "../../../pipeline/engine/cache.ts";
import { sha256Hex } from "../../../pipeline/engine/sha256.ts";
import { verifyCache } from "../../../pipeline/engine/verify_cache.ts";
import { stagesFor } from "../../../pipeline/study/stages/registry.ts";
import { runCli, tempWorkspace } from "../../_helpers/temp_workspace.ts";

const TOY = "experiment: toy\nseed: 7\npipeline: toy\ntoy:\n  n: 5\n  a: 2\n  b: 1\n";
const STAGES = stagesFor({ pipeline: "toy", modalities: [] } as const) as StageDefinition[];
type Ws = Awaited<ReturnType<typeof tempWorkspace>>;

/** Run the toy pipeline on a fresh StageCache object (no in-memory state shared with earlier runs). */
async function run(ws: Ws) {
  const warnings: string[] = [];
  const plan = await planStages(STAGES, parseSpec(TOY, "toy.yaml").variants[0]!.spec);
  const r = await runPipeline(plan, { cache: new StageCache(ws.cache.root, (m) => warnings.push(m)) });
  return { ...r, warnings, hits: r.outcomes.map((o) => `${o.stage}:${o.cacheHit}`) };
}

/** Overwrite a file keeping its size (same-length edit, as a user changing digits would). */
async function tamper(path: string, from: string, to: string) {
  const text = await Deno.readTextFile(path);
  assert.equal(from.length, to.length);
  assert.ok(text.includes(from), `${from} not in ${path}`);
  await Deno.writeTextFile(path, text.replace(from, to));
}

Deno.test("a cache hit whose output was edited in place (same size) is quarantined with one warning and recomputed", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await run(ws);
    const summary = join(first.entries.get("summarise")!.dir, "summary.json");
    const before = await Deno.readTextFile(summary);
    await tamper(summary, '"n":5', '"n":9');
    const second = await run(ws);
    assert.deepEqual(second.hits, ["generate:true", "transform:true", "summarise:false"]);
    assert.equal(second.warnings.length, 1);
    assert.match(
      second.warnings[0]!,
      /^cache entry [0-9a-f]{12} \(summarise\) is corrupt: output "summary.json" differs/,
    );
    assert.match(second.warnings[0]!, /moved to corrupt\//);
    assert.equal(await Deno.readTextFile(join(second.entries.get("summarise")!.dir, "summary.json")), before);
    assert.deepEqual((await run(ws)).hits, ["generate:true", "transform:true", "summarise:true"]);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("a cache hit whose output is empty or missing is quarantined and recomputed", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await run(ws);
    await Deno.writeFile(join(first.entries.get("transform")!.dir, "scaled.json"), new Uint8Array());
    const second = await run(ws);
    assert.deepEqual(second.hits, ["generate:true", "transform:false", "summarise:true"]);
    assert.match(
      second.warnings[0]!,
      /\(transform\) is corrupt: output "scaled.json" has 0 bytes, the manifest says \d+ \(empty\)/,
    );
    await Deno.remove(join(second.entries.get("transform")!.dir, "scaled.json"));
    const third = await run(ws);
    assert.match(third.warnings[0]!, /output "scaled.json" is missing/);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("a DuckDB output that no longer opens is quarantined even when the manifest was written for the broken file", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await run(ws);
    const entry = first.entries.get("generate")!;
    const db = join(entry.dir, "tables.duckdb");
    const bytes = await Deno.readFile(db);
    bytes.fill(0x5a, 0, 4096); // the header: DuckDB refuses the file
    await Deno.writeFile(db, bytes);
    // as if the broken file had been committed before commits were fsync'ed: the manifest agrees with it
    const manifest = JSON.parse(await Deno.readTextFile(join(entry.dir, "manifest.json")));
    manifest.outputs["tables.duckdb"] = await sha256Hex(bytes);
    await Deno.writeTextFile(join(entry.dir, "manifest.json"), JSON.stringify(manifest));
    const second = await run(ws);
    assert.deepEqual(second.hits, ["generate:false", "transform:true", "summarise:true"]);
    assert.equal(second.warnings.length, 1);
    assert.match(
      second.warnings[0]!,
      /\(generate\) is corrupt: output "tables.duckdb" does not open as a DuckDB database/,
    );
  } finally {
    await ws.cleanup();
  }
});

Deno.test("commit() records sizes and memoises hashes; a corrupt manifest is a miss", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await run(ws);
    const entry = first.entries.get("transform")!;
    const manifest = JSON.parse(await Deno.readTextFile(join(entry.dir, "manifest.json")));
    assert.equal(manifest.sizes["scaled.json"], (await Deno.stat(join(entry.dir, "scaled.json"))).size);
    const memo = JSON.parse(await Deno.readTextFile(join(ws.cache.root, "hashes.json")));
    assert.equal(memo[join(entry.dir, "scaled.json")].hash, manifest.outputs["scaled.json"]);
    await Deno.writeTextFile(join(entry.dir, "manifest.json"), "{ truncated");
    const second = await run(ws);
    assert.deepEqual(second.hits, ["generate:true", "transform:false", "summarise:true"]);
    assert.match(second.warnings[0]!, /is corrupt: cannot read "manifest.json"/);
  } finally {
    await ws.cleanup();
  }
});

Deno.test("verifyCache() re-reads every byte: it finds a change the stat memo cannot see, quarantines it, and `verify` exits 1", async () => {
  const ws = await tempWorkspace();
  try {
    const first = await run(ws);
    const clean = await verifyCache(ws, { all: true });
    assert.deepEqual([clean.checked, clean.corrupt.length], [3, 0]);
    const path = join(first.entries.get("transform")!.dir, "scaled.json");
    const { mtime } = await Deno.stat(path);
    const text = await Deno.readTextFile(path);
    await Deno.writeTextFile(path, text.replace(/\d/, (d) => String((Number(d) + 1) % 10)));
    await Deno.utime(path, mtime!, mtime!); // bit rot: same size, same mtime, same inode
    const cli = await runCli(ws.home, ["verify", "--all"]);
    assert.equal(cli.code, 1, cli.stderr);
    assert.match(cli.stdout, /^corrupt [0-9a-f]{12} transform: output "scaled.json" differs from the manifest/m);
    assert.match(cli.stdout, /verified 3 entries .*: 2 ok, 1 corrupt/);
    assert.match(cli.stderr, /^error: 1 corrupt cache entries were quarantined/);
    assert.deepEqual((await verifyCache(ws, { all: true })).checked, 2);
    assert.deepEqual((await run(ws)).hits, ["generate:true", "transform:false", "summarise:true"]);
  } finally {
    await ws.cleanup();
  }
});
