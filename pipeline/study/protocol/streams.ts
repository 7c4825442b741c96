/**
 * The random streams of the statistics, named once. A stage draws from `ctx.rng(label)`, which the
 * runner seeds as `createRng(seed, "<stage>/<label>")`; `deepmarker stats` draws from
 * {@linkcode stageStreams} with the same stage names, so the same seed gives the same resamples
 * through either door.
 *
 * @module
 */
import { createRng, type Rng } from "../../../stats/random.ts";

/** A factory of named random streams. */
export type Streams = (label: string) => Rng;

/** The stage whose streams the LASSO inclusion bootstrap draws from. */
export const INCLUSION_STAGE = "lasso";
/** The stage whose streams the evaluation splits draw from. */
export const EVALUATION_STAGE = "evaluate";

/**
 * The streams a stage's `ctx.rng` gives, outside the runner.
 *
 * @param seed the statistics seed
 * @param stage stage name
 * @returns the factory
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "../../../stats/random.ts";
 * import { stageStreams } from "./streams.ts";
 * assert.equal(stageStreams(7, "lasso")("inclusion/os2y").uniform(), createRng(7, "lasso/inclusion/os2y").uniform());
 * ```
 */
export function stageStreams(seed: number, stage: string): Streams {
  return (label) => createRng(seed, `${stage}/${label}`);
}

/** Label of the inclusion bootstrap of an endpoint. */
export function inclusionStream(endpoint: string): string {
  return `inclusion/${endpoint}`;
}

/**
 * Label of the evaluation splits of one endpoint under a protocol. One stream per endpoint and
 * protocol kind (`bootstrap` or `kfold`), shared by every model and both selection orders, so every
 * model — the signature, TLG, radiomics and the `cnn` stage's network — is tested on the same splits,
 * which paired comparisons need.
 */
export function evaluationStream(endpoint: string, protocol: string): string {
  return `evaluation/${endpoint}/${protocol.startsWith("bootstrap") ? "bootstrap" : "kfold"}`;
}
