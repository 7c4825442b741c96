/** Shared helper of the toy stages: optional slowness (for crash and interrupt tests), injected failure, cancellation. */
export async function sleepAndMaybeFail(
  params: { sleepMs: number; fail: boolean },
  i: number,
  stage: string,
  signal?: AbortSignal,
): Promise<void> {
  if (params.sleepMs > 0) await new Promise((r) => setTimeout(r, params.sleepMs));
  signal?.throwIfAborted();
  if (params.fail && i === 0) throw new Error(`injected failure in "${stage}" (toy.fail_at)`);
}
