/**
 * BLAS conv3d kernels vs stock tfjs-cpu (and onnxruntime-node Conv, forward) at the demo and paper
 * geometries, plus the training step of the project's own 3D U-Net (`unet3d`, soft Dice + BCE,
 * `variableGrads`, our Adam — the step `trainUNet` runs) at the demo and paper configurations.
 * Two modes:
 *
 * - `deno bench -A bench/blas_bench.ts` (what `deno task bench` runs): Deno.bench groups, stock
 *   tfjs-cpu as the baseline. The stock paper-size step takes minutes, so the paper group has its
 *   stock baseline only with `DEEPMARKER_BENCH_PAPER=1`; without it the cpu+blas paper step is
 *   measured alone and `deno task bench` prints the projected paper training hours from it;
 * - `deno run -A bench/blas_bench.ts [--full]`: a markdown table of GFLOP/s, step times, speedups and
 *   the projected hours to train the paper's two networks (96 patients, 100 epochs, batch 2). The
 *   stock paper step is measured only with `--full` (or `DEEPMARKER_BENCH_PAPER=1`);
 * - `deno run -A bench/blas_bench.ts --json [--threads N]`: the training steps against the machine's
 *   ceiling, as one JSON object: demo and paper step ms on `cpu+blas` with N threads (default
 *   `DEEPMARKER_BLAS_THREADS`, else all cores) and with 1 thread in the same run, their CPU ms, the stock
 *   demo step, the convolutions' GFLOP/s inside the paper step and their fraction of `peak_gflops`
 *   (`sgemm` 512³ on all cores), and the projected paper training hours.
 *
 * The stock baseline is the same step on stock kernels with the tensor-op Adam (what training ran
 * before the BLAS rung); cpu+blas uses the fused Adam. Timings on a shared machine are noisy: read
 * the ratio of one run, not absolute times across runs.
 *
 * Letters: N batch, D/H/W spatial, C channels (NDHWC everywhere except ORT, which is NCDHW).
 *
 * @module
 */

import { tf } from "../pipeline/model/_tf.ts";
import * as ort from "onnxruntime-node";
import process from "node:process";
import {
  defaultBlasThreads,
  registerBlasKernels,
  sgemmPeakGflops,
  unregisterBlasKernels,
} from "../pipeline/model/blas/mod.ts";
import { unet3d, type UNetConfig } from "../pipeline/model/unet3d.ts";
import { adam } from "../pipeline/model/_adam.ts";
import { demoUNet, paperUNet } from "./_spec_unets.ts";

await tf.setBackend("cpu");

type Path = "blas" | "tfjs-cpu";
let blasThreads = defaultBlasThreads();
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

let current: Path = "tfjs-cpu";

/** Switch kernels (only when the path changes: registering anew empties the buffer pool). */
async function use(path: Path): Promise<void> {
  if (path === current) return;
  unregisterBlasKernels();
  if (path === "blas") {
    const r = await registerBlasKernels({ threads: blasThreads });
    if (!r.ok) throw new Error(r.reason);
  }
  current = path;
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

/** The training step of `trainUNet` (its loss and optimiser) on a fixed batch of 2 random crops. */
function unetStep(config: UNetConfig, fusedAdam: boolean): { step: () => void; dispose: () => void } {
  const [d, h, w] = config.inputShape;
  const n = 2;
  const net = unet3d(config, { seed: 1 });
  const trainable = [...net.variables.values()].filter((v) => v.trainable);
  const names = new Map([...net.variables].map(([name, v]) => [v.name, name]));
  const optimiser = adam(new Map([...net.variables].filter(([, v]) => v.trainable)), { fused: fusedAdam });
  const x = tf.randomNormal([n, d, h, w, 1], 0, 1, "float32", 6) as tf.Tensor5D;
  const y = tf.cast(tf.greater(tf.randomUniform([n, d, h, w, 1], 0, 1, "float32", 7), 0.7), "float32");
  const loss = () =>
    tf.tidy(() => {
      const logits = net.forward(x, { training: true }).logits;
      const p = tf.sigmoid(logits);
      const inter = tf.sum(tf.mul(p, y));
      const dice = tf.sub(1, tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(y)), 1)));
      return tf.add(dice, tf.losses.sigmoidCrossEntropy(y, logits)) as tf.Scalar;
    });
  return {
    step: () => {
      const { value, grads } = tf.variableGrads(loss, trainable);
      optimiser.update(Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k)!, g])), 1e-3);
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    dispose: () => {
      optimiser.dispose();
      net.dispose();
      tf.dispose([x, y]);
    },
  };
}

