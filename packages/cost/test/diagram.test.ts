import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Assembly, TemplateResource, readAssembly } from '../src/assembly';
import { ArchitectureGraph, DiagramNode, architectureGraph, renderDiagram, renderDiagramSvg } from '../src/diagram';
import { synthReferenceApp } from './fixtures/reference-app';
import { assemblyOf, options } from './util';

/** The reference app itself (apps/reference), as the worked example trims it. */
const REFERENCE = path.join(__dirname, 'fixtures', 'reference-assembly');

let assembly: Assembly;

beforeAll(() => {
  assembly = readAssembly(synthReferenceApp(fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-cost-diagram-'))));
});

/** An assembly of hand-written stacks, some with outputs: `{ StackName: [resources, outputs] }`. */
function assemblyWithOutputs(stacks: Record<string, [Record<string, TemplateResource>, Record<string, unknown>?]>): Assembly {
  return {
    directory: '/nowhere',
    stacks: Object.entries(stacks).map(([name, [Resources, Outputs]]) => ({ name, templateFile: `${name}.template.json`, template: { Resources, ...(Outputs ? { Outputs } : {}) } })),
  };
}

/** `kind group label (detail)` of a node. */
function describeNode(g: ArchitectureGraph, id: string): string {
  const n = g.nodes.find((x) => x.id === id);
  return n ? `${n.kind} ${n.group} ${n.label}${n.detail ? ` (${n.detail})` : ''}` : `${id}: no node`;
}

function edgesOf(g: ArchitectureGraph, flow: string): string[] {
  return g.edges.filter((e) => e.flow === flow).map((e) => `${e.from} -> ${e.to}`).sort();
}

/** The top left corner of each box of an SVG, by node id. */
function boxes(svg: string): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const m of svg.matchAll(/<g data-node="[^"]+" data-group="[^"]+" data-id="([^"]+)">\n<rect x="([\d.]+)" y="([\d.]+)"/g)) {
    out.set(m[1], { x: Number(m[2]), y: Number(m[3]) });
  }
  return out;
}

