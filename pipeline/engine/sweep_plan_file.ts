/**
 * `plan.json` of a submission: the sweep's variants (validated specs) and its unique nodes, enough
 * for a stage job on any node to re-plan its variant and find its stage by id, and for `runs show`
 * and `runs sync` to explain and record the submission later.
 *
 * @module
 */
import type { ResourceNeeds } from "./resources.ts";
import type { RunFolder } from "./run_folder.ts";
import type { SpecVariant } from "./spec.ts";
import type { SweepGraph } from "./sweep_graph.ts";

/** The stored plan. */
export interface SweepPlanFile {
  /** Submission id. */
  readonly id: string;
  readonly createdAt: string;
  /** The spec file as given. */
  readonly specPath: string;
  /** `local` or `slurm`. */
  readonly executor: string;
  /** Variants with their tracked run ids. */
  readonly variants: readonly { readonly name: string; readonly runId: string; readonly spec: SpecVariant["spec"] }[];
  /** Unique nodes in dependency order. */
  readonly nodes: readonly {
    readonly id: string;
    readonly stage: string;
    readonly deps: readonly string[];
    readonly variants: readonly string[];
    readonly needs: ResourceNeeds;
  }[];
}

/**
 * Write a sweep's plan into its submission folder.
 *
 * @param folder the submission folder (created)
 * @param plan what to store: the graph plus id, spec path, executor and run ids
 */
export async function writeSweepPlan(
  folder: RunFolder,
  plan: { graph: SweepGraph; specPath: string; executor: string; runIds: Readonly<Record<string, string>> },
): Promise<void> {
  const file: SweepPlanFile = {
    id: folder.id,
    createdAt: new Date().toISOString(),
    specPath: plan.specPath,
    executor: plan.executor,
    variants: plan.graph.variants.map((v) => ({
      name: v.variant.name,
      runId: plan.runIds[v.variant.name] ?? "",
      spec: v.variant.spec,
    })),
    nodes: plan.graph.nodes.map((n) => ({
      id: n.id,
      stage: n.planned.stage.name,
      deps: n.deps,
      variants: n.variants,
      needs: n.needs,
    })),
  };
  await folder.create();
  await Deno.writeTextFile(folder.planPath, JSON.stringify(file, null, 2));
}

/**
 * Read a submission's plan.
 *
 * @param folder the submission folder
 * @returns the stored plan, or `undefined` when the folder has none
 */
export async function readSweepPlan(folder: RunFolder): Promise<SweepPlanFile | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(folder.planPath)) as SweepPlanFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
