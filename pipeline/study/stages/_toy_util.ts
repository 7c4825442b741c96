/** Shared helper of the toy stages: optional slowness (for crash tests) and injected failure. */
export async function sleepAndMaybeFail(
  params: { sleepMs: number; fail: boolean },
  i: number,
  stage: string,
): Promise<void> {
  if (params.sleepMs > 0) await new Promise((r) => setTimeout(r, params.sleepMs));
  if (params.fail && i === 0) throw new Error(`injected failure in "${stage}" (toy.fail_at)`);
}