describe('architectureGraph', () => {
  test('names an environment without EnvironmentName by its logical id without the CDK hash, in the detail when the label would be cut', () => {
    const env = (id: string) => ({ [id]: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { OptionSettings: options({ 'aws:ec2:instances/InstanceTypes': 't3.small' }) } } });
    const nodes = architectureGraph(assemblyOf({ App: { ...env('EnvironmentsBlue97EACA00'), ...env('Web') } })).nodes.filter((n) => n.kind === 'environment');
    expect(nodes.map((n) => [n.label, n.detail])).toEqual([
      ['Elastic Beanstalk', 'live: EnvironmentsBlue: t3.small x 1-4'],
      ['Elastic Beanstalk Web', 'idle, no traffic: t3.small x 1-4'],
    ]);
  });

  test('a blue/green pair: the live environment takes the traffic, the idle one none; a Multi-AZ database has its standby; the VPC with its AZs and subnets', () => {
    const g = architectureGraph(assembly);
    const byLabel = (label: string) => g.nodes.find((n) => n.label === label)!;
    expect([byLabel('Elastic Beanstalk shop-blue').role, byLabel('Elastic Beanstalk shop-green').role]).toEqual(['live', 'idle']);
    const into = (id: string) => g.edges.filter((e) => e.to === id && e.flow === 'traffic').map((e) => e.from);
    const lbOf = (env: DiagramNode) => g.nodes.find((n) => n.id === `${env.id}#lb`)!;
    expect(into(lbOf(byLabel('Elastic Beanstalk shop-blue')).id).length).toBeGreaterThan(0);
    expect(into(lbOf(byLabel('Elastic Beanstalk shop-green')).id)).toEqual([]);
    expect(g.edges.filter((e) => e.from === byLabel('Elastic Beanstalk shop-green').id && e.flow === 'traffic')).toEqual([]);
    const multi = architectureGraph(assemblyOf({ Data: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.small', MultiAZ: true } } } }));
    expect(multi.nodes.map((n) => n.label)).toContain('RDS standby (Multi-AZ)');
    expect(multi.edges).toContainEqual({ from: 'Data/Db', to: 'Data/Db#standby', flow: 'data' });
    expect(g.vpcs).toEqual([expect.objectContaining({ availabilityZones: 2, publicSubnets: 2, privateSubnets: 2 })]);
    expect(renderDiagramSvg(g)).toMatch(/<g data-vpc="[^"]+">\n<rect [^>]+\/>\n<text [^>]+>VPC · 2 availability zones · 2 public subnets \(load balancers, NAT gateways\) · 2 private subnets/);
    expect(renderDiagramSvg(g)).toMatch(/data-role="idle">\n<rect [^>]*stroke-dasharray="5 3"/);
  });

  test('has DNS, a load balancer per environment, both environments, the database, backups and the pipeline', () => {
    const kinds = architectureGraph(assembly).nodes.map((n) => `${n.kind}: ${n.label}${n.detail ? ` (${n.detail})` : ''}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'users: Users',
      'dns: Route 53 (shop.example.com)',
      'loadbalancer: Load balancer (application (shop-blue))',
      'loadbalancer: Load balancer (application (shop-green))',
      'environment: Elastic Beanstalk shop-blue (live: t4g.small x 2-4)',
      'environment: Elastic Beanstalk shop-green (idle, no traffic: t4g.small x 2-4)',
      'database: RDS postgres (db.t4g.small)',
      'backup: AWS Backup vault (Vault)',
      'storage: S3 bucket (BackupBucket)',
      'pipeline: CodePipeline (V2)',
      'build: CodeBuild (Build)',
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

describe('architectureGraph of the reference app: each resource with what it is for', () => {
  let g: ArchitectureGraph;
  beforeAll(() => {
    g = architectureGraph(readAssembly(REFERENCE));
  });

  test('the pg_dump project and the restore drill are drawn with the backups, not with the pipeline that does not run them', () => {
    expect([
      'Backups/PgDump0023D161', 'Backups/RestoreDrillF58499C1', 'Pipeline/PipelineBuild9D009F66', 'Pipeline/PipelineReleaseStateMachineAD297944',
    ].map((id) => describeNode(g, id))).toEqual([
      'build backup CodeBuild (PgDump)',
      'workflow backup Step Functions (RestoreDrill)',
      'build release CodeBuild (PipelineBuild)',
      'workflow release Step Functions (PipelineReleaseStateMachine)',
    ]);
    expect(edgesOf(g, 'deploy')).toEqual([
      'Pipeline/Pipeline8E4BFAC9 -> App/EnvironmentsBlue97EACA00',
      'Pipeline/Pipeline8E4BFAC9 -> App/EnvironmentsGreenA95481DC',
      'Pipeline/Pipeline8E4BFAC9 -> Pipeline/PipelineBuild9D009F66',
      'Pipeline/Pipeline8E4BFAC9 -> Pipeline/PipelineReleaseStateMachineAD297944',
      'Pipeline/PipelineSourceBucket23FDFC28 -> Pipeline/Pipeline8E4BFAC9',
    ]);
  });

  test('backups: the plan backs up the database and the backup bucket, pg_dump writes the database into the bucket, the drill restores the database', () => {
    expect(edgesOf(g, 'data')).toEqual([
      'Backups/BackupBucketA28EBFAC -> Backups/BackupPlanVault758FCE49',
      'Backups/PgDump0023D161 -> Backups/BackupBucketA28EBFAC',
      'Data/DatabaseF44359DD -> Backups/BackupPlanVault758FCE49',
      'Data/DatabaseF44359DD -> Backups/PgDump0023D161',
      'Data/DatabaseF44359DD -> Backups/RestoreDrillF58499C1',
      'Data/DatabaseF44359DD -> Data/DatabaseF44359DD#standby',
    ]);
    expect(describeNode(g, 'Backups/BackupBucketA28EBFAC')).toBe('storage backup S3 bucket (BackupBucket)');
    expect(describeNode(g, 'Backups/BackupPlanVault758FCE49')).toBe('backup backup AWS Backup vault (BackupPlanVault)');
  });

  test('the CloudFront distribution that redirects www to the apex is at the edge, behind the www records of the zone', () => {
    expect(g.nodes.filter((n) => n.group === 'edge').map((n) => describeNode(g, n.id))).toEqual([
      'dns edge Route 53 (example.com)',
      'cdn edge CloudFront 301 redirect (www.example.com)',
    ]);
    expect(g.edges).toContainEqual({ from: 'Dns/DomainHostedZone7B4FA08D', to: 'Dns/DomainCanonicalRedirect4E6DFD70', flow: 'traffic' });
  });

  test('buckets of access logs and pipeline artifacts are not drawn; the source bucket is with the pipeline', () => {
    expect(g.nodes.filter((n) => n.label.startsWith('S3')).map((n) => describeNode(g, n.id))).toEqual([
      'storage backup S3 bucket (BackupBucket)',
      'storage release S3 source bucket (PipelineSourceBucket)',
    ]);
  });

  test('every box is in one group: no job or bucket is drawn twice', () => {
    const ids = g.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(g.nodes.filter((n) => n.group === 'release').map((n) => n.kind)).toEqual(['pipeline', 'build', 'workflow', 'storage']);
    expect(g.nodes.filter((n) => n.group === 'backup').map((n) => n.kind)).toEqual(['backup', 'storage', 'build', 'workflow']);
  });
});

describe('architectureGraph: edges, jobs and buckets', () => {
  const DISTRIBUTION = 'AWS::CloudFront::Distribution';
  const RECORD = 'AWS::Route53::RecordSet';
  const edge = assemblyWithOutputs({
    Dns: [{
      Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'example.com.' } },
      Logs: { Type: 'AWS::S3::Bucket', Properties: {} },
      Content: { Type: 'AWS::S3::Bucket', Properties: { LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } } } },
      Page: {
        Type: DISTRIBUTION,
        Properties: {
          DistributionConfig: {
            Aliases: ['example.com'],
            Logging: { Bucket: { 'Fn::GetAtt': ['Logs', 'RegionalDomainName'] } },
            Origins: [{ Id: 'page', DomainName: { 'Fn::GetAtt': ['Content', 'RegionalDomainName'] } }],
          },
        },
      },
      Primary: { Type: RECORD, Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'example.com.', Failover: 'PRIMARY', AliasTarget: { DNSName: 'shop.us-east-1.elasticbeanstalk.com' } } },
      Secondary: { Type: RECORD, Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'example.com.', Failover: 'SECONDARY', AliasTarget: { DNSName: { 'Fn::GetAtt': ['Page', 'DomainName'] } } } },
      Www: { Type: 'AWS::Route53::RecordSetGroup', Properties: { HostedZoneId: { Ref: 'Zone' }, RecordSets: [{ Name: 'www.example.com.', AliasTarget: { DNSName: { 'Fn::ImportValue': 'edge:RedirectDomain' } } }] } },
    }],
    Edge: [{
      Rewrite: { Type: 'AWS::CloudFront::Function', Properties: { FunctionCode: 'function handler(event) { if (event.request.uri === "/old") { return { statusCode: 301 }; } return event.request; }' } },
      Static: {
        Type: DISTRIBUTION,
        Properties: {
          DistributionConfig: {
            Aliases: ['static.example.com'],
            Origins: [{ Id: 'alb', DomainName: { 'Fn::GetAtt': ['Alb', 'DNSName'] } }],
            DefaultCacheBehavior: { FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['Rewrite', 'FunctionARN'] } }] },
          },
        },
      },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
      Redirect: {
        Type: DISTRIBUTION,
        Properties: { DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': 'ToApex.FunctionARN' } }] } } },
      },
      ToApex: { Type: 'AWS::CloudFront::Function', Properties: { FunctionCode: 'function handler(event) { return { statusCode: 308, headers: {} }; }' } },
    }, {
      RedirectDomain: { Value: { 'Fn::GetAtt': ['Redirect', 'DomainName'] }, Export: { Name: 'edge:RedirectDomain' } },
      NotExported: { Value: { Ref: 'Alb' } },
    }],
  });

  test('a distribution is drawn next to the zone whose records alias it, named by them, with its origins', () => {
    // WHEN
    const g = architectureGraph(edge);
    // THEN
    expect(g.nodes.filter((n) => n.group === 'edge').map((n) => describeNode(g, n.id))).toEqual([
      'dns edge Route 53 (example.com)',
      'cdn edge CloudFront (static.example.com)',
      'cdn edge CloudFront 308 redirect (www.example.com)',
      'cdn edge CloudFront (failover) (example.com)',
      'storage edge S3 bucket (Content)',
    ]);
    expect(edgesOf(g, 'traffic')).toEqual([
      'Dns/Page -> Dns/Content',
      'Dns/Zone -> Dns/Page',
      'Dns/Zone -> Edge/Alb',
      'Dns/Zone -> Edge/Redirect',
      'Edge/Static -> Edge/Alb',
      'users -> Dns/Zone',
      'users -> Edge/Static',
    ]);
    expect(g.nodes.map((n) => n.id)).not.toContain('Dns/Logs');
  });

  test('a job is with the pipeline that runs it, directly, through a state machine or by name; with the backups when it reaches a database; else on its own', () => {
    // GIVEN
    const g = architectureGraph(assemblyWithOutputs({
      Data: [{ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } } }, { Db: { Value: { Ref: 'Db' }, Export: { Name: 'data:Db' } } }],
      Ops: [{
        Pipeline: {
          Type: 'AWS::CodePipeline::Pipeline',
          Properties: {
            Stages: [{ Name: 'Run', Actions: [{ Name: 'Build', Configuration: { ProjectName: 'named-build' } }, { Name: 'Release', Configuration: { StateMachineArn: { Ref: 'Release' } } }] }],
            ArtifactStores: [{ Region: 'us-east-1', ArtifactStore: { Location: { Ref: 'Artifacts' } } }],
          },
        },
        NamedBuild: { Type: 'AWS::CodeBuild::Project', Properties: { Name: 'named-build' } },
        Unnamed: { Type: 'AWS::CodeBuild::Project', Properties: {} },
        Release: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Sub': ['{"Resource":"${Migrate}"}', {}] } } },
        Migrate: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { EnvironmentVariables: [{ Name: 'DB', Value: { 'Fn::ImportValue': 'data:Db' } }] } } },
        Artifacts: { Type: 'AWS::S3::Bucket', Properties: {} },
        Dump: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', ['{"Resource":"', { 'Fn::GetAtt': ['DumpFunction', 'Arn'] }, '"}']] } } },
        DumpFunction: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { DB: { 'Fn::ImportValue': 'data:Db' }, BUCKET: { 'Fn::Sub': '${Exports.Arn}' } } } } },
        Exports: { Type: 'AWS::S3::Bucket', Properties: {} },
        Uploads: { Type: 'AWS::S3::Bucket', Properties: {} },
        Vault: { Type: 'AWS::Backup::BackupVault', Properties: {} },
        Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanRule: [{ TargetBackupVault: { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] } }] } } },
        ByTag: { Type: 'AWS::Backup::BackupSelection', Properties: { BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] }, BackupSelection: { ListOfTags: [{ ConditionKey: 'backup' }] } } },
      }],
    }));
    // THEN
    expect(['Ops/NamedBuild', 'Ops/Release', 'Ops/Migrate', 'Ops/Unnamed', 'Ops/Dump', 'Ops/Exports', 'Ops/Uploads'].map((id) => describeNode(g, id))).toEqual([
      'build release CodeBuild (NamedBuild)',
      'workflow release Step Functions (Release)',
      'build release CodeBuild (Migrate)',
      'build other CodeBuild (Unnamed)',
      'workflow backup Step Functions (Dump)',
      'storage backup S3 bucket (Exports)',
      'storage storage S3 bucket (Uploads)',
    ]);
    expect(g.nodes.map((n) => n.id)).not.toContain('Ops/Artifacts');
    expect(edgesOf(g, 'deploy')).toEqual(['Ops/Pipeline -> Ops/Migrate', 'Ops/Pipeline -> Ops/NamedBuild', 'Ops/Pipeline -> Ops/Release']);
    // a selection by tags names nothing of the assembly: the vault is drawn backing up the database
    expect(edgesOf(g, 'data')).toEqual(['Data/Db -> Ops/Dump', 'Data/Db -> Ops/Vault', 'Ops/Dump -> Ops/Exports']);
  });

  test('a pipeline deploys to the environments it names, or to every one when it names none', () => {
    const env = { Type: 'AWS::ElasticBeanstalk::Environment', Properties: {} };
    const pipeline = (configuration: Record<string, unknown>) => ({ Type: 'AWS::CodePipeline::Pipeline', Properties: { Stages: [{ Actions: [{ Configuration: configuration }] }] } });
    const named = architectureGraph(assemblyOf({ App: { Blue: env, Green: env, Deploy: pipeline({ EnvironmentName: { Ref: 'Blue' } }) } }));
    const unnamed = architectureGraph(assemblyOf({ App: { Blue: env, Green: env, Deploy: pipeline({ EnvironmentName: 'blue' }) } }));
    expect(edgesOf(named, 'deploy')).toEqual(['App/Deploy -> App/Blue']);
    expect(edgesOf(unnamed, 'deploy')).toEqual(['App/Deploy -> App/Blue', 'App/Deploy -> App/Green']);
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

  test('the reference app: CloudFront below Route 53, the backup jobs in the backups column in a frame, the pipeline\'s below', () => {
    // WHEN
    const { svg } = renderDiagram(readAssembly(REFERENCE));
    const at = boxes(svg);
    // THEN
    const zone = at.get('Dns/DomainHostedZone7B4FA08D')!;
    const redirect = at.get('Dns/DomainCanonicalRedirect4E6DFD70')!;
    expect([redirect.x, redirect.y > zone.y]).toEqual([zone.x, true]);
    const vault = at.get('Backups/BackupPlanVault758FCE49')!;
    const pipeline = at.get('Pipeline/Pipeline8E4BFAC9')!;
    for (const job of ['Backups/PgDump0023D161', 'Backups/RestoreDrillF58499C1']) {
      expect([job, at.get(job)!.x === vault.x, at.get(job)!.y < pipeline.y]).toEqual([job, true, true]);
    }
    expect(at.get('Pipeline/PipelineBuild9D009F66')!.y).toBe(pipeline.y);
    for (const [group, caption] of [['edge', 'Edge'], ['backup', 'Backups'], ['release', 'Releases']]) {
      expect(svg).toMatch(new RegExp(`<g data-group="${group}">\\n<rect [^>]*stroke-dasharray="4 3"/>\\n<text [^>]*>${caption}</text>`));
    }
  });

  test('arrows along a column go around the boxes in between, on the left, or on the right of the last column', () => {
    // GIVEN Route 53 over three boxes in its column, a vault over two buckets
    const g: ArchitectureGraph = {
      nodes: [
        { id: 'zone', kind: 'dns', group: 'edge', label: 'Route 53' },
        { id: 'a', kind: 'cdn', group: 'edge', label: 'CloudFront' },
        { id: 'b', kind: 'cdn', group: 'edge', label: 'CloudFront' },
        { id: 'vault', kind: 'backup', group: 'backup', label: 'vault' },
        { id: 'one', kind: 'storage', group: 'storage', label: 'S3' },
        { id: 'two', kind: 'storage', group: 'storage', label: 'S3' },
        { id: 'other', kind: 'unknown', group: 'backup', label: 'drawn in the last column' },
      ],
      edges: [{ from: 'zone', to: 'a', flow: 'traffic' }, { from: 'zone', to: 'b', flow: 'traffic' }, { from: 'two', to: 'vault', flow: 'data' }],
    };
    // WHEN
    const svg = renderDiagramSvg(g);
    // THEN the adjacent box by a straight line, the others by a lane beside the column
    expect(svg).toContain('<line data-edge="zone->a" data-flow="traffic" stroke="#1f5fbf" stroke-width="1.5" fill="none" marker-end="url(#arrow-traffic)" x1="410" y1="132" x2="410" y2="156"/>');
    expect(svg).toContain('<path data-edge="zone->b" data-flow="traffic" stroke="#1f5fbf" stroke-width="1.5" fill="none" marker-end="url(#arrow-traffic)" d="M300,118 H285 V250 H300"/>');
    expect(svg).toContain('d="M1640,250 H1655 V118 H1640"/>');
    // the backup group's boxes are not the column's alone (buckets of other storage in between): no frame
    expect(svg).not.toContain('<g data-group="backup">');
    expect(svg).toContain('<g data-group="edge">');
    // arrow heads point along the line, also leftwards
    expect(svg).toContain('orient="auto"');
  });
});
