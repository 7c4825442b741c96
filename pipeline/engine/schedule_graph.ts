/**
 * A generic DAG scheduler with resource accounting: nodes start as soon as their dependencies
 * have finished and their cores, memory and GPUs fit in what is free, at most `jobs` at a time.
 * Nodes are considered in the order given (the plan's order), so a run is reproducible; a node
 * that needs more than the whole capacity runs alone. It knows nothing of stages or caches.
 *
 * @module
 */

/** One node of the graph. */
export interface ScheduledNode {
  /** Unique id. */
  readonly id: string;
  /** Ids of nodes that must finish first (ids not in the graph count as finished). */
  readonly deps: readonly string[];
  /** Cores held while running. */
  readonly cpus: number;
  /** Memory held while running, GB. */
  readonly memGb: number;
  /** GPUs held while running. @default 0 */
  readonly gpus?: number;
}

/** What may run at once. */
export interface Capacity {
  readonly cpus: number;
  readonly memGb: number;
  readonly gpus: number;
  /** Nodes running at once. */
  readonly jobs: number;
}

/** How one node ended. */
export interface NodeOutcome {
  readonly id: string;
  readonly status: "ok" | "failed" | "skipped";
  /** The failure, or why the node was skipped. */
  readonly error: Error | null;
}

/** Options of {@linkcode scheduleGraph}. */
export interface ScheduleGraphOptions<N extends ScheduledNode> {
  /** What may run at once. */
  readonly capacity: Capacity;
  /** Run one node; a rejection marks it failed. */
  run(node: N): Promise<void>;
  /** Stop starting nodes after the first failure, or keep running those that do not depend on it. @default "fail" */
  readonly onError?: "fail" | "keep-going";
  /** Called whenever the set of running nodes changes (for a progress line). */
  readonly onRunning?: (running: readonly N[]) => void;
  /** Called when a node ends. */
  readonly onOutcome?: (node: N, outcome: NodeOutcome) => void;
  /** Stops starting nodes; running ones finish (their `run` sees the signal themselves). */
  readonly signal?: AbortSignal;
}

/**
 * Run a graph of nodes concurrently within a capacity.
 *
 * @param nodes the graph, in a preferred order (e.g. topological)
 * @param options capacity, the node runner, error policy and hooks
 * @returns one outcome per node, in the order given
 * @throws {TypeError} on a dependency cycle
 *
 * @example Two independent nodes share two cores; the third waits for both
 * ```ts
 * import assert from "node:assert/strict";
 * import { scheduleGraph } from "./schedule_graph.ts";
 * const order: string[] = [];
 * const nodes = [
 *   { id: "a", deps: [], cpus: 1, memGb: 1 },
 *   { id: "b", deps: [], cpus: 1, memGb: 1 },
 *   { id: "c", deps: ["a", "b"], cpus: 2, memGb: 1 },
 * ];
 * const out = await scheduleGraph(nodes, {
 *   capacity: { cpus: 2, memGb: 4, gpus: 0, jobs: 2 },
 *   run: async (n) => void order.push(n.id),
 * });
 * assert.deepEqual(order, ["a", "b", "c"]);
 * assert.deepEqual(out.map((o) => o.status), ["ok", "ok", "ok"]);
 * ```
 */
export async function scheduleGraph<N extends ScheduledNode>(
  nodes: readonly N[],
  options: ScheduleGraphOptions<N>,
): Promise<NodeOutcome[]> {
  const { capacity } = options;
  const ids = new Set(nodes.map((n) => n.id));
  checkAcyclic(nodes, ids);
  const outcomes = new Map<string, NodeOutcome>();
  const running = new Map<string, { node: N; done: Promise<void> }>();
  const free = { cpus: capacity.cpus, memGb: capacity.memGb, gpus: capacity.gpus };
  let stopped = false;
  const need = (n: N) => ({
    cpus: Math.min(n.cpus, capacity.cpus),
    memGb: Math.min(n.memGb, capacity.memGb),
    gpus: Math.min(n.gpus ?? 0, capacity.gpus),
  });
  const finish = (n: N, outcome: NodeOutcome) => {
    outcomes.set(n.id, outcome);
    options.onOutcome?.(n, outcome);
  };
  while (outcomes.size < nodes.length) {
    for (const n of nodes) {
      if (outcomes.has(n.id) || running.has(n.id)) continue;
      const blocked = n.deps.filter((d) => ids.has(d) && outcomes.has(d) && outcomes.get(d)!.status !== "ok");
      if (blocked.length > 0) {
        finish(n, skipped(n.id, `input ${blocked.map((b) => `"${b}"`).join(", ")} did not finish`));
        continue;
      }
      if (stopped || options.signal?.aborted) continue;
      if (!n.deps.every((d) => !ids.has(d) || outcomes.get(d)?.status === "ok")) continue;
      const want = need(n);
      if (running.size >= capacity.jobs || want.cpus > free.cpus || want.memGb > free.memGb || want.gpus > free.gpus) {
        continue;
      }
      free.cpus -= want.cpus;
      free.memGb -= want.memGb;
      free.gpus -= want.gpus;
      const done = options.run(n).then(
        () => finish(n, { id: n.id, status: "ok", error: null }),
        (e: unknown) => {
          finish(n, { id: n.id, status: "failed", error: e instanceof Error ? e : new Error(String(e)) });
          if ((options.onError ?? "fail") === "fail") stopped = true;
        },
      ).finally(() => {
        free.cpus += want.cpus;
        free.memGb += want.memGb;
        free.gpus += want.gpus;
        running.delete(n.id);
      });
      running.set(n.id, { node: n, done });
      options.onRunning?.([...running.values()].map((r) => r.node));
    }
    if (running.size === 0) {
      // nothing runs and nothing could start: the rest was stopped
      const why = options.signal?.aborted ? "the run was cancelled" : "an earlier stage failed";
      for (const n of nodes) if (!outcomes.has(n.id)) finish(n, skipped(n.id, why));
      break;
    }
    await Promise.race([...running.values()].map((r) => r.done));
    options.onRunning?.([...running.values()].map((r) => r.node));
  }
  return nodes.map((n) => outcomes.get(n.id)!);
}

function skipped(id: string, why: string): NodeOutcome {
  return { id, status: "skipped", error: new Error(`Skipped "${id}": ${why}`) };
}

function checkAcyclic(nodes: readonly ScheduledNode[], ids: Set<string>): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 1 | 2>();
  const visit = (n: ScheduledNode, trail: string[]): void => {
    if (state.get(n.id) === 2) return;
    if (state.get(n.id) === 1) throw new TypeError(`Cannot schedule: cycle ${[...trail, n.id].join(" → ")}`);
    state.set(n.id, 1);
    for (const d of n.deps) if (ids.has(d)) visit(byId.get(d)!, [...trail, n.id]);
    state.set(n.id, 2);
  };
  for (const n of nodes) visit(n, []);
}
