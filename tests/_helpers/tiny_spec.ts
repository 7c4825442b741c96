/** The smallest biomarker spec that runs every stage (10 synthetic patients, 1 epoch): e2e tests and chaos. */
export const TINY = `experiment: tiny
seed: 3
cohort:
  synthetic: {patients: 10, seed: 5, effect: strong, geometry: demo}
crop: {size_mm: [48, 48, 24], spacing_mm: [3, 3, 3]}
train: {epochs: 1, base_channels: 2, bottleneck_channels: 4, depth: 2, batch_size: 2, backend: cpu}
visualise: {iterations: 4, starts: 1, max_units: 1, patients: 1}
stats:
  lasso: {bootstrap: 8, top_k: 3, lambda: {nonzero: 3}}
  evaluation: {resamples: 8, protocols: [bootstrap-optimistic, bootstrap-nested]}
`;
