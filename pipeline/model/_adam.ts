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
}

/** An Adam optimiser bound to a list of variables. */
export interface Adam {
  /** Number of updates applied so far. */
  readonly step: number;
  /** Apply one update with learning rate `lr`; disposes nothing of the caller's. */
  update(grads: Readonly<Record<string, tf.Tensor>>, lr: number): void;
  /** Moments as plain arrays, `m/<name>` and `v/<name>`. */
  state(): { step: number; moments: Map<string, Float32Array> };
  /** Restore what {@linkcode Adam.state} returned. */
  restore(step: number, moments: ReadonlyMap<string, Float32Array>): void;
  dispose(): void;
}

/** Adam over `variables` (keyed by the names used in `grads`). */
export function adam(variables: ReadonlyMap<string, tf.Variable>, options: AdamOptions = {}): Adam {
  const b1 = options.beta1 ?? 0.9;
  const b2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-7;
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
    state() {
      const moments = new Map<string, Float32Array>();
      for (const [name, t] of m) moments.set(`m/${name}`, (t.dataSync() as Float32Array).slice());
      for (const [name, t] of v) moments.set(`v/${name}`, (t.dataSync() as Float32Array).slice());
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
