/**
 * BLAS conv3d kernels vs stock tfjs-cpu (and onnxruntime-node Conv, forward) at the demo and paper
 * geometries, plus a small 3D U-Net training step. Two modes:
 *
 * - `deno bench -A bench/blas_bench.ts`: Deno.bench groups, stock tfjs-cpu as the baseline
 *   (paper-size stock cases run once: ~10 s each at 0.6 GFLOP/s);
 * - `deno run -A bench/blas_bench.ts [--full]`: a markdown table of GFLOP/s and step times and the
 *   projected hours to train the paper's two networks (96 patients, 100 epochs, batch 2). The
 *   stock paper U-Net step (minutes) is measured only with `--full`.
 *
 * Letters: N batch, D/H/W spatial, C channels (NDHWC everywhere except ORT, which is NCDHW).
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers"; // registers tfjs' gradients
import * as ort from "onnxruntime-node";
import { registerBlasKernels, unregisterBlasKernels } from "../pipeline/model/blas/mod.ts";

tf.env().set("PROD", true);
await tf.setBackend("cpu");

type Path = "blas" | "tfjs-cpu";
interface Geometry {
  name: string;
  x: [number, number, number, number, number];
  k: number;
}
const GEOMETRIES: Geometry[] = [
  { name: "demo 32×32×16×8→8", x: [2, 32, 32, 16, 8], k: 8 },
  { name: "paper 96×96×48×16→16", x: [1, 96, 96, 48, 16], k: 16 },
];
const OPS = ["forward", "input-grad", "filter-grad"] as const;

async function use(path: Path): Promise<void> {
  unregisterBlasKernels();
  if (path === "blas") {
    const r = await registerBlasKernels();
    if (!r.ok) throw new Error(r.reason);
  }
}

/** One conv3d op on fixed random tensors; returns a function that runs it once (synchronously). */
function convOp(g: Geometry, op: (typeof OPS)[number]): { run: () => void; flops: number; dispose: () => void } {
  const [n, d, h, w, c] = g.x;
  const x = tf.randomNormal(g.x, 0, 1, "float32", 1) as tf.Tensor5D;
  const f = tf.randomNormal([3, 3, 3, c, g.k], 0, 0.1, "float32", 2) as tf.Tensor5D;
  const dy = tf.randomNormal([n, d, h, w, g.k], 0, 1, "float32", 3) as tf.Tensor5D;
  const kernel = () => {
    if (op === "forward") return tf.conv3d(x, f, 1, "same");
    if (op === "input-grad") {
      return tf.engine().runKernel(tf.Conv3DBackpropInputV2, { dy, filter: f }, {
        strides: 1,
        pad: "same",
        inputShape: g.x,
      });
    }
    return tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x, dy }, {
      strides: 1,
      pad: "same",
      filterShape: f.shape,
    });
  };
  const run = () => tf.dispose(kernel() as tf.Tensor);
  return { run, flops: 2 * n * d * h * w * 27 * c * g.k, dispose: () => tf.dispose([x, f, dy]) };
}

/**
 * The generic ops of a U-Net step that `registerBlasKernels()` also replaces, on a demo-size
 * activation `[2, 16, 32, 32, 8]`: bias add, instance-norm arithmetic and moments, the channel
 * split of a concat gradient, the bias gradient and the ×2 upsampling tile.
 */
const GENERIC_OPS: Record<string, (x: tf.Tensor5D, c: tf.Tensor1D, m: tf.Tensor5D) => tf.Tensor | tf.Tensor[]> = {
  "bias add [N,D,H,W,C]+[C]": (x, c) => tf.add(x, c),
  "norm (x-mean)*rsqrt [N,1,1,1,C]": (x, _c, m) => tf.mul(tf.sub(x, m), m),
  "moments mean over D,H,W": (x) => tf.mean(x, [1, 2, 3], true),
  "bias grad sum over N,D,H,W": (x) => tf.sum(x, [0, 1, 2, 3]),
  "split channels 3+5": (x) => tf.split(x, [3, 5], 4),
  "tile ×2 along W": (x) => tf.tile(tf.reshape(x, [2 * 16 * 32 * 32, 1, 8]), [1, 2, 1]),
};

