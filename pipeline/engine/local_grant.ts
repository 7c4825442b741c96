/**
 * What a stage gets on this machine: its declared cores (at most the machine's), `"all"` resolved
 * to a share of the machine, its memory, GPUs and wall time as declared.
 *
 * @module
 */
import type { ResourceGrant, ResourceNeeds } from "./resources.ts";

/** Options of {@linkcode localGrant}. */
export interface LocalGrantOptions {
  /** Cores of the machine. @default navigator.hardwareConcurrency */
  readonly cores?: number;
  /** Cores a `cpus: "all"` stage gets (e.g. the machine split between parallel trainings). @default cores */
  readonly allCpus?: number;
}

/**
 * Resolve a stage's needs against this machine.
 *
 * @param needs the stage's resolved needs
 * @param options machine cores and the share of an `"all"` stage
 * @returns the grant the stage runs with
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { localGrant } from "./local_grant.ts";
 * const needs = { cpus: "all" as const, memGb: 4, gpus: 0, time: "24:00:00" };
 * assert.equal(localGrant(needs, { cores: 8 }).cpus, 8);
 * assert.equal(localGrant(needs, { cores: 8, allCpus: 4 }).cpus, 4);
 * assert.equal(localGrant({ ...needs, cpus: 16 }, { cores: 8 }).cpus, 8);
 * ```
 */
export function localGrant(needs: ResourceNeeds, options: LocalGrantOptions = {}): ResourceGrant {
  const cores = Math.max(1, options.cores ?? navigator.hardwareConcurrency ?? 1);
  const all = Math.max(1, Math.min(cores, options.allCpus ?? cores));
  return {
    cpus: needs.cpus === "all" ? all : Math.max(1, Math.min(needs.cpus, cores)),
    memGb: needs.memGb,
    gpus: needs.gpus,
    time: needs.time,
  };
}
