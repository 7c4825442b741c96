// deno-lint-ignore-file no-console -- a developer script that prints its findings
/**
 * `deno task chaos`: the crash campaign as a tool. A clean reference run of a spec, then N runs of
 * a copy of its state, each SIGKILLed at a random moment inside a randomly chosen stage (that
 * stage's cache entry is deleted first, so the run recomputes it — resuming a checkpoint when an
 * earlier kill left one), then one run to completion. Every stage's output hashes are compared with
 * the clean run's (a `.duckdb` output by its tables: DuckDB's bytes are not reproducible), and the
 * whole cache is re-verified (`verify --all`). Stages shorter than 100 ms
 * in the reference run are not targets (nothing can be killed inside them). Exit 1 on any corrupt
 * entry or mismatch.
 *
 * Usage: `deno task chaos [--spec PATH] [--kills N] [--seed S] [--keep]`
 * (defaults: experiments/toy.yaml with 150 ms per toy step, 5 kills, seed 1).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { createRng } from "../stats/random.ts";
import { openWorkspace, type Workspace } from "../pipeline/engine/workspace.ts";
import { verifyCache } from "../pipeline/engine/verify_cache.ts";
import { collectGarbage } from "../pipeline/engine/collect_garbage.ts";
import { readManifest } from "../pipeline/engine/cache.ts";
import { differingOutputs } from "../pipeline/engine/differing_outputs.ts";
import type { CacheEntry } from "../pipeline/engine/stage.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const { values } = parseArgs({
  args: Deno.args,
  options: {
    spec: { type: "string" },
    kills: { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const kills = Number(values.kills);
const rng = createRng(Number(values.seed), "chaos");
const work = await Deno.makeTempDir({ prefix: "deepmarker-chaos-" });
const spec = values.spec ?? join(work, "toy.yaml");
if (!values.spec) {
  await Deno.writeTextFile(
    spec,
    (await Deno.readTextFile(join(ROOT, "experiments", "toy.yaml"))) + "  sleep_ms: 150\n",
  );
}

/** Start `main.ts run SPEC` on a state folder; resolves the stderr text seen so far on demand. */
function startRun(home: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), "run", spec],
    cwd: ROOT,
    env: { DEEPMARKER_HOME: home, DEEPMARKER_OUT: join(home, "out"), NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const waiters: Array<{ pattern: RegExp; resolve: (hit: boolean) => void }> = [];
  const done = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      for (const w of waiters.splice(0)) {
        if (w.pattern.test(text)) w.resolve(true);
        else waiters.push(w);
      }
    }
    for (const w of waiters.splice(0)) w.resolve(false);
  })();
  return {
    child,
    /** Whether `pattern` appears before the run ends. */
    seen: (pattern: RegExp) =>
      pattern.test(text)
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => waiters.push({ pattern, resolve })),
    finished: async () => ({ status: await child.status, stderr: (await done, text) }),
  };
}

async function stagesOfLatestRun(ws: Workspace) {
  const [run] = await ws.tracker.listRuns({ limit: 1 });
  return (await ws.tracker.getRun(run!.id))!.stages;
}

async function entryOf(ws: Workspace, key: string): Promise<CacheEntry> {
  const dir = ws.cache.entryDir(key);
  const manifest = await readManifest(dir, key);
  return { stage: manifest.stage, key, dir, manifest };
}

const refHome = join(work, "reference");
const chaosHome = join(work, "chaos");
console.log(`chaos: ${spec}, ${kills} kills, seed ${values.seed}, state in ${work}`);
const ref = await startRun(refHome).finished();
if (!ref.status.success) throw new Error(`the reference run failed:\n${ref.stderr}`);
const refWs = await openWorkspace({ home: refHome, outRoot: join(refHome, "out") });
const refStages = await stagesOfLatestRun(refWs);
const targets = refStages.filter((s) => s.durationMs >= 100);
await new Deno.Command("cp", { args: ["-a", refHome, chaosHome] }).output();
const ws = await openWorkspace({ home: chaosHome, outRoot: join(chaosHome, "out") });

let quarantined = 0;
const killedIn = new Map<string, number>();
for (let attempt = 0; killedIn.size === 0 || [...killedIn.values()].reduce((a, b) => a + b) < kills; attempt++) {
  if (attempt >= 3 * kills) throw new Error(`only ${[...killedIn.values()].reduce((a, b) => a + b, 0)} kills landed`);
  const target = targets[Math.floor(rng.uniform() * targets.length)]!;
  await ws.cache.remove(target.key);
  const run = startRun(chaosHome);
  const started = await run.seen(new RegExp(`^${target.stage}: computing`, "m"));
  const delay = Math.round(rng.uniform() * target.durationMs);
  if (started) await new Promise((r) => setTimeout(r, delay));
  let killed = false;
  try {
    run.child.kill("SIGKILL");
    killed = started;
  } catch { /* it had already exited */ }
  const { status, stderr } = await run.finished();
  quarantined += (stderr.match(/is corrupt/g) ?? []).length;
  if (killed && status.signal === "SIGKILL") {
    killedIn.set(target.stage, (killedIn.get(target.stage) ?? 0) + 1);
    console.log(`kill ${[...killedIn.values()].reduce((a, b) => a + b)}: ${target.stage}, ${delay} ms into the stage`);
  }
}

const last = await startRun(chaosHome).finished();
quarantined += (last.stderr.match(/is corrupt/g) ?? []).length;
if (!last.status.success) throw new Error(`the final run failed:\n${last.stderr}`);
const finalStages = await stagesOfLatestRun(ws);
const mismatches: string[] = [];
for (const s of finalStages) {
  const r = refStages.find((x) => x.stage === s.stage);
  const files = r ? await differingOutputs(await entryOf(ws, s.key), await entryOf(refWs, r.key)) : ["(no clean run)"];
  if (files.length > 0) mismatches.push(`${s.stage}: ${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""}`);
}
const verified = await verifyCache(ws, { all: true });
const abandoned = (await ws.tracker.listRuns()).filter((r) => r.status === "abandoned").length;
const gc = await collectGarbage(ws);
const spread = [...killedIn].map(([s, n]) => `${s} ${n}`).join(", ");
console.log(`kills: ${[...killedIn.values()].reduce((a, b) => a + b)} (${spread})`);
console.log(
  `corrupt entries: ${quarantined + verified.corrupt.length} ` +
    `(quarantined during runs: ${quarantined}, found by verify --all: ${verified.corrupt.length} of ${verified.checked})`,
);
console.log(
  `mismatches with the clean run: ${mismatches.length} of ${finalStages.length} stages` +
    (mismatches.length ? ` (${mismatches.join("; ")})` : ""),
);
console.log(`abandoned runs: ${abandoned}; gc removed ${gc.temp.length} temp folders`);
if (!values.keep) await Deno.remove(work, { recursive: true });
if (quarantined + verified.corrupt.length + mismatches.length > 0) Deno.exit(1);
