/**
 * The tfjs entry point of `pipeline/visualise/`, the same imports as `pipeline/model/_tf.ts` (which
 * is private to its folder): tfjs-core, tfjs-layers for the gradient registry, the CPU backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";

tf.env().set("PROD", true);

export { tf };
