import assert from "node:assert/strict";
import { loadSpec, parseSpec } from "../../../pipeline/study/load_spec.ts";
import { SpecError } from "../../../pipeline/errors.ts";

const BASE = "experiment: demo\nseed: 1\n";

/** Each malformed spec with the exact message it must produce. */
const MALFORMED: Array<[string, string, string, string[]?]> = [
  ["negative epochs", BASE + "train:\n  epochs: -3\n", "x.yaml:4 train.epochs: expected a positive integer, got -3"],
  [
    "fractional epochs",
    BASE + "train:\n  epochs: 2.5\n",
    "x.yaml:4 train.epochs: expected a positive integer, got 2.5",
  ],
  ["typo in a key", BASE + "train:\n  epoch: 3\n", 'x.yaml:4 train.epoch: unknown field (did you mean "epochs"?)'],
  ["unknown top-level key", BASE + "sed: 3\n", 'x.yaml:3 sed: unknown field (did you mean "seed"?)'],
  ["missing seed", "experiment: demo\n", "x.yaml:1 seed: required field is missing (expected a non-negative integer)"],
  ["seed as text", "experiment: demo\nseed: abc\n", 'x.yaml:2 seed: expected a non-negative integer, got "abc"'],
  [
    "bad experiment name",
    "experiment: 'my demo'\nseed: 1\n",
    `x.yaml:1 experiment: expected a name of letters, digits, '_', '-' or '.', got "my demo"`,
  ],
  [
    "wrong enum",
    BASE + "train:\n  norm: layer\n",
    'x.yaml:4 train.norm: expected batch, instance or none, got "layer"',
  ],
  [
    "both cohort sources",
    BASE + "cohort:\n  dir: data\n  synthetic: {patients: 4}\n",
    'x.yaml:3 cohort: expected exactly one of synthetic or dir, got {"dir":"data","synthetic":{"patients":4}}',
  ],
  [
    "zero synthetic patients",
    BASE + "cohort:\n  synthetic:\n    patients: 0\n",
    "x.yaml:5 cohort.synthetic.patients: expected a positive integer, got 0",
  ],
  [
    "crop size not a triple",
    BASE + "crop:\n  size_mm: [96, 96]\n",
    "x.yaml:4 crop.size_mm: expected a list of three positive numbers, got [96,96]",
  ],
  [
    "fraction out of range",
    BASE + "stats:\n  evaluation:\n    train_fraction: 1.5\n",
    "x.yaml:5 stats.evaluation.train_fraction: expected a number between 0 and 1, got 1.5",
  ],
  ["unknown modality", BASE + "modalities: [ct, mri]\n", 'x.yaml:3 modalities.1: expected ct or pet, got "mri"'],
  [
    "YAML syntax",
    BASE + "train: [1\n",
    "x.yaml:4 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ],
  ["bad --set value", BASE, '--set train.epochs: expected a positive integer, got "many"', ["train.epochs=many"]],
  ["--set without =", BASE, "--set train.epochs: expected KEY=VALUE, e.g. train.epochs=5", ["train.epochs"]],
  [
    "bad matrix value",
    BASE + "matrix:\n  grid:\n    stats.lasso.top_k: [10, -1]\n",
    'x.yaml:3 matrix variant "stats.lasso.top_k=-1": stats.lasso.top_k: expected a positive integer, got -1',
  ],
  ["top level not a mapping", "- a\n- b\n", "x.yaml:1 expected a mapping at the top level"],
  [
    "CNN comparator without a k-fold protocol",
    BASE + "cnn:\n  enabled: true\n",
    "x.yaml:4 cnn.enabled: the CNN comparator is evaluated by k-fold CV: add kfold-optimistic or kfold-nested to " +
    "stats.evaluation.protocols, got true",
  ],
];

Deno.test("parseSpec() rejects malformed specs with file, line and field", async (t) => {
  for (const [name, text, expected, set] of MALFORMED) {
    await t.step(name, () => {
      assert.throws(() => parseSpec(text, "x.yaml", set ? { set } : {}), (e: unknown) => {
        assert.ok(e instanceof SpecError, `expected SpecError, got ${e}`);
        assert.equal(e.message, expected);
        return true;
      });
    });
  }
});

Deno.test("parseSpec() reports every problem at once", () => {
  const text = BASE + "train:\n  epochs: 0\n  batch_size: -1\n";
  assert.throws(() => parseSpec(text, "x.yaml"), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.deepEqual(e.issues, [
      "x.yaml:4 train.epochs: expected a positive integer, got 0",
      "x.yaml:5 train.batch_size: expected a positive integer, got -1",
    ]);
    assert.match(e.message, /^Cannot load spec "x.yaml": 2 problems\n/);
    return true;
  });
});

