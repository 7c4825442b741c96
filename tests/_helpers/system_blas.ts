/** Test helper: whether a system BLAS library loads here (tests that need it are skipped without it). */
import { loadBlas } from "../../pipeline/model/blas/load_blas.ts";

/** True when `loadBlas()` finds and opens a CBLAS library on this machine. */
export function systemBlasPresent(): boolean {
  try {
    loadBlas({ threads: 1 }).close();
    return true;
  } catch {
    return false;
  }
}
