import * as fc from 'fast-check';
import { play, Scenario, scenario } from './scenario-model';

/**
 * Generated scenarios (see scenario-model.ts): releases interleaved with
 * faults, operator actions and dying steps; invariants a-e checked after
 * every call, every step and at the end. planted-defects.test.ts proves that
 * this generator and these invariants catch known defects.
 */
const SCENARIOS = Number(process.env.EBKIT_SCENARIOS ?? 1000);
const SEED = 20261204;

test(`${SCENARIOS} generated release scenarios keep invariants a-e (seed ${SEED})`, async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    await play(s);
  }), {
    numRuns: SCENARIOS,
    seed: SEED,
    endOnFailure: false,
    reporter: (details) => {
      if (details.failed) {
        // The shrunk scenario, to replay as a plain test: play(<this>).
        throw new Error(`scenario failed: ${JSON.stringify(details.counterexample?.[0])}\n${details.errorInstance}`);
      }
    },
  });
}, 900_000);

/** Counterexamples the generated suite found (shrunk), replayed as plain tests; see the README's failure modes. */
test.each([
  // The swap back went to the smaller environment (it was live, scaled down, when the release started) and left it so.
  { kind: 'good', alarmAfter: 30, sizes: 'live-scaled-down', faults: [{ step: 0, service: 'cloudwatch', kind: 'throttle', count: 7 }], actions: [], dies: [] },
  // A step died during that swap back: the safe end found v1 live and said "nothing to undo", without the restore.
  { kind: 'good', alarmAfter: 30, sizes: 'live-scaled-down', faults: [{ step: 0, service: 'cloudwatch', kind: 'throttle', count: 7 }], actions: [], dies: [{ step: 21, caught: true }] },
  { kind: 'good', alarmAfter: 30, sizes: 'live-scaled-down', faults: [], actions: [{ step: 0, phase: 'safe-end', action: 'cli-rollback-force' }], dies: [{ step: 12, caught: true }] },
  // rollback --force during the swap back broke the lock while the pair was busy, then failed: nobody restored the size.
  { kind: 'alarms', alarmAfter: 30, sizes: 'live-scaled-down', faults: [], actions: [{ step: 0, phase: 'waiting-swap-back', action: 'cli-rollback-force' }], dies: [] },
] as Scenario[])('counterexample %#: %j', async (s) => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await play(s);
});