/** The demo and paper U-Nets (`experiments/demo.yaml`, `experiments/paper.yaml`), batch 2. */
const UNETS: { name: string; config: UNetConfig; paper: boolean }[] = [
  { name: `demo U-Net ${describe(demoUNet)}, batch 2`, config: demoUNet, paper: false },
  { name: `paper U-Net ${describe(paperUNet)}, batch 2`, config: paperUNet, paper: true },
];

/** `32×32×16 (depth 3, base 8, bottleneck 16)`: input W×H×D and the channel plan. */
function describe(c: UNetConfig): string {
  const [d, h, w] = c.inputShape;
  return `${w}×${h}×${d} (depth ${c.depth}, base ${c.baseChannels}, bottleneck ${c.bottleneckChannels})`;
}

/** Hours to train the paper's two networks: 100 epochs of 96 patients in steps of 2 (validation included). */
function paperHours(secondsPerStep: number): number {
  return (2 * 100 * (96 / 2) * secondsPerStep) / 3600;
}

const stockPaper = Deno.env.get("DEEPMARKER_BENCH_PAPER") === "1";

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

/** Multiply-adds ×2 of a conv3d kernel call, from the shapes tfjs' profiler records. */
function convFlops(k: { name: string; inputShapes: number[][]; outputShapes: number[][] }): number {
  const size = (s: number[] | undefined) => (s ?? []).reduce((a, b) => a * b, 1);
  // [forward output or output gradient, filter [KD,KH,KW,C,K]] per kernel
  const [y, f] = k.name === "Conv3D"
    ? [k.outputShapes[0], k.inputShapes[1]]
    : k.name === "Conv3DBackpropInputV2"
    ? [k.inputShapes[0], k.inputShapes[1]]
    : [k.inputShapes[1], k.outputShapes[0]];
  return (2 * size(y) * size(f)) / (f?.at(-1) ?? 1);
}

/** One step's wall ms and process CPU ms (best of `runs`, after a warm-up), and its conv GFLOP/s when `profile`. */
async function stepFigures(config: UNetConfig, runs: number, profile: boolean) {
  const net = unetStep(config, true);
  net.step();
  let [wall, cpu] = [Infinity, Infinity];
  for (let i = 0; i < runs; i++) {
    const [t, c] = [performance.now(), process.cpuUsage()];
    net.step();
    const used = process.cpuUsage(c);
    [wall, cpu] = [Math.min(wall, performance.now() - t), Math.min(cpu, (used.user + used.system) / 1000)];
  }
  let convGflops: number | null = null;
  if (profile) {
    const info = await tf.profile(() => net.step());
    const convs = info.kernels.filter((k) => k.name.startsWith("Conv3D"));
    const ms = convs.reduce((a, k) => a + (k.kernelTimeMs as number), 0);
    convGflops = convs.reduce((a, k) => a + convFlops(k as never), 0) / (ms / 1000) / 1e9;
  }
  net.dispose();
  return { wall, cpu, convGflops };
}

