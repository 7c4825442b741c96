/**
 * A pool of float32 buffers for the fast `cpu` kernels. On this project's machine (a VM) the first
 * write to fresh memory costs ≈ 13 µs per 4 KiB page — 180 ms to fill a 57 MB activation of the
 * paper's U-Net, where a warm buffer takes 2 ms — and tfjs allocates a new array for every kernel
 * output, so a paper-size training step spent most of its time in page faults. The pool keeps the
 * arrays of disposed tensors (of 1024 floats or more) and hands them to the next kernel output of
 * the same length.
 *
 * Safety: only arrays the pool itself allocated are ever recycled, and never one that left the
 * backend. The pool hooks the backend's `write`/`move` (a second tensor or a view over a pooled
 * array marks it shared for good), `readSync` (what `dataSync()`/`data()` return may be kept by the
 * caller, so a read marks it shared) and `disposeData` (the array returns to the pool when its
 * tensor's data is freed and it was never shared). Arrays from the pool are dirty: kernels that
 * need zeros ask for {@linkcode zeroedFloat32}.
 *
 * @module
 */

/** The part of tfjs' `MathBackendCPU` the pool hooks. */
interface HookedBackend {
  data: { get(id: unknown): { values?: unknown } | undefined; has(id: unknown): boolean };
  write(values: unknown, shape: number[], dtype: string): unknown;
  move(dataId: unknown, values: unknown, shape: number[], dtype: string, refCount: number): void;
  readSync(dataId: unknown): unknown;
  disposeData(dataId: unknown, force?: boolean): boolean;
}

const HOOKED = ["write", "move", "readSync", "disposeData"] as const;

/** Arrays the pool allocated (by buffer), those now held by a tensor, and those never to reuse. */
let owned = new WeakSet<ArrayBufferLike>();
let live = new WeakSet<ArrayBufferLike>();
let shared = new WeakSet<ArrayBufferLike>();
const free = new Map<number, Float32Array[]>();
let freeBytes = 0;
let capBytes = 0;
let installed: HookedBackend | undefined;
/** Counters for profiling: recycled and fresh takes, arrays marked shared, arrays dropped at the cap. */
export const poolStats = { hits: 0, misses: 0, freshBytes: 0, shared: 0, dropped: 0 };

function defaultCap(): number {
  try {
    // Query first: without --allow-sys, Deno would prompt on a terminal.
    if (Deno.permissions.querySync({ name: "sys", kind: "systemMemoryInfo" }).state === "granted") {
      return Math.floor(Deno.systemMemoryInfo().total * 0.4);
    }
  } catch {
    // fall through
  }
  return 2 ** 31; // 2 GiB
}

/** Note that `values` is now the data of a tensor (or, if it already was, that it is shared). */
function noteWrite(values: unknown): void {
  if (!(values instanceof Float32Array) || !owned.has(values.buffer)) return;
  const whole = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
  if (!whole || live.has(values.buffer)) {
    shared.add(values.buffer);
    poolStats.shared++;
  } else live.add(values.buffer);
}

function valuesOf(backend: HookedBackend, dataId: unknown): Float32Array | undefined {
  const v = backend.data.get(dataId)?.values;
  return v instanceof Float32Array && owned.has(v.buffer) ? v : undefined;
}

/**
 * Hook the pool into a `cpu` backend instance (once; a second call is a no-op).
 *
 * @param backend tfjs' `MathBackendCPU` instance
 * @param cap most bytes kept free in the pool (default 40% of the machine's memory: a paper-size step holds ≈ 7 GB)
 */
export function installBufferPool(backend: object, cap = defaultCap()): void {
  if (installed !== undefined) return;
  const b = backend as HookedBackend;
  const proto = Object.getPrototypeOf(b) as HookedBackend;
  capBytes = cap;
  b.write = function (values, shape, dtype) {
    noteWrite(values);
    return proto.write.call(this, values, shape, dtype);
  };
  b.move = function (dataId, values, shape, dtype, refCount) {
    noteWrite(values);
    proto.move.call(this, dataId, values, shape, dtype, refCount);
  };
  b.readSync = function (dataId) {
    const v = valuesOf(b, dataId);
    if (v !== undefined && !shared.has(v.buffer)) {
      shared.add(v.buffer);
      poolStats.shared++;
    }
    return proto.readSync.call(this, dataId);
  };
  b.disposeData = function (dataId, force) {
    const v = valuesOf(b, dataId);
    const result = proto.disposeData.call(this, dataId, force);
    if (v !== undefined && !b.data.has(dataId)) {
      live.delete(v.buffer);
      if (!shared.has(v.buffer)) releaseFloat32(v);
    }
    return result;
  };
  installed = b;
}

/** Remove the hooks and drop every pooled array (no-op when not installed). */
export function uninstallBufferPool(): void {
  if (installed === undefined) return;
  for (const name of HOOKED) delete (installed as Partial<HookedBackend>)[name];
  installed = undefined;
  free.clear();
  freeBytes = 0;
  owned = new WeakSet();
  live = new WeakSet();
  shared = new WeakSet();
}

/**
 * A float32 array of length `n` with arbitrary contents: a recycled one when the pool has one,
 * else a new one the pool will take back when the tensor holding it is disposed.
 */
export function takeFloat32(n: number): Float32Array {
  if (installed === undefined || n < 1024) return new Float32Array(n);
  const stack = free.get(n);
  const reused = stack?.pop();
  if (reused !== undefined) {
    poolStats.hits++;
    freeBytes -= reused.byteLength;
    return reused;
  }
  const fresh = new Float32Array(n);
  poolStats.misses++;
  poolStats.freshBytes += fresh.byteLength;
  owned.add(fresh.buffer);
  return fresh;
}

/** Like {@linkcode takeFloat32}, filled with zeros. */
export function zeroedFloat32(n: number): Float32Array {
  if (installed === undefined || n < 1024) return new Float32Array(n);
  const stack = free.get(n);
  if (stack === undefined || stack.length === 0) return takeFloat32(n); // fresh memory is zero
  return takeFloat32(n).fill(0);
}

/**
 * Give back an array from {@linkcode takeFloat32} that no tensor holds (a kernel's scratch
 * buffer). Arrays the pool did not allocate, and shared ones, are ignored.
 */
export function releaseFloat32(a: Float32Array): void {
  if (installed === undefined || !owned.has(a.buffer) || live.has(a.buffer) || shared.has(a.buffer)) return;
  if (freeBytes + a.byteLength > capBytes) {
    poolStats.dropped++;
    return; // let the garbage collector have it
  }
  const stack = free.get(a.length);
  if (stack === undefined) free.set(a.length, [a]);
  else if (stack.includes(a)) return;
  else stack.push(a);
  freeBytes += a.byteLength;
}
