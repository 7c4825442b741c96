/** Run the real engine on a tiny spec up to some target stages, in a temporary workspace. */
import { planStages } from "../../../../pipeline/engine/graph.ts";
import { type PipelineResult, runPipeline } from "../../../../pipeline/engine/runner.ts";
import { parseSpec } from "../../../../pipeline/study/load_spec.ts";
import { stagesFor } from "../../../../pipeline/study/stages/registry.ts";
import { tempWorkspace } from "../../../_helpers/temp_workspace.ts";

/** Parse `yaml`, plan up to `targets`, run, and hand the result to `check` (the workspace is removed after). */
export async function withPlanRun(
  yaml: string,
  targets: string[],
  check: (result: PipelineResult) => Promise<void>,
): Promise<void> {
  const ws = await tempWorkspace();
  try {
    const spec = parseSpec(yaml, "stage.yaml").variants[0]!.spec;
    const plan = await planStages(stagesFor(spec), spec, { targets });
    await check(await runPipeline(plan, { cache: ws.cache }));
  } finally {
    await ws.cleanup();
  }
}

/** Three synthetic demo-geometry patients on a coarse grid (ingest and crop take a second). */
export const TINY_COHORT = "experiment: x\nseed: 1\ncohort: {synthetic: {patients: 3, seed: 4}}\n" +
  "crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}\n";

/** {@linkcode TINY_COHORT} with a CT-only two-level U-Net of two channels, one epoch on tfjs-cpu. */
export const TINY_NETWORK = TINY_COHORT + "modalities: [ct]\n" +
  "train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}\n";
