import assert from "node:assert/strict";
import { createRng, evaluationPartitions, rocAuc } from "../../../stats/mod.ts";
import { type CnnConfig, type CnnSample, predictCnn, selectBackend, trainCnn } from "../../../pipeline/model/mod.ts";

import { systemBlasPresent } from "../../_helpers/system_blas.ts";

await selectBackend({ pin: systemBlasPresent() ? "cpu+blas" : "cpu" }); // the training ladder's CPU rungs

const SHAPE = [8, 16, 16] as const;
const CONFIG: CnnConfig = { inputShape: SHAPE, channels: 1, blocks: 2, width: 4, dropout: 0.25 };

/** Noisy crops with one bright sphere of random radius; `label` is "the tumour is large" or a coin flip. */
function cohort(n: number, seed: number, effect: boolean): { samples: CnnSample[]; y: number[] } {
  const rng = createRng(seed, "cnn-cohort");
  const [d, h, w] = SHAPE;
  const samples: CnnSample[] = [];
  const y: number[] = [];
  for (let p = 0; p < n; p++) {
    const r = 1.5 + 3 * rng.uniform();
    const c = [d / 2 + rng.int(3) - 1, h / 2 + rng.int(5) - 2, w / 2 + rng.int(5) - 2];
    const img = new Float32Array(d * h * w);
    for (let z = 0; z < d; z++) {
      for (let yy = 0; yy < h; yy++) {
        for (let x = 0; x < w; x++) {
          const inside = (z - c[0]!) ** 2 + (yy - c[1]!) ** 2 + (x - c[2]!) ** 2 <= r * r;
          img[(z * h + yy) * w + x] = (inside ? 1 : 0) + 0.3 * rng.normal();
        }
      }
    }
    samples.push({ id: `P${p}`, channels: [img] });
    y.push(effect ? (r > 3 ? 1 : 0) : rng.int(2));
  }
  return { samples, y };
}

Deno.test("trainCnn() learns tumour volume: held-out AUC ≥ 0.8 at tiny size", () => {
  const { samples, y } = cohort(60, 7, true);
  const train = samples.slice(0, 40);
  const test = samples.slice(40);
  const net = trainCnn(train, y.slice(0, 40), CONFIG, { epochs: 12, batchSize: 4, learningRate: 3e-3, seed: 1 });
  const auc = rocAuc(y.slice(40), predictCnn(net, test)).estimate;
  net.dispose();
  assert.ok(auc >= 0.8, `held-out AUC ${auc}`);
});

Deno.test("trainCnn() on a null-effect cohort: 6-fold AUCs spread around 0.5 (the interval covers it)", () => {
  const { samples, y } = cohort(48, 11, false);
  const aucs = evaluationPartitions(y, { rng: createRng(3, "null"), protocol: { kind: "kfold", folds: 6 } }).map(
    (f) => {
      const tr = samples.flatMap((_, i) => (f.train[i] ? [i] : []));
      const te = samples.flatMap((_, i) => (f.test[i] ? [i] : []));
      const net = trainCnn(tr.map((i) => samples[i]!), tr.map((i) => y[i]!), CONFIG, { epochs: 6, seed: 2 });
      const p = predictCnn(net, te.map((i) => samples[i]!));
      net.dispose();
      return rocAuc(te.map((i) => y[i]!), p).estimate;
    },
  ).sort((a, b) => a - b);
  assert.ok(aucs[0]! <= 0.5 && aucs.at(-1)! >= 0.5, `fold AUCs ${aucs.map((a) => a.toFixed(2))}`);
});
