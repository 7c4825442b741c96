/**
 * deepmarker: reproducible deep-feature imaging-biomarker studies. The public library, one door per
 * area: the pipeline engine (specs, cache, runner, tracking), imaging (NIfTI, DICOM, SUV, RTSTRUCT,
 * crops), the 3D U-Net (training, ONNX export, onnxruntime inference), radiomics (IBSI), statistics,
 * visualisation, reports and the synthetic cohort.
 *
 * @example Run the embedded demo and print its report path
 * ```ts ignore
 * import { openWorkspace, runExperiment } from "./mod.ts";
 * const [run] = await runExperiment("experiments/demo.yaml", await openWorkspace());
 * console.log(run!.report);
 * ```
 *
 * @module
 */
export * from "./pipeline/mod.ts";
export * from "./pipeline/study/stages/mod.ts";
export * from "./pipeline/imaging/mod.ts";
export * from "./pipeline/model/mod.ts";
export * from "./pipeline/radiomics/mod.ts";
export * from "./pipeline/visualise/mod.ts";
export * from "./pipeline/study/protocol/mod.ts";
export * from "./stats/mod.ts";
export * from "./reports/mod.ts";
export * from "./fixtures/mod.ts";
