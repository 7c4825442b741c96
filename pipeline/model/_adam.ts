/**
 * Adam (Kingma & Ba, 2015) over tfjs variables, written out so its state (step, first and second
 * moments) is plain data a checkpoint can save and restore exactly; tfjs' own optimiser hides it
 * behind async `getWeights()` and a learning rate fixed at construction.
 *
 * @module
 */
import { tf } from "./_tf.ts";

/** Adam hyper-parameters. */
export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /**
   * On the `cpu` backend, update each variable in one JavaScript pass over its values instead of
   * a dozen tensor ops (same float32 rounding at every step, so the same bits). @default true
   */
  readonly fused?: boolean;
}

/** An Adam optimiser bound to a list of variables. */
export interface Adam {
  /** Number of updates applied so far. */
  readonly step: number;
  /** Apply one update with learning rate `lr`; disposes nothing of the caller's. */
  update(grads: Readonly<Record<string, tf.Tensor>>, lr: number): void;
  /** Moments as plain arrays, `m/<name>` and `v/<name>` (read asynchronously: any backend). */
  state(): Promise<{ step: number; moments: Map<string, Float32Array> }>;
  /** Restore what {@linkcode Adam.state} returned. */
  restore(step: number, moments: ReadonlyMap<string, Float32Array>): void;
  dispose(): void;
}

interface Constants {
  b1: number;
  b2: number;
  eps: number;
  lr: number;
  c1: number;
  c2: number;
}

/**
 * One Adam update of `x` with moments `m`, `v` and gradient `g`, reading the `cpu` backend's
 * arrays and assigning new ones. Every operation of the tensor path is rounded to float32 in the
 * same order, and scalars enter as float32 as tfjs makes them, so the result is bit-identical.
 */
function fusedUpdate(x: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, k: Constants): void {
  const f = Math.fround;
  const [b1, omb1, b2, omb2] = [f(k.b1), f(1 - k.b1), f(k.b2), f(1 - k.b2)];
  const [lrc1, c2, eps] = [f(k.lr / k.c1), f(k.c2), f(k.eps)];
  const gs = g.dataSync() as Float32Array;
  const ms = m.dataSync() as Float32Array;
  const vs = v.dataSync() as Float32Array;
  const xs = x.dataSync() as Float32Array;
  const [m2, v2, x2] = [new Float32Array(gs.length), new Float32Array(gs.length), new Float32Array(gs.length)];
  for (let i = 0; i < gs.length; i++) {
    const gi = gs[i]!;
    const mi = f(f(ms[i]! * b1) + f(gi * omb1));
    const vi = f(f(vs[i]! * b2) + f(f(gi * gi) * omb2));
    m2[i] = mi;
    v2[i] = vi;
    x2[i] = xs[i]! - f(f(mi * lrc1) / f(f(Math.sqrt(f(vi / c2))) + eps));
  }
  // New tensors instead of writing in place: m and v start out sharing one zeros tensor.
  for (const [target, values] of [[m, m2], [v, v2], [x, x2]] as const) {
    const t = tf.tensor(values, target.shape, "float32");
    target.assign(t);
    t.dispose();
  }
}

/** Adam over `variables` (keyed by the names used in `grads`). */
export function adam(variables: ReadonlyMap<string, tf.Variable>, options: AdamOptions = {}): Adam {
  const b1 = options.beta1 ?? 0.9;
  const b2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-7;
  const fused = options.fused ?? true;
  const m = new Map<string, tf.Variable>();
  const v = new Map<string, tf.Variable>();
  for (const [name, x] of variables) {
    const zeros = tf.zerosLike(x);
    m.set(name, tf.variable(zeros, false));
    v.set(name, tf.variable(zeros, false));
    zeros.dispose(); // each variable keeps its own reference
  }
  let step = 0;
  return {
    get step() {
      return step;
    },
    update(grads, lr) {
      step++;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      if (fused && tf.getBackend() === "cpu") {
        const k = { b1, b2, eps, lr, c1, c2 };
        for (const [name, g] of Object.entries(grads)) {
          fusedUpdate(variables.get(name)!, m.get(name)!, v.get(name)!, g, k);
        }
        return;
      }
      tf.tidy(() => {
        for (const [name, g] of Object.entries(grads)) {
          const mi = m.get(name)!;
          const vi = v.get(name)!;
          const x = variables.get(name)!;
          mi.assign(tf.add(tf.mul(mi, b1), tf.mul(g, 1 - b1)));
          vi.assign(tf.add(tf.mul(vi, b2), tf.mul(tf.square(g), 1 - b2)));
          const stepSize = tf.div(tf.mul(mi, lr / c1), tf.add(tf.sqrt(tf.div(vi, c2)), eps));
          x.assign(tf.sub(x, stepSize));
        }
      });
    },
    async state() {
      const moments = new Map<string, Float32Array>();
      for (const [name, t] of m) moments.set(`m/${name}`, ((await t.data()) as Float32Array).slice());
      for (const [name, t] of v) moments.set(`v/${name}`, ((await t.data()) as Float32Array).slice());
      return { step, moments };
    },
    restore(savedStep, moments) {
      step = savedStep;
      for (const [key, values] of moments) {
        const [kind, ...rest] = key.split("/");
        const target = (kind === "m" ? m : v).get(rest.join("/"));
        if (target === undefined) throw new RangeError(`Cannot restore Adam state: unknown moment "${key}"`);
        tf.tidy(() => target.assign(tf.tensor(values, target.shape)));
      }
    },
    dispose() {
      m.forEach((t) => t.dispose());
      v.forEach((t) => t.dispose());
    },
  };
}
