import { DescribeConfigurationSettingsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import {
  capacityAfterScaleDown, capacityOptionSettings, capacityToRestore, formatCapacity, readCapacity,
} from '../../../src/private/runtime/capacity';

const eb = mockClient(ElasticBeanstalkClient);
beforeEach(() => eb.reset());

describe('readCapacity', () => {
  test('reads the configured MinSize and MaxSize of the environment', async () => {
    eb.on(DescribeConfigurationSettingsCommand).resolves({
      ConfigurationSettings: [{
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '6' },
          { Namespace: 'aws:autoscaling:trigger', OptionName: 'MinSize', Value: '9' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '3' },
        ],
      }],
    });
    expect(await readCapacity(new ElasticBeanstalkClient({}), 'shop', 'shop-green')).toEqual({ minSize: 3, maxSize: 6 });
    expect(eb.commandCalls(DescribeConfigurationSettingsCommand)[0].args[0].input).toEqual({ ApplicationName: 'shop', EnvironmentName: 'shop-green' });
  });

  test('is undefined when the environment has no size settings (nothing to compare)', async () => {
    eb.on(DescribeConfigurationSettingsCommand).resolves({ ConfigurationSettings: [{ OptionSettings: [{ Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' }] }] });
    expect(await readCapacity(new ElasticBeanstalkClient({}), 'shop', 'shop-green')).toBeUndefined();
  });
});

describe('capacityToRestore', () => {
  test('is the live environment\'s size when the idle one differs', () => {
    expect(capacityToRestore({ minSize: 2, maxSize: 4 }, { minSize: 1, maxSize: 1 })).toEqual({ minSize: 2, maxSize: 4 });
  });

  test('is nothing when both have the same size or a size is unknown', () => {
    expect(capacityToRestore({ minSize: 2, maxSize: 4 }, { minSize: 2, maxSize: 4 })).toBeUndefined();
    expect(capacityToRestore(undefined, { minSize: 1, maxSize: 1 })).toBeUndefined();
  });
});

describe('capacityAfterScaleDown', () => {
  test('pins MinSize and MaxSize to the scaled-down size', () => {
    expect(capacityAfterScaleDown({ minSize: 2, maxSize: 4 }, 1)).toEqual({ minSize: 1, maxSize: 1 });
    expect(capacityAfterScaleDown(undefined, 2)).toEqual({ minSize: 2, maxSize: 2 });
  });

  test('is nothing when the environment is already that small (never scales up)', () => {
    expect(capacityAfterScaleDown({ minSize: 1, maxSize: 2 }, 2)).toBeUndefined();
  });
});

test('the option settings and the wording of a size', () => {
  expect(capacityOptionSettings({ minSize: 1, maxSize: 3 })).toEqual([
    { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' },
    { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '3' },
  ]);
  expect([formatCapacity({ minSize: 1, maxSize: 1 }), formatCapacity({ minSize: 2, maxSize: 2 }), formatCapacity({ minSize: 2, maxSize: 4 })])
    .toEqual(['1 instance', '2 instances', '2-4 instances']);
});
