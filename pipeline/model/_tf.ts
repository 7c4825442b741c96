/**
 * The one tfjs entry point of `pipeline/model/`: tfjs-core plus the side-effect imports every
 * model file needs.
 *
 * Why import tfjs-layers: tfjs-core's Node bundle (`tf-core.node.js`) registers no gradients, and
 * its ESM build (`register_all_gradients.js`) uses extension-less imports that Deno cannot resolve;
 * tfjs-layers' bundle registers the full gradient set into tfjs' global registry.
 * `PROD` silences the "install tfjs-node" banner (and tfjs' debug checks).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";

tf.env().set("PROD", true);

export { tf };
