/**
 * The graph of a whole sweep as `status SPEC` and `run SPEC --dry-run` print it: each unique stage
 * once, whether it is cached or would run, what it needs (where it would run), which variants use
 * it, and why it would run.
 *
 * @module
 */
import { experimentStatus } from "./experiment_status.ts";
import type { ResourceNeeds } from "./resources.ts";
import { loadSpec } from "./spec.ts";
import { planSweep } from "./sweep_graph.ts";
import { flagOverrides, type RunExperimentOptions } from "./experiment.ts";
import { stagesFor } from "../study/stages/registry.ts";
import type { Workspace } from "./workspace.ts";

/** One unique stage of the sweep. */
export interface SweepNodeStatus {
  readonly id: string;
  readonly stage: string;
  readonly state: "cached" | "would run";
  readonly needs: ResourceNeeds;
  readonly variants: readonly string[];
  /** Why it would run (empty when cached). */
  readonly reason: string;
  /** Ids of its input nodes. */
  readonly deps: readonly string[];
}

/**
 * Explain a sweep's graph.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the overrides `run` takes
 * @returns unique nodes in dependency order
 * @throws {SpecError} on a bad spec
 */
export async function sweepStatus(
  specPath: string,
  workspace: Workspace,
  options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad" | "variants"> = {},
): Promise<SweepNodeStatus[]> {
  const loaded = await loadSpec(specPath, { set: flagOverrides(options) });
  const variants = loaded.variants.filter((v) => !options.variants || options.variants.includes(v.name));
  const graph = await planSweep(variants, { stagesFor, hasher: workspace.hasher });
  const reasons = new Map<string, string>();
  for (const v of await experimentStatus(specPath, workspace, options)) {
    for (const s of v.stages) if (!reasons.has(s.key)) reasons.set(s.key, s.reason);
  }
  const out: SweepNodeStatus[] = [];
  for (const n of graph.nodes) {
    const cached = (await workspace.cache.get(n.planned.key)) !== undefined;
    out.push({
      id: n.id,
      stage: n.planned.stage.name,
      state: cached ? "cached" : "would run",
      needs: n.needs,
      variants: n.variants,
      reason: cached ? "" : reasons.get(n.planned.key) ?? "",
      deps: n.deps,
    });
  }
  return out;
}