/** A varint/length-delimited protobuf writer, enough for a one-node ONNX model. */
function pb(fields: [number, number | string | Uint8Array][]): Uint8Array {
  const out: number[] = [];
  const varint = (v: number) => {
    for (; v >= 128; v = Math.floor(v / 128)) out.push((v % 128) | 128);
    out.push(v);
  };
  for (const [field, value] of fields) {
    if (typeof value === "number") {
      varint(field * 8);
      varint(value);
    } else {
      const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
      varint(field * 8 + 2);
      varint(bytes.length);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** ONNX model with one Conv node: y = Conv(x[N,C,D,H,W], w[K,C,3,3,3]), pads 1 ("same"). */
function onnxConvModel(g: Geometry): Uint8Array {
  const [n, d, h, w, c] = g.x;
  const shape = (dims: number[]) => pb(dims.map((v) => [1, pb([[1, v]])]));
  const input = (name: string, dims: number[]) => pb([[1, name], [2, pb([[1, pb([[1, 1], [2, shape(dims)]])]])]]);
  const ints = (name: string, values: number[]) =>
    pb([[1, name], [20, 7], ...values.map((v) => [8, v] as [number, number])]);
  const node = pb([[1, "x"], [1, "w"], [2, "y"], [4, "Conv"], [5, ints("pads", [1, 1, 1, 1, 1, 1])], [
    5,
    ints("kernel_shape", [3, 3, 3]),
  ]]);
  const output = pb([[1, "y"], [2, pb([[1, pb([[1, 1]])]])]]);
  const graph = pb([[1, node], [2, "conv"], [11, input("x", [n, c, d, h, w])], [11, input("w", [g.k, c, 3, 3, 3])], [
    12,
    output,
  ]]);
  return pb([[1, 8], [7, graph], [8, pb([[2, 13]])]]);
}

async function ortConv(g: Geometry): Promise<{ run: () => Promise<void>; flops: number }> {
  const [n, d, h, w, c] = g.x;
  const session = await ort.InferenceSession.create(onnxConvModel(g), {
    intraOpNumThreads: navigator.hardwareConcurrency,
  });
  const x = new ort.Tensor("float32", new Float32Array(n * c * d * h * w).fill(0.5), [n, c, d, h, w]);
  const wt = new ort.Tensor("float32", new Float32Array(g.k * c * 27).fill(0.01), [g.k, c, 3, 3, 3]);
  return { run: async () => void (await session.run({ x, w: wt })), flops: 2 * n * d * h * w * 27 * c * g.k };
}

/** A 3-level 3D U-Net (base B channels, input C=2) and one Adam step on random data. */
function unetStep(
  input: [number, number, number, number, number],
  base: number,
): { step: () => void; dispose: () => void } {
  const v = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / (27 * shape[3]!)), "float32", 5));
  const conv = (cin: number, cout: number) => [v([3, 3, 3, cin, cout]), v([3, 3, 3, cout, cout])];
  const b = base;
  const enc1 = conv(2, b);
  const enc2 = conv(b, 2 * b);
  const mid = conv(2 * b, 4 * b);
  const dec2 = conv(4 * b, 2 * b);
  const dec1 = conv(2 * b, b);
  const up2 = v([2, 2, 2, 2 * b, 4 * b]);
  const up1 = v([2, 2, 2, b, 2 * b]);
  const head = v([1, 1, 1, b, 1]);
  const weights = [...enc1, ...enc2, ...mid, ...dec2, ...dec1, up2, up1, head];
  const x = tf.randomNormal(input, 0, 1, "float32", 6) as tf.Tensor5D;
  const target = tf.cast(tf.greater(tf.randomUniform([...input.slice(0, 4), 1], 0, 1, "float32", 7), 0.7), "float32");
  const block = (t: tf.Tensor5D, [w1, w2]: tf.Variable[]) =>
    tf.relu(
      tf.conv3d(tf.relu(tf.conv3d(t, w1 as tf.Tensor5D, 1, "same")), w2 as tf.Tensor5D, 1, "same"),
    ) as tf.Tensor5D;
  const upTo = (t: tf.Tensor5D, w: tf.Variable, like: tf.Tensor5D) =>
    tf.conv3dTranspose(t, w as tf.Tensor5D, [...like.shape.slice(0, 4), w.shape[3]!] as never, 2, "same");
  const loss = () => {
    const e1 = block(x, enc1); // [N,D,H,W,B]
    const e2 = block(tf.maxPool3d(e1, 2, 2, "same"), enc2); // [N,D/2,H/2,W/2,2B]
    const m = block(tf.maxPool3d(e2, 2, 2, "same"), mid); // [N,D/4,H/4,W/4,4B]
    const d2 = block(tf.concat([upTo(m, up2, e2), e2], 4) as tf.Tensor5D, dec2);
    const d1 = block(tf.concat([upTo(d2, up1, e1), e1], 4) as tf.Tensor5D, dec1);
    return tf.losses.sigmoidCrossEntropy(target, tf.conv3d(d1, head as tf.Tensor5D, 1, "valid")) as tf.Scalar;
  };
  const optimizer = tf.train.adam(1e-3);
  return {
    step: () => tf.dispose(optimizer.minimize(loss, true, weights) ?? []),
    dispose: () => tf.dispose([...weights, x, target]),
  };
}

const UNETS = [
  {
    name: "demo U-Net 32×32×16 B=8, batch 2",
    input: [2, 32, 32, 16, 2] as [number, number, number, number, number],
    base: 8,
  },
  {
    name: "paper U-Net 96×96×48 B=16, batch 2",
    input: [2, 96, 96, 48, 2] as [number, number, number, number, number],
    base: 16,
  },
];