Deno.test("parseSpec() fills defaults and applies --set overrides", () => {
  const s = parseSpec(BASE + "train:\n  epochs: 3\n", "x.yaml", { set: ["train.epochs=5", "stats.lasso.top_k=10"] });
  assert.equal(s.variants.length, 1);
  const spec = s.variants[0]!.spec;
  assert.equal(spec.train.epochs, 5);
  assert.equal(spec.stats.lasso.top_k, 10);
  assert.equal(spec.train.batch_size, 2);
  assert.deepEqual(spec.crop.size_mm, [96, 96, 48]);
  assert.deepEqual(spec.endpoints.map((e) => e.name), ["os2y", "os5y", "dss2y", "dss5y"]);
});

Deno.test("parseSpec() expands named variants times a grid", () => {
  const text = BASE +
    "matrix:\n  variants:\n    ct: {modalities: [ct]}\n    pet: {modalities: [pet]}\n  grid:\n    stats.lasso.top_k: [10, 40]\n";
  const s = parseSpec(text, "x.yaml");
  assert.deepEqual(s.variants.map((v) => v.name), [
    "ct,stats.lasso.top_k=10",
    "ct,stats.lasso.top_k=40",
    "pet,stats.lasso.top_k=10",
    "pet,stats.lasso.top_k=40",
  ]);
  assert.deepEqual(s.variants[3]!.spec.modalities, ["pet"]);
  assert.equal(s.variants[3]!.spec.stats.lasso.top_k, 40);
  assert.equal("matrix" in s.variants[0]!.spec, false);
});

Deno.test("loadSpec() merges a spec over the file it extends and points errors at the right file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/base.yaml`, "experiment: base\nseed: 1\ntrain:\n  epochs: 7\n  batch_size: 4\n");
    await Deno.writeTextFile(`${dir}/child.yaml`, "extends: base.yaml\nexperiment: child\ntrain:\n  epochs: 3\n");
    const { variants } = await loadSpec(`${dir}/child.yaml`);
    assert.equal(variants[0]!.spec.experiment, "child");
    assert.equal(variants[0]!.spec.train.epochs, 3);
    assert.equal(variants[0]!.spec.train.batch_size, 4);
    await Deno.writeTextFile(`${dir}/bad.yaml`, "extends: base.yaml\ntrain:\n  batch_size: -4\n");
    await assert.rejects(() => loadSpec(`${dir}/bad.yaml`), {
      message: `${dir}/bad.yaml:3 train.batch_size: expected a positive integer, got -4`,
    });
    await Deno.writeTextFile(`${dir}/base.yaml`, "experiment: base\nseed: 1\ntrain:\n  epoch: 7\n");
    await assert.rejects(() => loadSpec(`${dir}/child.yaml`), {
      message: `${dir}/base.yaml:4 train.epoch: unknown field (did you mean "epochs"?)`,
    });
    await Deno.writeTextFile(`${dir}/loop.yaml`, "extends: loop.yaml\n");
    await assert.rejects(() => loadSpec(`${dir}/loop.yaml`), /extends: cycle/);
    await Deno.writeTextFile(`${dir}/orphan.yaml`, "extends: nope.yaml\n");
    await assert.rejects(() => loadSpec(`${dir}/orphan.yaml`), {
      message: `${dir}/orphan.yaml:1 extends: cannot read "${dir}/nope.yaml"`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
