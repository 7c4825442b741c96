/**
 * One graph per sweep: every variant of a spec is planned, and a stage that several variants share
 * (same node id: same recipe, same input nodes) becomes one node. Executors run the nodes; tracking maps each node's
 * outcome back to every variant that uses it.
 *
 * @module
 */
import type { StageCache } from "./cache.ts";
import type { FileHasher } from "./file_hasher.ts";
import { type PlannedStage, planStages } from "./graph.ts";
import { type ResourceNeeds, type ResourceOverrides, stageNeeds } from "./resources.ts";
import { resolveEntries } from "./runner.ts";
import type { EngineSpec, SpecVariant } from "./spec.ts";
import type { CacheEntry, StageDefinition } from "./stage.ts";

/** One unique stage of a sweep. */
export interface SweepNode {
  /** Static id of the stage's recipe and its inputs' ids (shared by variants that share the stage). */
  readonly id: string;
  /** The planned stage (from the first variant that uses it). */
  readonly planned: PlannedStage;
  /** Ids of its input nodes. */
  readonly deps: readonly string[];
  /** Names of the variants that use it, in matrix order. */
  readonly variants: readonly string[];
  /** What it needs to run (declaration + the first variant's `resources`). */
  readonly needs: ResourceNeeds;
}

/** One variant's view of the graph. */
export interface SweepVariant {
  readonly variant: SpecVariant;
  /** Its planned stages, in run order. */
  readonly plan: readonly PlannedStage[];
  /** Node id of each of its stages, by stage name. */
  readonly nodeOf: Readonly<Record<string, string>>;
}

/** A whole sweep. */
export interface SweepGraph {
  /** Unique nodes in dependency order. */
  readonly nodes: readonly SweepNode[];
  readonly variants: readonly SweepVariant[];
}

/** Options of {@linkcode planSweep}. */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface PlanSweepOptions<S extends EngineSpec = any> {
  /** The stages of a variant (the study's `stagesFor`). */
  stagesFor(spec: S): readonly StageDefinition<unknown, S>[];
  /** Memoising file hasher. */
  readonly hasher?: FileHasher;
}

/**
 * Plan every variant and merge their stages into one graph of unique nodes.
 *
 * @param variants the spec's variants
 * @param options the study's stages and a file hasher
 * @returns nodes (dependency order, each once) and each variant's plan
 */
export async function planSweep<S extends EngineSpec>(
  variants: readonly SpecVariant<S>[],
  options: PlanSweepOptions<S>,
): Promise<SweepGraph> {
  const nodes = new Map<string, SweepNode>();
  const out: SweepVariant[] = [];
  for (const variant of variants) {
    const plan = await planStages(options.stagesFor(variant.spec), variant.spec, {
      ...(options.hasher ? { hasher: options.hasher } : {}),
    });
    const nodeOf: Record<string, string> = {};
    for (const planned of plan) {
      const id = planned.id;
      nodeOf[planned.stage.name] = id;
      const seen = nodes.get(id);
      if (seen) {
        nodes.set(id, { ...seen, variants: [...seen.variants, variant.name] });
        continue;
      }
      const overrides = (variant.spec as { resources?: ResourceOverrides }).resources ?? {};
      nodes.set(id, {
        id,
        planned,
        deps: planned.stage.inputs.map((i) => planned.inputIds[i]!),
        variants: [variant.name],
        needs: stageNeeds(planned.stage, overrides),
      });
    }
    out.push({ variant, plan, nodeOf });
  }
  return { nodes: [...nodes.values()], variants: out };
}

/**
 * The entries of a sweep that already exist (walking each variant's plan from its roots; a node
 * after one that must run has no known key yet).
 *
 * @param graph the sweep
 * @param cache the stage cache
 * @returns node id → its entry, for the nodes that are cached
 */
export async function knownEntries(graph: SweepGraph, cache: StageCache): Promise<Map<string, CacheEntry>> {
  const out = new Map<string, CacheEntry>();
  for (const v of graph.variants) {
    for (const [stage, r] of await resolveEntries(v.plan, cache)) if (r.entry) out.set(v.nodeOf[stage]!, r.entry);
  }
  return out;
}
