import assert from "node:assert/strict";
import { type Capacity, type ScheduledNode, scheduleGraph } from "../../../pipeline/engine/schedule_graph.ts";
import { createRng } from "../../../stats/random.ts";

/** A random DAG: node i depends on a few earlier nodes. */
function randomGraph(n: number, seed: number): ScheduledNode[] {
  const rng = createRng(seed, "graph");
  return Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    deps: Array.from({ length: i }, (_, j) => `n${j}`).filter(() => rng.uniform() < 0.2),
    cpus: 1 + Math.floor(rng.uniform() * 3),
    memGb: 1 + Math.floor(rng.uniform() * 4),
    gpus: rng.uniform() < 0.2 ? 1 : 0,
  }));
}

/** Runs every node for a few event-loop turns, recording what ran at once. */
function recorder(capacity: Capacity) {
  const used = { cpus: 0, memGb: 0, gpus: 0, jobs: 0 };
  const peak = { cpus: 0, memGb: 0, gpus: 0, jobs: 0 };
  const finished = new Set<string>();
  const violations: string[] = [];
  const clamp = (n: ScheduledNode) => ({
    cpus: Math.min(n.cpus, capacity.cpus),
    memGb: Math.min(n.memGb, capacity.memGb),
    gpus: Math.min(n.gpus ?? 0, capacity.gpus),
  });
  return {
    peak,
    finished,
    violations,
    async run(n: ScheduledNode): Promise<void> {
      for (const d of n.deps) if (!finished.has(d)) violations.push(`${n.id} started before ${d} finished`);
      const c = clamp(n);
      used.cpus += c.cpus;
      used.memGb += c.memGb;
      used.gpus += c.gpus;
      used.jobs += 1;
      for (const k of ["cpus", "memGb", "gpus", "jobs"] as const) peak[k] = Math.max(peak[k], used[k]);
      for (let i = 0; i < 1 + (n.id.length % 3); i++) await new Promise((r) => setTimeout(r, 0));
      used.cpus -= c.cpus;
      used.memGb -= c.memGb;
      used.gpus -= c.gpus;
      used.jobs -= 1;
      finished.add(n.id);
    },
  };
}

Deno.test("scheduleGraph: never exceeds the capacity and starts a node only after its inputs", async () => {
  for (const seed of [1, 2, 3]) {
    const nodes = randomGraph(30, seed);
    const capacity = { cpus: 4, memGb: 6, gpus: 1, jobs: 3 };
    const r = recorder(capacity);
    const out = await scheduleGraph(nodes, { capacity, run: r.run });
    assert.deepEqual(r.violations, []);
    assert.ok(out.every((o) => o.status === "ok"));
    assert.ok(r.peak.cpus <= 4 && r.peak.memGb <= 6 && r.peak.gpus <= 1 && r.peak.jobs <= 3, JSON.stringify(r.peak));
    assert.ok(r.peak.jobs >= 2, "independent nodes ran concurrently");
  }
});

Deno.test("scheduleGraph: independent nodes run at once; a node bigger than the machine runs alone", async () => {
  const sets: string[][] = [];
  const nodes = [
    { id: "a", deps: [], cpus: 1, memGb: 1 },
    { id: "b", deps: [], cpus: 1, memGb: 1 },
    { id: "big", deps: ["a"], cpus: 16, memGb: 100 },
    { id: "c", deps: ["big"], cpus: 1, memGb: 1 },
  ];
  await scheduleGraph(nodes, {
    capacity: { cpus: 2, memGb: 8, gpus: 0, jobs: 4 },
    run: () => new Promise((r) => setTimeout(r, 0)),
    onRunning: (running) => sets.push(running.map((n) => n.id).sort()),
  });
  assert.ok(sets.some((s) => s.join() === "a,b"), JSON.stringify(sets));
  assert.ok(sets.filter((s) => s.includes("big")).every((s) => s.length === 1), JSON.stringify(sets));
});

Deno.test("scheduleGraph: jobs = 1 runs the nodes one by one in the order given", async () => {
  const order: string[] = [];
  const nodes = randomGraph(12, 9);
  await scheduleGraph(nodes, {
    capacity: { cpus: 64, memGb: 64, gpus: 4, jobs: 1 },
    run: (n) => Promise.resolve(void order.push(n.id)),
  });
  assert.deepEqual(order, nodes.map((n) => n.id));
});

Deno.test("scheduleGraph: a failure skips its dependents; 'fail' starts nothing new, 'keep-going' runs the rest", async () => {
  const nodes = [
    { id: "bad", deps: [], cpus: 1, memGb: 1 },
    { id: "child", deps: ["bad"], cpus: 1, memGb: 1 },
    { id: "other", deps: [], cpus: 1, memGb: 1 },
  ];
  const capacity = { cpus: 1, memGb: 1, gpus: 0, jobs: 1 };
  const run = (n: ScheduledNode) => n.id === "bad" ? Promise.reject(new Error("boom")) : Promise.resolve();
  const fail = await scheduleGraph(nodes, { capacity, run });
  assert.deepEqual(fail.map((o) => o.status), ["failed", "skipped", "skipped"]);
  assert.equal(fail[0]!.error!.message, "boom");
  assert.match(fail[1]!.error!.message, /input "bad" did not finish/);
  const keep = await scheduleGraph(nodes, { capacity, run, onError: "keep-going" });
  assert.deepEqual(keep.map((o) => o.status), ["failed", "skipped", "ok"]);
});

Deno.test("scheduleGraph: an aborted signal starts nothing new", async () => {
  const ac = new AbortController();
  const nodes = [{ id: "a", deps: [], cpus: 1, memGb: 1 }, { id: "b", deps: ["a"], cpus: 1, memGb: 1 }];
  const out = await scheduleGraph(nodes, {
    capacity: { cpus: 1, memGb: 1, gpus: 0, jobs: 1 },
    run: () => Promise.resolve(ac.abort()),
    signal: ac.signal,
  });
  assert.deepEqual(out.map((o) => o.status), ["ok", "skipped"]);
  assert.match(out[1]!.error!.message, /cancelled/);
});

Deno.test("scheduleGraph: a cycle is a TypeError naming it", async () => {
  const nodes = [{ id: "a", deps: ["b"], cpus: 1, memGb: 1 }, { id: "b", deps: ["a"], cpus: 1, memGb: 1 }];
  await assert.rejects(
    scheduleGraph(nodes, { capacity: { cpus: 1, memGb: 1, gpus: 0, jobs: 1 }, run: () => Promise.resolve() }),
    { name: "TypeError", message: "Cannot schedule: cycle a → b → a" },
  );
});
