import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, spawnCli, tempWorkspace, writeSpec } from "../../_helpers/temp_workspace.ts";

const SLOW = "experiment: toy\nseed: 7\npipeline: toy\ntoy:\n  n: 6\n  a: 2\n  b: 1\n  sleep_ms: 150\n";

/** Start `run SPEC`, wait for `pattern` on stderr, send `signal`; the exit code and the whole stderr. */
async function interruptRun(
  home: string,
  spec: string,
  pattern: RegExp,
  signals: Deno.Signal[],
  jobs = "2",
) {
  const child = spawnCli(home, ["run", spec, "--jobs", jobs]);
  const stdout = child.stdout.cancel();
  let text = "";
  let seen: () => void = () => {};
  const reached = new Promise<void>((r) => (seen = r));
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (pattern.test(text)) seen();
    }
    seen();
  })();
  await reached;
  for (const [i, s] of signals.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 500)); // two signals sent at once would merge into one
    child.kill(s);
  }
  const status = await child.status;
  await reading;
  await stdout;
  return { code: status.code, stderr: text };
}

async function entries(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
}

Deno.test("SIGINT and SIGTERM stop a run cleanly: one line, exit 130/143, no temp folder, tracked interrupted, resumable", async (t) => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    await t.step(signal, async () => {
      const ws = await tempWorkspace();
      try {
        const spec = await writeSpec(ws.dir, "slow.yaml", SLOW);
        const r = await interruptRun(ws.home, spec, /transform values [1-9]/, [signal]);
        assert.equal(r.code, code, r.stderr);
        const last = r.stderr.trimEnd().split("\n").at(-1)!;
        assert.match(
          last,
          new RegExp(
            `^interrupted by ${signal}: run \\S+ recorded as interrupted; checkpoints kept, run again to resume$`,
          ),
        );
        assert.doesNotMatch(r.stderr, /^error:/m);
        assert.deepEqual(await entries(join(ws.cache.root, "tmp")), [], "the stage's temp folder is removed");
        assert.equal((await ws.cache.keys()).length, 1, "only generate was committed");
        const [run] = await ws.tracker.listRuns();
        assert.equal(run!.status, "interrupted");
        const again = await runCli(ws.home, ["run", spec]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, / {2}default {2}1\/3 stages cached/);
      } finally {
        await ws.cleanup();
      }
    });
  }
});

Deno.test("a second SIGINT exits at once; a run whose process died reads abandoned and gc removes its temp folder", async () => {
  const ws = await tempWorkspace();
  try {
    const spec = await writeSpec(ws.dir, "slow.yaml", SLOW.replace("sleep_ms: 150", "sleep_ms: 3000"));
    // --jobs 1: the stage runs inside `run`, which the second Ctrl-C ends at once (a worker would clean up)
    const r = await interruptRun(ws.home, spec, /generate: computing/, ["SIGINT", "SIGINT"], "1");
    assert.equal(r.code, 130, r.stderr);
    const list = await runCli(ws.home, ["runs", "list"]);
    assert.match(list.stdout, /^\S+ {2}toy {2}default {2}abandoned {2}/m);
    assert.equal((await entries(join(ws.cache.root, "tmp"))).length, 1, "the killed stage left its temp folder");
    const gc = await runCli(ws.home, ["gc"]);
    assert.match(gc.stdout, /removed 0 entries, 1 temp folders/);
    assert.deepEqual(await entries(join(ws.cache.root, "tmp")), []);
  } finally {
    await ws.cleanup();
  }
});
