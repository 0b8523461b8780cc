import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assembly, readAssembly } from '../src/assembly';
import { architectureGraph, renderDiagram } from '../src/diagram';
import { synthReferenceApp } from './fixtures/reference-app';
import { assemblyOf, options } from './util';

let assembly: Assembly;

beforeAll(() => {
  assembly = readAssembly(synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-diagram-'))));
});

describe('architectureGraph', () => {
  test('names an environment without EnvironmentName by its logical id without the CDK hash, in the detail when the label would be cut', () => {
    const env = (id: string) => ({ [id]: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { OptionSettings: options({ 'aws:ec2:instances/InstanceTypes': 't3.small' }) } } });
    const nodes = architectureGraph(assemblyOf({ App: { ...env('EnvironmentsBlue97EACA00'), ...env('Web') } })).nodes.filter((n) => n.kind === 'environment');
    expect(nodes.map((n) => [n.label, n.detail])).toEqual([
      ['Elastic Beanstalk', 'EnvironmentsBlue: t3.small x 1-4'],
      ['Elastic Beanstalk Web', 't3.small x 1-4 instances'],
    ]);
  });

  test('has DNS, a load balancer per environment, both environments, the database, backups and the pipeline', () => {
    const kinds = architectureGraph(assembly).nodes.map((n) => `${n.kind}: ${n.label}${n.detail ? ` (${n.detail})` : ''}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'users: Users',
      'dns: Route 53 (shop.example.com)',
      'loadbalancer: Load balancer (application (shop-blue))',
      'loadbalancer: Load balancer (application (shop-green))',
      'environment: Elastic Beanstalk shop-blue (t4g.small x 2-4 instances)',
      'environment: Elastic Beanstalk shop-green (t4g.small x 2-4 instances)',
      'database: RDS postgres (db.t4g.small)',
      expect.stringMatching(/^backup: AWS Backup vault/),
      expect.stringMatching(/^storage: S3 bucket/),
      'pipeline: CodePipeline (V2)',
      expect.stringMatching(/^build: CodeBuild/),
      expect.stringMatching(/^nat: NAT gateway/),
    ]));
  });

  test('arrows for traffic, backups and deployments', () => {
    const g = architectureGraph(assembly);
    const label = (id: string) => g.nodes.find((n) => n.id === id)!.kind;
    const edges = new Set(g.edges.map((e) => `${label(e.from)} -${e.flow}-> ${label(e.to)}`));
    expect([...edges].sort()).toEqual([
      'database -data-> backup',
      'dns -traffic-> loadbalancer',
      'environment -traffic-> database',
      'loadbalancer -traffic-> environment',
      'pipeline -deploy-> build',
      'pipeline -deploy-> environment',
      'storage -data-> backup',
      'users -traffic-> dns',
    ]);
  });

  test('a shared load balancer, a single-instance environment and a read replica', () => {
    const g = architectureGraph(assemblyOf({
      App: {
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
        Shared: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { OptionSettings: options({ 'aws:elasticbeanstalk:environment/LoadBalancerIsShared': 'true' }) } },
        Single: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { OptionSettings: options({ 'aws:elasticbeanstalk:environment/EnvironmentType': 'SingleInstance' }) } },
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } },
        Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' } } },
      },
    }));
    expect(g.edges.map((e) => `${e.from} ${e.flow} ${e.to}`)).toEqual(expect.arrayContaining([
      'users traffic App/Alb', 'App/Alb traffic App/Shared', 'users traffic App/Single', 'App/Db data App/Replica',
    ]));
  });
});

describe('renderDiagram', () => {
  test('an SVG with a group per node and the arrows, and a PNG of it', () => {
    // WHEN
    const { svg, png } = renderDiagram(assembly);
    // THEN
    for (const kind of ['users', 'dns', 'loadbalancer', 'environment', 'database', 'backup', 'storage', 'pipeline', 'build']) {
      expect([kind, svg.includes(`data-node="${kind}"`)]).toEqual([kind, true]);
    }
    expect(svg).toContain('>Elastic Beanstalk shop-blue<');
    expect(svg).toMatch(/<line data-edge="[^"]+" data-flow="data"[^>]*stroke-dasharray/);
    expect(svg).toMatch(/<path data-edge="Pipeline\/Pipeline->App\/Blue" data-flow="deploy"/);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
