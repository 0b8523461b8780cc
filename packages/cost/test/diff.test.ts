import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthReferenceApp } from './fixtures/reference-app';
import { HOURS, assemblyOf, price } from './util';
import { readAssembly } from '../src/assembly';
import { diffEstimates, renderDiffMarkdown, renderDiffTable } from '../src/diff';
import { estimate } from '../src/estimate';

const db = (multiAz: boolean) => ({ Data: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', MultiAZ: multiAz, AllocatedStorage: 20, StorageType: 'gp3' } } } });

describe('diffEstimates', () => {
  test('single-AZ versus Multi-AZ: the database row and the fixed total change by the standby', () => {
    // GIVEN
    const before = estimate(assemblyOf(db(false)), {});
    const after = estimate(assemblyOf(db(true)), {});
    // WHEN
    const d = diffEstimates(before, after, ['single-az', 'multi-az']);
    // THEN
    const expected = HOURS * price('rds.postgres.db.t3.micro') + 20 * (price('rds.storage.gp3.multiAz') - price('rds.storage.gp3'));
    expect(d.rows).toEqual([expect.objectContaining({ stack: 'Data', resource: 'Db', kind: 'fixed' })]);
    expect(d.rows[0].delta).toBeCloseTo(expected, 6);
    expect(d.totals.delta.fixed).toBeCloseTo(expected, 6);
    expect(d.totals.delta.usage).toBe(0);
  });

  test('one versus two NAT gateways: a resource only on one side counts from zero', () => {
    const one = estimate(assemblyOf({ Net: { Nat1: { Type: 'AWS::EC2::NatGateway' } } }), { nat: { processedGb: 100 } });
    const two = estimate(assemblyOf({ Net: { Nat1: { Type: 'AWS::EC2::NatGateway' }, Nat2: { Type: 'AWS::EC2::NatGateway' } } }), { nat: { processedGb: 100 } });
    const d = diffEstimates(one, two);
    expect(d.totals.delta.fixed).toBeCloseTo(HOURS * price('nat.hour'), 6);
    expect(d.totals.delta.usage).toBeCloseTo(0, 6);
    expect(d.rows.find((r) => r.resource === 'Nat2' && r.kind === 'fixed')?.before).toBe(0);
  });

  test('a shared load balancer instead of one per environment saves one ALB and its addresses', () => {
    // GIVEN the fixture architecture, blue and green with an ALB each, and with one shared ALB
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-diff-'));
    const dedicated = estimate(readAssembly(synthReferenceApp(path.join(tmp, 'dedicated'))), { loadBalancer: { newConnectionsPerSecond: 50 } });
    const shared = estimate(readAssembly(synthReferenceApp(path.join(tmp, 'shared'), { sharedLoadBalancer: true })), { loadBalancer: { newConnectionsPerSecond: 50 } });
    // WHEN
    const d = diffEstimates(dedicated, shared, ['dedicated', 'shared']);
    // THEN one ALB hour and its two public IPv4 addresses fewer; the same capacity units
    expect(d.totals.delta.fixed).toBeCloseTo(-(HOURS * price('elb.application.hour') + 2 * HOURS * price('ipv4.hour')), 6);
    expect(d.totals.delta.usage).toBeCloseTo(0, 6);
  });

  test('renders the changed rows and the totals', () => {
    const d = diffEstimates(estimate(assemblyOf(db(false)), {}), estimate(assemblyOf(db(true)), {}), ['single-az', 'multi-az']);
    const table = renderDiffTable(d);
    expect(table).toMatch(/stack\s+resource\s+kind\s+single-az\s+multi-az\s+change/);
    expect(table).toMatch(/Data\s+Db\s+fixed\s+15\.44\s+30\.88\s+\+15\.44/);
    expect(table).toMatch(/TOTAL\s+15\.44\s+30\.88\s+\+15\.44/);
    expect(renderDiffMarkdown(d)).toContain('| Data | Db | fixed | 15.44 | 30.88 | +15.44 |');
  });

  test('says when either side has items that are not priced', () => {
    const d = diffEstimates(estimate(assemblyOf({ A: { Q: { Type: 'AWS::SQS::Queue' } } }), {}), estimate(assemblyOf({ A: {} }), {}));
    expect(renderDiffTable(d)).toMatch(/Not priced: 1 item\(s\) in before, 0 in after/);
  });
});
