/* Prints simulated release times with the pipeline's default poll intervals (figures, not assertions). */
import { AwsSim } from '@ebkit/testing';
import { simDeps, TARGET } from './harness';
import { handleStep } from '../../src/private/handlers/release-step.lambda';

const alarms = [
  { environmentName: 'shop-blue', alarmNames: ['shop-blue-health'] },
  { environmentName: 'shop-green', alarmNames: ['shop-green-health'] },
];
const base = { ...TARGET, timeoutSeconds: 1800, healthGraceSeconds: 300, pollSeconds: 30, versionLabel: 'v2', lockTable: 'shop-release-lock' };

async function execution(sim: AwsSim, input: object, until?: () => boolean): Promise<void> {
  let state: any = input;
  for (;;) {
    state = await handleStep({ state, executionId: 'arn:aws:states:::execution:bench:1' }, simDeps(sim));
    if (state.next === 'done' || state.next === 'fail' || until?.()) {
      return;
    }
    await sim.clock.sleep(state.waitSeconds);
  }
}

async function main() {
  console.log = ((log) => (...args: any[]) => (String(args[0]).startsWith('bench') ? log(...args) : undefined))(console.log);
  // Start -> traffic: Deploy stage (Elastic Beanstalk 240 s) then Swap stage (60 s), default 30 s polls.
  let sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2' });
  const start = sim.clock.now();
  await execution(sim, { operation: 'deploy', ...base, verifyPath: '/health' });
  await execution(sim, { operation: 'swap', ...base });
  const traffic = (sim.clock.now() - start) / 1000;
  // Alarm -> rollback: the alarm fires 120 s into the bake; time until production is back on v1.
  sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2', alarmsAfterSeconds: 120 });
  await execution(sim, { operation: 'deploy', ...base });
  await execution(sim, { operation: 'swap', ...base });
  await execution(sim, { operation: 'watch', ...base, bakeSeconds: 600, environmentAlarms: alarms });
  const fired = sim.cloudwatch.history.find((h) => h.state === 'ALARM')!.at;
  const back = sim.eb.events.filter((e) => /Completed swapping/.test(e.Message)).pop()!.EventDate.getTime();
  console.log('bench blue-green-pipeline (simulated, Elastic Beanstalk deploy 240 s, swap 60 s, poll 30 s):');
  console.log(`bench   release start -> traffic on the new version: ${traffic} s`);
  console.log(`bench   alarm fires during the bake -> production back on the previous version: ${(back - fired) / 1000} s`);
}

void main();
