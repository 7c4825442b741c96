/**
 * MaxPool3D for the `cpu` backend, channels-last: the stock kernel scans each window once per
 * channel with strided reads; this one reads each window voxel's channels as one run into a row of
 * running maxima. Same result as stock bit for bit: each output is the largest non-NaN value of its
 * window by `>` (−Infinity when there is none), the stock kernel's own test.
 *
 * @module
 */

import { type backend_util, type KernelConfig, MaxPool3D } from "@tensorflow/tfjs-core";
import { float32Values, type StockKernels, withFallback } from "./_fast_common.ts";
import { takeFloat32 } from "./_buffer_pool.ts";
import { pool3dInfo, type PoolAttrs } from "./_max_pool3d_grad.ts";

function maxPool3d(x: Float32Array, info: backend_util.Conv3DInfo): Float32Array {
  const { batchSize: n, inDepth: d, inHeight: h, inWidth: w, inChannels: c } = info;
  const { outDepth: od, outHeight: oh, outWidth: ow, filterDepth: fd, filterHeight: fh, filterWidth: fw } = info;
  const y = takeFloat32(n * od * oh * ow * c);
  let out = 0;
  for (let b = 0; b < n; b++) {
    for (let z = 0; z < od; z++) {
      const z0 = z * info.strideDepth - info.padInfo.front;
      for (let r = 0; r < oh; r++) {
        const y0 = r * info.strideHeight - info.padInfo.top;
        for (let q = 0; q < ow; q++, out += c) {
          const x0 = q * info.strideWidth - info.padInfo.left;
          y.fill(-Infinity, out, out + c);
          for (let zz = Math.max(0, z0); zz < Math.min(d, z0 + fd); zz++) {
            for (let yy = Math.max(0, y0); yy < Math.min(h, y0 + fh); yy++) {
              for (let xx = Math.max(0, x0); xx < Math.min(w, x0 + fw); xx++) {
                const base = (((b * d + zz) * h + yy) * w + xx) * c;
                for (let ch = 0; ch < c; ch++) {
                  const v = x[base + ch]!;
                  if (v > y[out + ch]!) y[out + ch] = v;
                }
              }
            }
          }
        }
      }
    }
  }
  return y;
}

/**
 * Kernel config replacing the stock MaxPool3D for float32 NDHWC input.
 *
 * @param stock stock configs by kernel name, for the cases this kernel does not cover
 * @returns the config
 */
export function maxPool3dConfig(stock: StockKernels): KernelConfig {
  return withFallback(MaxPool3D, stock, ({ inputs, attrs }, backend) => {
    const x = inputs.x!;
    const values = float32Values(backend, x);
    const a = attrs as unknown as PoolAttrs & { dataFormat?: string };
    if (values === undefined || (a.dataFormat !== undefined && a.dataFormat !== "NDHWC")) return undefined;
    const info = pool3dInfo(x.shape, a);
    const shape = [info.batchSize, info.outDepth, info.outHeight, info.outWidth, info.inChannels];
    return backend.makeTensorInfo(shape, "float32", maxPool3d(values, info));
  });
}