/** The `--json` report: steps at N threads and 1 thread in one run, the stock demo step, the sgemm peak. */
async function jsonReport(threads: number): Promise<Record<string, number | null>> {
  const peak = sgemmPeakGflops({ threads: navigator.hardwareConcurrency });
  await use("tfjs-cpu");
  const stock = unetStep(demoUNet, false);
  const stockMs = 1000 * (await bestTime(stock.step, 0, 1));
  stock.dispose();
  const figures: Record<string, Awaited<ReturnType<typeof stepFigures>>> = {};
  for (const t of threads > 1 ? [threads, 1] : [1]) {
    blasThreads = t;
    current = "tfjs-cpu"; // force a new registration with this thread count
    await use("blas");
    figures[`demo${t}`] = await stepFigures(demoUNet, 3, false);
    figures[`paper${t}`] = await stepFigures(paperUNet, 1, t === threads);
  }
  unregisterBlasKernels();
  const [demo, paper, paper1] = [figures[`demo${threads}`]!, figures[`paper${threads}`]!, figures.paper1!];
  return {
    threads,
    "demo_step_ms": demo.wall,
    "demo_step_cpu_ms": demo.cpu,
    "stock_demo_step_ms": stockMs,
    "paper_step_ms": paper.wall,
    "paper_step_cpu_ms": paper.cpu,
    "paper_step_1_thread_ms": paper1.wall,
    "paper_step_1_thread_cpu_ms": paper1.cpu,
    "paper_conv_gflops": paper.convGflops,
    "peak_gflops": peak,
    "paper_conv_fraction_of_peak": paper.convGflops === null ? null : paper.convGflops / peak,
    "projected_paper_hours": paperHours(paper.wall / 1000),
  };
}

if (import.meta.main && Deno.args.includes("--json")) {
  const at = Deno.args.indexOf("--threads");
  const threads = at >= 0 ? Number(Deno.args[at + 1]) : defaultBlasThreads();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`--threads: expected a positive integer`);
  Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(await jsonReport(threads)) + "\n"));
} else if (import.meta.main) {
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
    "| U-Net training step | cpu+blas s/step | tfjs-cpu s/step | speedup | paper training, 2 nets × 96 patients × 100 epochs (cpu+blas) |",
    "|---|---|---|---|---|",
  );
  for (const u of UNETS) {
    const seconds: Record<string, number> = {};
    for (const path of ["blas", "tfjs-cpu"] as Path[]) {
      if (path === "tfjs-cpu" && u.paper && !full && !stockPaper) continue;
      await use(path);
      const net = unetStep(u.config, path === "blas");
      if (path === "blas") net.step(); // warm-up (buffer pool, JIT); a stock step is minutes at the paper size
      seconds[path] = await bestTime(net.step, 0, path === "blas" ? 3 : 1);
      net.dispose();
    }
    const stock = seconds["tfjs-cpu"];
    emit(
      `| ${u.name} | ${seconds.blas!.toFixed(3)} | ${stock?.toFixed(2) ?? "(--full)"} | ${
        stock ? (stock / seconds.blas!).toFixed(1) + "×" : ""
      } | ${u.paper ? paperHours(seconds.blas!).toFixed(1) + " h" : ""} |`,
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
  for (const u of UNETS) {
    const nets = new Map<Path, ReturnType<typeof unetStep>>();
    for (const path of ["tfjs-cpu", "blas"] as Path[]) {
      const stock = path === "tfjs-cpu";
      if (stock && u.paper && !stockPaper) continue;
      Deno.bench({
        name: `${stock ? "tfjs-cpu" : "cpu+blas"} ${u.paper ? "paper" : "demo"} step`,
        group: u.name,
        baseline: stock && (!u.paper || stockPaper),
        // A stock step is ≈ 9 s at the demo size and minutes at the paper size; cpu+blas warms its buffer pool first.
        ...(stock ? { n: u.paper ? 1 : 2, warmup: 0 } : { n: u.paper ? 3 : 10, warmup: u.paper ? 1 : 2 }),
        async fn(b) {
          await use(path);
          if (!nets.has(path)) nets.set(path, unetStep(u.config, !stock)); // built once, outside the timing
          b.start();
          nets.get(path)!.step();
          b.end();
        },
      });
    }
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
