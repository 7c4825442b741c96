import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, tempWorkspace, writeSpec } from "./_helpers/temp_workspace.ts";

Deno.test("main() prints one clear line and exits 1 on user mistakes, without a stack", async (t) => {
  const ws = await tempWorkspace();
  const home = join(ws.dir, "home");
  try {
    const bad = await writeSpec(ws.dir, "bad.yaml", "experiment: x\nseed: 1\ntrain:\n  epochs: -3\n");
    const cases: Array<[string, string[], RegExp]> = [
      ["invalid spec", ["run", bad], /^error: .*bad\.yaml:4 train\.epochs: expected a positive integer, got -3\n$/],
      [
        "missing spec",
        ["run", join(ws.dir, "nope.yaml")],
        /^error: Cannot load spec ".*nope\.yaml": file not found\n$/,
      ],
      [
        "bad --set",
        ["status", bad, "--set", "train.epochs=2", "--set", "seed=x"],
        /^error: --set seed: expected a non-negative integer, got "x"\n$/,
      ],
      [
        "unknown run",
        ["runs", "show", "zzz"],
        /^error: Cannot show run "zzz": no single run matches\nhint: deepmarker runs list\n$/,
      ],
      [
        "visualise-check of an unknown run",
        ["visualise-check", "zzz"],
        /^error: Cannot render report for run "zzz": no single run matches\nhint: deepmarker runs list\n$/,
      ],
      ["unknown command", ["frobnicate"], /^error: unknown command 'frobnicate'/],
    ];
    for (const [name, args, pattern] of cases) {
      await t.step(name, async () => {
        const r = await runCli(home, args);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, pattern);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      });
    }
  } finally {
    await ws.cleanup();
  }
});

Deno.test("main() has --help on every command", async () => {
  const ws = await tempWorkspace();
  try {
    for (
      const args of [
        [],
        ["run"],
        ["status"],
        ["runs"],
        ["runs", "list"],
        ["runs", "show"],
        ["runs", "compare"],
        ["gc"],
        ["reproduce"],
        ["visualise-check"],
      ]
    ) {
      const r = await runCli(join(ws.dir, "home"), [...args, "--help"]);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage: deepmarker/);
    }
  } finally {
    await ws.cleanup();
  }
});

Deno.test("main() run then runs list/show/compare and gc work end to end", async () => {
  const ws = await tempWorkspace();
  const home = join(ws.dir, "home");
  try {
    const spec = await writeSpec(ws.dir, "toy.yaml", "experiment: toy\nseed: 3\npipeline: toy\n");
    const a = await runCli(home, ["run", spec]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^\S+ {2}default {2}0\/3 stages cached\n$/);
    const b = await runCli(home, ["run", spec, "--set", "toy.b=2"]);
    assert.match(b.stdout, /2\/3 stages cached/);
    const list = await runCli(home, ["runs", "list"]);
    const ids = list.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0]!);
    assert.equal(ids.length, 2);
    const cmp = await runCli(home, ["runs", "compare", ids[1]!, ids[0]!]);
    assert.match(cmp.stdout, /param {2}toy\.b: 1 → 2/);
    assert.match(cmp.stdout, /metric summarise\.total: /);
    const show = await runCli(home, ["runs", "show", ids[0]!]);
    assert.match(show.stdout, /stage summarise +[0-9a-f]{12} \d/);
    const gc = await runCli(home, ["gc", "--dry-run"]);
    assert.match(gc.stdout, /^would remove 0 entries, 0 temp folders and 0 work folders/);
  } finally {
    await ws.cleanup();
  }
});
