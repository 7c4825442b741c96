import assert from "node:assert/strict";
import { binaryEndpoint } from "../../stats/mod.ts";
import { numbers, readCsv } from "./_reference.ts";

Deno.test("binaryEndpoint() labels events, survivors and excludes early censoring", async () => {
  const csv = await readCsv("data/survival.csv");
  const time = numbers(csv, "time");
  const event = numbers(csv, "event");
  const e = binaryEndpoint(time, event, { horizon: 12 });
  let ev = 0;
  let no = 0;
  let ex = 0;
  time.forEach((t, i) => {
    if (event[i] === 1 && t <= 12) ev++;
    else if (t > 12) no++;
    else ex++;
  });
  assert.deepEqual([e.nEvent, e.nNoEvent, e.nExcluded], [ev, no, ex]);
  assert.equal(e.included.length, ev + no);
  assert.ok(ex > 0);
  // boundary: an event exactly at the horizon counts; censoring exactly at it is excluded
  const b = binaryEndpoint([24, 24, 24.5], [1, 0, 0], { horizon: 24 });
  assert.deepEqual([...b.labels], [1, NaN, 0]);
});

Deno.test("binaryEndpoint() rejects bad input", () => {
  assert.throws(() => binaryEndpoint([1], [1, 0], { horizon: 24 }), RangeError);
  assert.throws(() => binaryEndpoint([NaN], [1], { horizon: 24 }), RangeError);
  assert.throws(() => binaryEndpoint([3], [2], { horizon: 24 }), RangeError);
  assert.throws(() => binaryEndpoint([3], [1], { horizon: 0 }), RangeError);
});