/** Best of at least `minRuns` runs and about `seconds`, in seconds. */
async function bestTime(fn: () => unknown, seconds: number, minRuns = 1): Promise<number> {
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < minRuns || performance.now() - start < seconds * 1000; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best / 1000;
}

if (import.meta.main) {
  const full = Deno.args.includes("--full");
  const encoder = new TextEncoder();
  // rows are written as they are measured: the paper-size stock cases take minutes
  const emit = (...rows: string[]) => Deno.stdout.writeSync(encoder.encode(rows.join("\n") + "\n"));
  emit("| case | BLAS | tfjs-cpu | ORT | BLAS/tfjs-cpu |", "|---|---|---|---|---|");
  for (const g of GEOMETRIES) {
    for (const op of OPS) {
      const gflops: Record<string, number> = {};
      for (const path of ["tfjs-cpu", "blas"] as Path[]) {
        await use(path);
        const c = convOp(g, op);
        gflops[path] = c.flops / (await bestTime(c.run, path === "blas" ? 1 : 0, path === "blas" ? 3 : 1)) / 1e9;
        c.dispose();
      }
      let ortCell = "";
      if (op === "forward") {
        const o = await ortConv(g);
        gflops.ort = o.flops / (await bestTime(o.run, 1, 3)) / 1e9;
        ortCell = `${gflops.ort.toFixed(2)} GFLOP/s`;
      }
      const cell = (p: string) => `${gflops[p]!.toFixed(2)} GFLOP/s`;
      emit(
        `| ${g.name} ${op} | ${cell("blas")} | ${cell("tfjs-cpu")} | ${ortCell} | ${
          (gflops.blas! / gflops["tfjs-cpu"]!).toFixed(1)
        }× |`,
      );
    }
  }
  emit(
    "",
    "| U-Net training step | BLAS s/step | tfjs-cpu s/step | speedup | paper training, 2 nets × 96 patients × 100 epochs (BLAS) |",
    "|---|---|---|---|---|",
  );
  for (const u of UNETS) {
    const seconds: Record<string, number> = {};
    for (const path of ["blas", "tfjs-cpu"] as Path[]) {
      if (path === "tfjs-cpu" && u.base > 8 && !full) continue;
      await use(path);
      const net = unetStep(u.input, u.base);
      net.step(); // warm-up (allocations, Adam slots)
      seconds[path] = await bestTime(net.step, 0, 2);
      net.dispose();
    }
    const hours = (2 * 100 * (96 / u.input[0]) * seconds.blas!) / 3600;
    const stock = seconds["tfjs-cpu"];
    emit(
      `| ${u.name} | ${seconds.blas!.toFixed(3)} | ${stock?.toFixed(2) ?? "(--full)"} | ${
        stock ? (stock / seconds.blas!).toFixed(1) + "×" : ""
      } | ${hours.toFixed(1)} h |`,
    );
  }
  unregisterBlasKernels();
} else {
  for (const g of GEOMETRIES) {
    for (const op of OPS) {
      for (const path of ["tfjs-cpu", "blas"] as Path[]) {
        const paperStock = path === "tfjs-cpu" && g.k > 8;
        Deno.bench({
          name: `${path} ${op}`,
          group: `conv3d ${g.name} ${op}`,
          baseline: path === "tfjs-cpu",
          ...(paperStock ? { n: 1, warmup: 0 } : {}),
          async fn(b) {
            await use(path);
            const c = convOp(g, op);
            b.start();
            c.run();
            b.end();
            c.dispose();
          },
        });
      }
    }
  }
  for (const path of ["tfjs-cpu", "blas"] as Path[]) {
    Deno.bench({
      name: `${path} step`,
      group: UNETS[0]!.name,
      baseline: path === "tfjs-cpu",
      n: path === "blas" ? 10 : 2,
      warmup: 1,
      async fn(b) {
        await use(path);
        const net = unetStep(UNETS[0]!.input, UNETS[0]!.base);
        b.start();
        net.step();
        b.end();
        net.dispose();
      },
    });
  }
  for (const [name, op] of Object.entries(GENERIC_OPS)) {
    for (const path of ["tfjs-cpu", "blas"] as Path[]) {
      Deno.bench({
        name: `${path} ${name}`,
        group: `generic ${name}`,
        baseline: path === "tfjs-cpu",
        async fn(b) {
          await use(path);
          const x = tf.randomNormal([2, 16, 32, 32, 8], 0, 1, "float32", 4) as tf.Tensor5D;
          const c = tf.randomNormal([8], 0, 1, "float32", 5) as tf.Tensor1D;
          const m = tf.randomNormal([2, 1, 1, 1, 8], 0, 1, "float32", 6) as tf.Tensor5D;
          b.start();
          tf.dispose(op(x, c, m));
          b.end();
          tf.dispose([x, c, m]);
        },
      });
    }
  }
}
