/** Shared input checks for the survival routines (private). @module */

/** Validated (time, event) arrays. */
export function checkSurvival(time: ArrayLike<number>, event: ArrayLike<number>, what: string): void {
  if (time.length !== event.length) {
    throw new RangeError(`Cannot ${what}: ${time.length} times but ${event.length} event flags`);
  }
  if (time.length === 0) throw new RangeError(`Cannot ${what}: no subjects`);
  for (let i = 0; i < time.length; i++) {
    if (!(Number.isFinite(time[i]!) && time[i]! >= 0)) {
      throw new RangeError(`Cannot ${what}: time ${i} is "${time[i]}"`);
    }
    if (event[i] !== 0 && event[i] !== 1) {
      throw new RangeError(`Cannot ${what}: event ${i} is "${event[i]}", expected 0 or 1`);
    }
  }
}

/** Distinct times ascending with, per time, deaths and censorings among `rows`. */
export function riskTable(time: ArrayLike<number>, event: ArrayLike<number>, rows: readonly number[]) {
  const sorted = [...rows].sort((a, b) => time[a]! - time[b]!);
  const times: number[] = [];
  const deaths: number[] = [];
  const censored: number[] = [];
  const atRisk: number[] = [];
  let k = 0;
  while (k < sorted.length) {
    const t = time[sorted[k]!]!;
    let d = 0;
    let c = 0;
    let j = k;
    while (j < sorted.length && time[sorted[j]!] === t) {
      if (event[sorted[j]!] === 1) d++;
      else c++;
      j++;
    }
    times.push(t);
    deaths.push(d);
    censored.push(c);
    atRisk.push(sorted.length - k);
    k = j;
  }
  return { times, deaths, censored, atRisk };
}
