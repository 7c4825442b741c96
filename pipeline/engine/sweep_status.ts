/**
 * The graph of a whole sweep as `status SPEC` and `run SPEC --dry-run` print it: each unique stage
 * once, whether it is cached, would run, or waits for an input (early cutoff may leave it cached),
 * what it needs (where it would run), which variants use it, and why.
 *
 * @module
 */
import { specStatus, type StageStatus } from "./experiment_status.ts";
import type { ResourceNeeds } from "./resources.ts";
import { type EngineSpec, loadSpecFile } from "./spec.ts";
import type { Study } from "./study.ts";
import { planSweep } from "./sweep_graph.ts";
import type { Workspace } from "./workspace.ts";

/** One unique stage of the sweep. */
export interface SweepNodeStatus {
  readonly id: string;
  readonly stage: string;
  /** `cached`; `stale`: will run; `waits`: runs after a stale input unless that input's outputs come out unchanged. */
  readonly state: StageStatus["state"];
  readonly needs: ResourceNeeds;
  readonly variants: readonly string[];
  /** Why it would run or what it waits for (empty when cached). */
  readonly reason: string;
  /** Ids of its input nodes. */
  readonly deps: readonly string[];
}

/** Options of {@linkcode sweepStatus}. */
export interface SweepStatusOptions<S extends EngineSpec> {
  /** The study: schema and stages. */
  readonly study: Study<S>;
  /** `--set key=value` overrides. @default [] */
  readonly set?: readonly string[];
  /** Only these variants. @default all */
  readonly variants?: readonly string[];
}

/**
 * Explain a sweep's graph.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the study and the overrides `run` takes
 * @returns unique nodes in dependency order
 * @throws {SpecError} on a bad spec
 */
export async function sweepStatus<S extends EngineSpec>(
  specPath: string,
  workspace: Workspace,
  options: SweepStatusOptions<S>,
): Promise<SweepNodeStatus[]> {
  const { study } = options;
  const set = options.set ?? [];
  const loaded = await loadSpecFile(specPath, { schema: study.schema, set });
  const variants = loaded.variants.filter((v) => !options.variants || options.variants.includes(v.name));
  const graph = await planSweep(variants, { stagesFor: (spec) => study.stagesFor(spec), hasher: workspace.hasher });
  const byId = new Map<string, StageStatus>();
  for (const v of await specStatus(specPath, workspace, { study, set })) {
    for (const s of v.stages) if (!byId.has(s.id)) byId.set(s.id, s);
  }
  return graph.nodes.map((n) => {
    const s = byId.get(n.id);
    return {
      id: n.id,
      stage: n.planned.stage.name,
      state: s?.state ?? "stale",
      needs: n.needs,
      variants: n.variants,
      reason: s?.reason ?? "",
      deps: n.deps,
    };
  });
}
