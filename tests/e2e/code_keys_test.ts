/**
 * Code-aware keys and early cutoff, end to end on a temporary copy of the sources: a tiny spec
 * runs once; then a comment edited in a statistics file makes the stages that import it stale
 * (and nothing upstream), and re-running recomputes them while `select`, which does not import
 * it, stays cached because its input's outputs come out byte-identical;
 * an edit under `reports/` makes nothing stale; a BLAS-kernel edit or a changed tfjs package in
 * the lock file makes training stale and leaves ingest and crop cached; and the null-effect
 * variant of the spec (same images, other outcomes) reuses the crops, networks and features.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../_helpers/temp_workspace.ts";

const TINY = `experiment: tiny
seed: 3
cohort:
  synthetic: {patients: 16, seed: 5, effect: strong, geometry: demo}
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}
visualise: {iterations: 2, starts: 1, max_units: 1, patients: 1}
stats:
  lasso: {bootstrap: 8, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 8, protocols: [bootstrap-optimistic]}
`;

/** A copy of what `main.ts` needs, sharing the installed npm packages. */
async function copySources(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "deepmarker-code-" });
  for (const f of ["deno.json", "deno.lock", "main.ts", "mod.ts"]) await Deno.copyFile(join(ROOT, f), join(dir, f));
  for (const d of ["pipeline", "stats", "reports", "experiments", "fixtures"]) {
    const out = await new Deno.Command("cp", { args: ["-r", join(ROOT, d), join(dir, d)] }).output();
    assert.ok(out.success, `cannot copy ${d}`);
  }
  await Deno.remove(join(dir, "fixtures", "data"), { recursive: true });
  await Deno.symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

async function cli(dir: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: dir,
    env: { DEEPMARKER_HOME: join(dir, ".deepmarker"), DEEPMARKER_OUT: join(dir, "out"), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `deepmarker ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** `status` as stage → [state, reason] (lines: stage, node id, state, [resources], (variants), reason). */
async function status(dir: string, spec: string): Promise<Map<string, [string, string]>> {
  const out = new Map<string, [string, string]>();
  for (const line of (await cli(dir, ["status", spec])).split("\n")) {
    const m = /^\s{2}(\S+)\s+\S+\s+(cached|stale|waits)\s+\[[^\]]*\]\s+\([^)]*\)\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, [m[2]!, m[3]!]);
  }
  assert.ok(out.size > 0, "status printed no stage line");
  return out;
}

/** Stage → "computed" | "cached", from a `run`'s log lines. */
function outcomes(log: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of log.matchAll(/^(\w+): (cached|computed)/gm)) out.set(m[1]!, m[2]!);
  return out;
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<() => Promise<void>> {
  const path = join(dir, file);
  const before = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, change(before));
  return () => Deno.writeTextFile(path, before);
}

Deno.test("stage keys follow the code: edits, reports, packages; early cutoff reuses unchanged outputs", async (t) => {
  const dir = await copySources();
  try {
    await Deno.writeTextFile(join(dir, "tiny.yaml"), TINY);
    await Deno.writeTextFile(
      join(dir, "tiny_null.yaml"),
      "extends: tiny.yaml\nexperiment: tiny-null\ncohort:\n  synthetic: {effect: none}\n",
    );
    await cli(dir, ["run", "tiny.yaml", "--jobs", "1"]);
    const all = await status(dir, "tiny.yaml");
    assert.ok([...all.values()].every(([s]) => s === "cached"), "everything is cached after a run");

    await t.step("a comment in a statistics file makes the stages that import it stale, naming the file", async () => {
      const undo = await edit(dir, "stats/benjamini_hochberg.ts", (s) => `// an edited comment\n${s}`);
      try {
        const s = await status(dir, "tiny.yaml");
        assert.deepEqual(s.get("screen"), ["stale", 'code of "screen" changed: stats/benjamini_hochberg.ts']);
        for (const cached of ["ingest", "crop", "train_ct", "train_pet", "extract_ct", "radiomics"]) {
          assert.equal(s.get(cached)?.[0], "cached", cached);
        }
        assert.equal(s.get("select")?.[0], "waits", "select does not import it: it waits for lasso");
        const o = outcomes(await cli(dir, ["run", "tiny.yaml", "--jobs", "1"]));
        assert.equal(o.get("screen"), "computed");
        assert.equal(o.get("lasso"), "computed");
        assert.equal(o.get("select"), "cached", "lasso's outputs are byte-identical: early cutoff");
        assert.equal(o.get("visualise"), "cached");
      } finally {
        await undo();
      }
    });

    await t.step("an edit under reports/ makes no stage stale", async () => {
      const undo = await edit(dir, "reports/roc_figure.ts", (s) => `// report tweak\n${s}`);
      try {
        const s = await status(dir, "tiny.yaml");
        assert.deepEqual([...s.entries()].filter(([, [st]]) => st !== "cached"), []);
      } finally {
        await undo();
      }
    });

    await t.step("a BLAS-kernel edit makes training stale and leaves ingest and crop cached", async () => {
      const undo = await edit(dir, "pipeline/model/blas/_kernels.ts", (s) => `// kernel tweak\n${s}`);
      try {
        const s = await status(dir, "tiny.yaml");
        assert.match(s.get("train_ct")![1], /code of "train_ct" changed: pipeline\/model\/blas\/_kernels\.ts/);
        assert.equal(s.get("ingest")?.[0], "cached");
        assert.equal(s.get("crop")?.[0], "cached");
      } finally {
        await undo();
      }
    });

    await t.step("a changed tfjs package in the lock file makes training stale", async () => {
      const undo = await edit(dir, "deno.lock", (text) => {
        const lock = JSON.parse(text);
        const id = Object.keys(lock.npm).find((k) => k.startsWith("@tensorflow/tfjs-core@"))!;
        lock.npm[id].integrity = "sha512-another-build";
        return JSON.stringify(lock, null, 2);
      });
      try {
        const s = await status(dir, "tiny.yaml");
        assert.match(s.get("train_ct")![1], /npm packages of "train_ct" changed: @tensorflow\/tfjs-core@/);
        assert.equal(s.get("crop")?.[0], "cached");
        assert.doesNotMatch(
          s.get("screen")![1],
          /npm packages/,
          "screen does not reach tfjs (it only waits for extract)",
        );
      } finally {
        await undo();
      }
    });

    await t.step("the null-effect variant reuses crops, networks, export and extraction", async () => {
      const o = outcomes(await cli(dir, ["run", "tiny_null.yaml", "--jobs", "1"]));
      assert.equal(o.get("ingest"), "computed");
      for (const s of ["crop", "train_ct", "export_ct", "extract_ct", "train_pet", "export_pet", "extract_pet"]) {
        assert.equal(o.get(s), "cached", s);
      }
      assert.equal(o.get("radiomics"), "cached");
      assert.equal(o.get("screen"), "computed");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
