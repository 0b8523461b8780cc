/**
 * The generated suite can fail: the same scenario generator and invariants
 * (scenario-model.ts), fewer runs and a fixed seed, against the engine with a
 * known defect planted back in. Each defect is planted by replacing, in this
 * test's module registry only (jest.doMock), one function the engine imports:
 * nothing in the package's code knows about it, so no user can reach it.
 * Without a planted defect the same runs pass: they are the first runs of
 * scenarios.test.ts (same generator, same seed).
 */
import type * as capacityModule from '../../src/private/runtime/capacity';
import type * as environmentsModule from '../../src/private/runtime/environments';

const RUNS = 300;
const SEED = 20261204;

type Model = typeof import('./scenario-model');

/** Loads the scenario model (and the engine under it) afresh, with `plant` applied to the registry first. */
function modelWith(plant: () => void): Model {
  let model: Model | undefined;
  jest.isolateModules(() => {
    plant();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the model under the planted mocks
    model = require('./scenario-model');
  });
  return model!;
}

async function counterexample(model: Model): Promise<string> {
  const result = await model.explore(RUNS, SEED);
  expect(result.failed).toBe(true);
  expect(result.errorInstance).toBeInstanceOf(model.Violation);
  return `${(result.errorInstance as Error).message}\n${JSON.stringify(result.counterexample?.[0])}`;
}

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.dontMock('../../src/private/runtime/environments');
  jest.dontMock('../../src/private/runtime/capacity');
});

test('defect 1 planted (the swap back toggles without checking which environment is live): invariant a fails', async () => {
  const model = modelWith(() => {
    jest.doMock('../../src/private/runtime/environments', () => {
      const real: typeof environmentsModule = jest.requireActual('../../src/private/runtime/environments');
      return {
        ...real,
        // The swap back sees the new environment as live whatever Elastic Beanstalk says: a blind toggle.
        describePair: async (eb: any, state: any) => {
          const pair = await real.describePair(eb, state);
          if (state?.phase !== 'swapping-back' || pair.live.EnvironmentName !== state.fromEnvironment) {
            return pair;
          }
          return { ...pair, live: pair.idle, idle: pair.live };
        },
      };
    });
  });
  const found = await counterexample(model);
  expect(found).toMatch(/^a: the pipeline \(watch\) swapped shop-green back in on v2, withdrawn after its alarms fired/);
}, 600_000);

test('defect 3 planted (the capacity restore copies the live environment\'s size): invariant c fails', async () => {
  const model = modelWith(() => {
    jest.doMock('../../src/private/runtime/capacity', () => {
      const real: typeof capacityModule = jest.requireActual('../../src/private/runtime/capacity');
      return {
        ...real,
        capacityToRestore: (live: capacityModule.Capacity | undefined, idle: capacityModule.Capacity | undefined) =>
          live && idle && (live.minSize !== idle.minSize || live.maxSize !== idle.maxSize) ? live : undefined,
      };
    });
  });
  const found = await counterexample(model);
  expect(found).toMatch(/^c: pipeline \(deploy\) resized shop-green from 2-4 to 1-1/);
}, 600_000);
