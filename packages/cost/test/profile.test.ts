import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadUsageProfile, parseUsageProfile } from '../src/profile';

function write(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-profile-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadUsageProfile', () => {
  test('reads YAML', () => {
    const file = write('p.yaml', 'name: default\nrequests:\n  perMonth: 1000000\n  averageResponseKb: 40\ncapacity:\n  environments: [blue]\n');
    expect(loadUsageProfile(file)).toEqual({ name: 'default', requests: { perMonth: 1000000, averageResponseKb: 40 }, capacity: { environments: ['blue'] } });
  });

  test('reads JSON', () => {
    const file = write('p.json', '{"nat": {"processedGb": 12}}');
    expect(loadUsageProfile(file)).toEqual({ nat: { processedGb: 12 } });
  });

  test('an empty file is an empty profile', () => {
    expect(loadUsageProfile(write('empty.yml', ''))).toEqual({});
  });

  test('fails when the file is missing', () => {
    expect(() => loadUsageProfile('/nowhere/profile.yaml')).toThrow(/\/nowhere\/profile\.yaml: usage profile not found/);
  });

  test('fails when the file is malformed', () => {
    expect(() => loadUsageProfile(write('bad.json', '{"nat": '))).toThrow(/bad\.json: malformed usage profile/);
  });

  test('fails when the YAML is malformed', () => {
    expect(() => loadUsageProfile(write('bad.yaml', 'requests: [1, 2\n'))).toThrow(/bad\.yaml: malformed usage profile/);
  });
});

describe('parseUsageProfile', () => {
  test('accepts the CloudFront, Step Functions, SNS and flow log sections and checks their fields', () => {
    const profile = {
      cloudfront: { requests: 1e6, outGb: 2, functionInvocations: 1e6 },
      stepFunctions: { stateTransitions: 500 },
      sns: { publishes: 10, emailDeliveries: 10, httpDeliveries: 0 },
      flowLogs: { ingestedGb: 3 },
    };
    expect(parseUsageProfile(profile)).toEqual(profile);
    expect(() => parseUsageProfile({ cloudfront: { dataTransferOutGB: 1 } })).toThrow(/cloudfront\.dataTransferOutGB: unknown field \(expected one of requests, outGb, functionInvocations\)/);
    expect(() => parseUsageProfile({ sns: { publishes: -1 }, flowLogs: { ingestedGb: 'lots' } })).toThrow(/sns\.publishes: must not be negative \(got -1\)\n {2}flowLogs\.ingestedGb: must be a number/);
  });

  test('fails when a quantity is negative, naming the field', () => {
    expect(() => parseUsageProfile({ requests: { perMonth: -5 } }, 'p.yaml')).toThrow(/p\.yaml: invalid usage profile:\n {2}requests\.perMonth: must not be negative \(got -5\)/);
  });

  test('fails when a field has the wrong type, naming the expected type', () => {
    expect(() => parseUsageProfile({ s3: { standardGb: '100 GB' } })).toThrow(/s3\.standardGb: must be a number \(got string "100 GB"\)/);
  });

  test('reports every problem at once', () => {
    let message = '';
    try {
      parseUsageProfile({ dns: { queriesMillion: 1 }, nat: 3, freeAllowances: 'yes', name: 7, capacity: { minInstances: 1.5, environments: 'blue' } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(1).map((l) => l.trim())).toEqual([
      expect.stringMatching(/^dns\.queriesMillion: unknown field \(expected one of queriesMillions, aliasQueriesMillions\)$/),
      'nat: must be a mapping (got number 3)',
      'freeAllowances: must be true or false (got string "yes")',
      'name: must be a string (got number 7)',
      'capacity.minInstances: must be a whole number (got 1.5)',
      'capacity.environments: must be a list of strings (got string "blue")',
    ]);
  });

  test('fails on an unknown section', () => {
    expect(() => parseUsageProfile({ requestz: {} })).toThrow(/requestz: unknown field \(expected one of name, .*requests/);
  });

  test('fails when the profile is not a mapping', () => {
    expect(() => parseUsageProfile([1, 2], 'p.yaml')).toThrow(/p\.yaml: a usage profile must be a mapping of sections \(got a list\)/);
  });

  test('fails when a section is null or a list', () => {
    expect(() => parseUsageProfile({ s3: null, kms: [] })).toThrow(/s3: must be a mapping \(got null\)\n {2}kms: must be a mapping \(got a list\)/);
  });

  test('fails when the minimum exceeds the maximum', () => {
    expect(() => parseUsageProfile({ capacity: { minInstances: 5, maxInstances: 2 } })).toThrow(/capacity\.minInstances \(5\) must not exceed capacity\.maxInstances \(2\)/);
  });

  test('fails on infinity', () => {
    expect(() => parseUsageProfile({ kms: { requests: Infinity } })).toThrow(/kms\.requests: must be a number/);
  });
});

describe('per-resource usage', () => {
  test('accepts the type-wide sections under a construct path', () => {
    expect(parseUsageProfile({ resources: { 'Backups/Dumps': { s3: { standardGb: 500 } } } }).resources).toEqual({ 'Backups/Dumps': { s3: { standardGb: 500 } } });
  });

  test('names the path, section and field of every problem', () => {
    expect(() => parseUsageProfile({ resources: { 'A/B': { s3: { standardGb: -1, hotGb: 1 }, capacity: { minInstances: 1 } }, 'A/C': 5 } }, 'p.yaml')).toThrow(
      "p.yaml: invalid usage profile:\n  resources['A/B'].s3.standardGb: must not be negative (got -1)\n  resources['A/B'].s3.hotGb: unknown field (expected one of standardGb, standardIaGb, glacierFlexibleGb, glacierDeepArchiveGb, putRequests, getRequests)\n"
      + "  resources['A/B'].capacity: not a per-resource section (expected one of s3, loadBalancer, nat, dns, backup, lambda, logs, kms, secretsManager)\n  resources['A/C']: must be a mapping of usage sections (got number 5)");
  });
});
