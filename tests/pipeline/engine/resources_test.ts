import assert from "node:assert/strict";
import { parseSpec } from "../../../pipeline/study/load_spec.ts";
import { stageNeeds, wallSeconds } from "../../../pipeline/engine/resources.ts";
import { sbatchArgs } from "../../../pipeline/engine/sbatch_args.ts";
import { RESOURCE_TARGETS } from "../../../pipeline/study/spec_schema.ts";
import { biomarkerStages, stagesFor } from "../../../pipeline/study/stages/registry.ts";

const TOY = "experiment: toy\nseed: 7\npipeline: toy\n";

Deno.test("stageNeeds: defaults < declaration < family override < exact-name override", () => {
  const stage = { name: "train_pet", resources: { cpus: "all" as const, memGb: 6, time: "24:00:00" } };
  assert.deepEqual(stageNeeds(stage), { cpus: "all", memGb: 6, gpus: 0, time: "24:00:00" });
  assert.deepEqual(
    stageNeeds(stage, { train: { cpus: 2, gpus: 1 }, train_pet: { cpus: 4 } }),
    { cpus: 4, memGb: 6, gpus: 1, time: "24:00:00" },
  );
  assert.deepEqual(stageNeeds({ name: "crop" }, { train: { cpus: 8 } }).cpus, 1);
});

Deno.test("spec resources: overrides are validated with file and line", () => {
  const ok = parseSpec(`${TOY}resources:\n  transform:\n    cpus: 2\n    mem_gb: 0.5\n`, "s.yaml");
  assert.deepEqual(ok.variants[0]!.spec.resources, { transform: { cpus: 2, mem_gb: 0.5 } });
  assert.throws(
    () => parseSpec(`${TOY}resources:\n  train:\n    memory: 8\n  trian:\n    cpus: 1\n`, "s.yaml"),
    (e: Error) =>
      /s\.yaml:6 resources\.train\.memory: unknown field/.test(e.message) &&
      /s\.yaml:7 resources\.trian: unknown field/.test(e.message),
  );
  assert.throws(
    () => parseSpec(`${TOY}resources:\n  train:\n    time: 3 days\n`, "s.yaml"),
    /s\.yaml:6 resources\.train\.time/,
  );
});

Deno.test("RESOURCE_TARGETS names exactly the study's stages and their families", () => {
  const names = [...biomarkerStages, ...stagesFor({ pipeline: "toy", modalities: [] })].map((s) => s.name);
  const families = names.filter((n) => n.includes("_")).map((n) => n.slice(0, n.lastIndexOf("_")));
  assert.deepEqual([...RESOURCE_TARGETS].sort(), [...new Set([...names, ...families])].sort());
});

Deno.test("wallSeconds reads Slurm wall times", () => {
  assert.equal(wallSeconds("00:30:00"), 1800);
  assert.equal(wallSeconds("2-00:00:00"), 172800);
  assert.throws(() => wallSeconds("90"), RangeError);
});

Deno.test("sbatchArgs: a stage's partition wins over --partition; all cores = a whole node", () => {
  const needs = stageNeeds({ name: "train_ct", resources: { cpus: "all" } }, { train: { gpus: 1, partition: "gpu" } });
  const args = sbatchArgs({ name: "t", log: "/l", needs, after: [] }, { partition: "cpu", sbatchArgs: ["--qos=long"] });
  assert.ok(
    args.includes("--exclusive") && args.includes("--gres=gpu:1") && args.includes("--partition=gpu"),
    args.join(" "),
  );
  assert.equal(args.at(-1), "--qos=long");
  assert.ok(!args.some((a) => a.startsWith("--dependency")));
});
