import { Resvg } from '@resvg/resvg-js';
import { Assembly, TemplateResource } from './assembly';
import { OptionSettings, bool, num, refTarget, str } from './private/template-values';

/** A box of the architecture diagram. */
export interface DiagramNode {
  readonly id: string;
  /** users, dns, loadbalancer, environment, database, backup, storage, pipeline, build, nat */
  readonly kind: string;
  readonly label: string;
  readonly detail?: string;
}

/** An arrow: traffic, data (backups) or deploy. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly flow: string;
}

export interface ArchitectureGraph {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
}

interface Found { readonly stack: string; readonly id: string; readonly r: TemplateResource; readonly resources: Record<string, TemplateResource> }

/** The boxes and arrows of the architecture the assembly deploys. */
export function architectureGraph(assembly: Assembly): ArchitectureGraph {
  const all: Found[] = [];
  for (const s of assembly.stacks) {
    const resources = s.template.Resources ?? {};
    for (const [id, r] of Object.entries(resources)) all.push({ stack: s.name, id, r, resources });
  }
  const of = (type: string) => all.filter((f) => f.r.Type === type);
  const key = (f: Found) => `${f.stack}/${f.id}`;
  const nodes: DiagramNode[] = [{ id: 'users', kind: 'users', label: 'Users' }];
  const edges: DiagramEdge[] = [];

  const zones = of('AWS::Route53::HostedZone');
  for (const z of zones) {
    nodes.push({ id: key(z), kind: 'dns', label: 'Route 53', detail: str(z.r.Properties?.Name)?.replace(/\.$/, '') ?? z.id });
    edges.push({ from: 'users', to: key(z), flow: 'traffic' });
  }
  const entry = zones.length > 0 ? zones.map(key) : ['users'];

  const sharedLbs = of('AWS::ElasticLoadBalancingV2::LoadBalancer');
  for (const lb of sharedLbs) {
    nodes.push({ id: key(lb), kind: 'loadbalancer', label: 'Load balancer', detail: `${str(lb.r.Properties?.Type) ?? 'application'} (shared)` });
    entry.forEach((e) => edges.push({ from: e, to: key(lb), flow: 'traffic' }));
  }
  const dbs = of('AWS::RDS::DBInstance');
  for (const env of of('AWS::ElasticBeanstalk::Environment')) {
    const o = OptionSettings.of(env.r, env.resources);
    // without an EnvironmentName, the logical id without the hash CDK appends (EnvironmentsBlue97EACA00)
    const name = str(env.r.Properties?.EnvironmentName) ?? env.id.replace(/(?<=.)[0-9A-F]{8}$/, '');
    const type = (o.get('aws:ec2:instances', 'InstanceTypes') ?? o.get('aws:autoscaling:launchconfiguration', 'InstanceType') ?? 'default type').split(',')[0];
    const single = o.get('aws:elasticbeanstalk:environment', 'EnvironmentType') === 'SingleInstance';
    const size = single ? '1' : `${num(o.raw('aws:autoscaling:asg', 'MinSize')) ?? 1}-${num(o.raw('aws:autoscaling:asg', 'MaxSize')) ?? 4}`;
    nodes.push(`Elastic Beanstalk ${name}`.length <= LABEL_CHARS
      ? { id: key(env), kind: 'environment', label: `Elastic Beanstalk ${name}`, detail: `${type} x ${size} instances` }
      : { id: key(env), kind: 'environment', label: 'Elastic Beanstalk', detail: `${name}: ${type} x ${size}` });
    if (single) {
      entry.forEach((e) => edges.push({ from: e, to: key(env), flow: 'traffic' }));
    } else if (bool(o.raw('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared'))) {
      sharedLbs.forEach((lb) => edges.push({ from: key(lb), to: key(env), flow: 'traffic' }));
    } else {
      const lbId = `${key(env)}#lb`;
      nodes.push({ id: lbId, kind: 'loadbalancer', label: 'Load balancer', detail: `${o.get('aws:elasticbeanstalk:environment', 'LoadBalancerType') ?? 'classic'} (${name})` });
      entry.forEach((e) => edges.push({ from: e, to: lbId, flow: 'traffic' }));
      edges.push({ from: lbId, to: key(env), flow: 'traffic' });
    }
    dbs.filter((d) => d.r.Properties?.SourceDBInstanceIdentifier === undefined)
      .forEach((d) => edges.push({ from: key(env), to: key(d), flow: 'traffic' }));
  }
  for (const d of dbs) {
    const p = d.r.Properties ?? {};
    const replica = p.SourceDBInstanceIdentifier !== undefined;
    nodes.push({
      id: key(d),
      kind: 'database',
      label: replica ? 'RDS read replica' : `RDS ${str(p.Engine) ?? 'database'}`,
      detail: `${str(p.DBInstanceClass) ?? ''}${bool(p.MultiAZ) ? ' Multi-AZ' : ''}`.trim(),
    });
    const source = refTarget(p.SourceDBInstanceIdentifier);
    if (source) edges.push({ from: `${d.stack}/${source}`, to: key(d), flow: 'data' });
  }
  const vaults = of('AWS::Backup::BackupVault');
  for (const v of vaults) {
    nodes.push({ id: key(v), kind: 'backup', label: 'AWS Backup vault', detail: v.id });
    dbs.filter((d) => d.r.Properties?.SourceDBInstanceIdentifier === undefined).forEach((d) => edges.push({ from: key(d), to: key(v), flow: 'data' }));
  }
  for (const b of of('AWS::S3::Bucket')) {
    nodes.push({ id: key(b), kind: 'storage', label: 'S3 bucket', detail: b.id });
    vaults.forEach((v) => edges.push({ from: key(b), to: key(v), flow: 'data' }));
  }
  for (const n of of('AWS::EC2::NatGateway')) {
    nodes.push({ id: key(n), kind: 'nat', label: 'NAT gateway', detail: `outbound internet (${n.stack})` });
  }
  const envs = nodes.filter((n) => n.kind === 'environment');
  for (const p of of('AWS::CodePipeline::Pipeline')) {
    nodes.push({ id: key(p), kind: 'pipeline', label: 'CodePipeline', detail: str(p.r.Properties?.PipelineType) ?? 'V1' });
    envs.forEach((e) => edges.push({ from: key(p), to: e.id, flow: 'deploy' }));
  }
  for (const b of of('AWS::CodeBuild::Project')) {
    nodes.push({ id: key(b), kind: 'build', label: 'CodeBuild', detail: b.id });
    of('AWS::CodePipeline::Pipeline').forEach((p) => edges.push({ from: key(p), to: key(b), flow: 'deploy' }));
  }
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

const COLUMNS: Record<string, number> = {
  users: 0, dns: 1, loadbalancer: 2, environment: 3, nat: 3, database: 4, backup: 5, storage: 5, pipeline: 2, build: 1,
};
const COLORS: Record<string, string> = {
  users: '#eeeeee',
  dns: '#d6e4f5',
  loadbalancer: '#e3d7f2',
  environment: '#fde2c8',
  nat: '#e8e8e8',
  database: '#d3ecd6',
  backup: '#f6d3d3',
  storage: '#f9efc7',
  pipeline: '#d7eef0',
  build: '#d7eef0',
};
const W = 220;
/** Characters of a bold node label that fit in a box. */
const LABEL_CHARS = 30;
const H = 56;
const GAP_X = 60;
const GAP_Y = 24;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The architecture as an SVG document (and the same rendered to PNG). */
export function renderDiagram(assembly: Assembly): { svg: string; png: Buffer } {
  const svg = renderDiagramSvg(architectureGraph(assembly));
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
  return { svg, png: Buffer.from(png) };
}

/** An SVG of a graph: traffic left to right, releases in the bottom rows. */
export function renderDiagramSvg(graph: ArchitectureGraph): string {
  const pos = new Map<string, { x: number; y: number }>();
  const rowsUsed: number[] = [];
  const lower = new Set(['pipeline', 'build']);
  // traffic and data first, then the release row below the tallest column
  for (const n of graph.nodes.filter((x) => !lower.has(x.kind))) {
    const col = COLUMNS[n.kind] ?? 5;
    const row = rowsUsed[col] ?? 0;
    rowsUsed[col] = row + 1;
    pos.set(n.id, { x: 20 + col * (W + GAP_X), y: 60 + row * (H + GAP_Y) });
  }
  const base = Math.max(1, ...rowsUsed.filter((x) => x !== undefined));
  const lowerRows: number[] = [];
  for (const n of graph.nodes.filter((x) => lower.has(x.kind))) {
    const col = COLUMNS[n.kind];
    const row = lowerRows[col] ?? 0;
    lowerRows[col] = row + 1;
    pos.set(n.id, { x: 20 + col * (W + GAP_X), y: 60 + (base + row + 0.5) * (H + GAP_Y) });
  }
  const width = 20 + 6 * (W + GAP_X);
  const height = Math.max(...[...pos.values()].map((p) => p.y)) + H + 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    '<defs>',
    ...['traffic', 'data', 'deploy'].map((f) => `<marker id="arrow-${f}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${edgeColor(f)}"/></marker>`),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    '<text x="20" y="30" font-size="16" font-weight="bold">Architecture (from the synthesized templates)</text>',
    `<text x="${width - 20}" y="30" font-size="11" text-anchor="end"><tspan fill="${edgeColor('traffic')}">— traffic</tspan>  <tspan fill="${edgeColor('data')}">- - data / backups</tspan>  <tspan fill="${edgeColor('deploy')}">··· deploy</tspan></text>`,
  ];
  for (const e of graph.edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const dash = e.flow === 'data' ? ' stroke-dasharray="6 4"' : e.flow === 'deploy' ? ' stroke-dasharray="2 3"' : '';
    const attrs = `data-edge="${esc(e.from)}->${esc(e.to)}" data-flow="${e.flow}" stroke="${edgeColor(e.flow)}" stroke-width="1.5" fill="none"${dash} marker-end="url(#arrow-${e.flow})"`;
    if (e.flow === 'deploy' && b.x > a.x && b.y < a.y) {
      // releases come from below: along the gap left of the target, into its lower part
      const bus = b.x - GAP_X / 3;
      out.push(`<path ${attrs} d="M${a.x + W},${a.y + H / 2} H${bus} V${b.y + H * 0.8} H${b.x}"/>`);
      continue;
    }
    const [x1, y1, x2, y2] = b.x > a.x ? [a.x + W, a.y + H / 2, b.x, b.y + H / 2]
      : b.x < a.x ? [a.x, a.y + H / 2, b.x + W, b.y + H / 2]
        : [a.x + W / 2, a.y + (b.y > a.y ? H : 0), b.x + W / 2, b.y + (b.y > a.y ? 0 : H)];
    out.push(`<line ${attrs} x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`);
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    out.push(`<g data-node="${n.kind}" data-id="${esc(n.id)}">`,
      `<rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="8" fill="${COLORS[n.kind] ?? '#ffffff'}" stroke="#555555"/>`,
      `<text x="${p.x + W / 2}" y="${p.y + (n.detail ? 23 : 33)}" font-size="12" font-weight="bold" text-anchor="middle">${esc(truncate(n.label, LABEL_CHARS))}</text>`,
      ...(n.detail ? [`<text x="${p.x + W / 2}" y="${p.y + 42}" font-size="11" fill="#333333" text-anchor="middle">${esc(truncate(n.detail, 34))}</text>`] : []),
      '</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function edgeColor(flow: string): string {
  return flow === 'traffic' ? '#1f5fbf' : flow === 'data' ? '#b03030' : '#2e7d32';
}
