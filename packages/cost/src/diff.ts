import { CostKind, Estimate, Totals } from './estimate';
import { columns, mdCell, money } from './private/format';

/** One resource's monthly amount in both estimates. */
export interface DiffRow {
  readonly stack: string;
  readonly resource: string;
  readonly kind: CostKind;
  /** The items of the resource (from either side). */
  readonly items: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** Two estimates side by side (two assemblies, or one assembly under two profiles). */
export interface EstimateDiff {
  readonly before: string;
  readonly after: string;
  readonly region: string;
  readonly asOf: string;
  readonly currency: string;
  readonly rows: DiffRow[];
  readonly totals: { readonly before: Totals; readonly after: Totals; readonly delta: Totals };
  readonly notPriced: { readonly before: number; readonly after: number };
}

/** Compares two estimates per stack, resource and fixed/usage kind. */
export function diffEstimates(before: Estimate, after: Estimate, labels: string[] = ['before', 'after']): EstimateDiff {
  const rows = new Map<string, { stack: string; resource: string; kind: CostKind; items: Set<string>; before: number; after: number }>();
  const add = (e: Estimate, side: 'before' | 'after') => {
    for (const l of e.lines) {
      const key = `${l.stack}\u0000${l.resource}\u0000${l.kind}`;
      const row = rows.get(key) ?? { stack: l.stack, resource: l.resource, kind: l.kind, items: new Set<string>(), before: 0, after: 0 };
      row.items.add(l.description);
      row[side] += l.amount;
      rows.set(key, row);
    }
  };
  add(before, 'before');
  add(after, 'after');
  return {
    before: labels[0],
    after: labels[1],
    region: after.region,
    asOf: after.asOf,
    currency: after.currency,
    rows: [...rows.values()].map((r) => ({
      stack: r.stack,
      resource: r.resource,
      kind: r.kind,
      items: [...r.items].join('; '),
      before: r.before,
      after: r.after,
      delta: r.after - r.before,
    })),
    totals: {
      before: before.totals,
      after: after.totals,
      delta: {
        fixed: after.totals.fixed - before.totals.fixed,
        usage: after.totals.usage - before.totals.usage,
        total: after.totals.total - before.totals.total,
      },
    },
    notPriced: { before: before.notPriced.length, after: after.notPriced.length },
  };
}

function signed(n: number): string {
  const m = money(n);
  return n > 0.005 ? `+${m}` : m;
}

/** The comparison as a terminal table (changed rows only, then totals). */
export function renderDiffTable(d: EstimateDiff): string {
  const rows = [['stack', 'resource', 'kind', d.before, d.after, 'change', 'items']];
  for (const r of d.rows.filter((x) => Math.abs(x.delta) >= 0.005)) {
    rows.push([r.stack, r.resource, r.kind, money(r.before), money(r.after), signed(r.delta), r.items]);
  }
  for (const kind of ['fixed', 'usage', 'total'] as const) {
    rows.push(['', kind === 'total' ? 'TOTAL' : kind, '', money(d.totals.before[kind]), money(d.totals.after[kind]), signed(d.totals.delta[kind]), '']);
  }
  const out = [`Monthly cost comparison: region ${d.region} · prices as of ${d.asOf} · ${d.currency} a month`, '', ...columns(rows, [3, 4, 5])];
  if (d.notPriced.before + d.notPriced.after > 0) {
    out.push('', `Not priced: ${d.notPriced.before} item(s) in ${d.before}, ${d.notPriced.after} in ${d.after}`);
  }
  return out.join('\n') + '\n';
}

/** The comparison as Markdown. */
export function renderDiffMarkdown(d: EstimateDiff): string {
  const out = ['## Monthly cost comparison', '', `region ${d.region} · prices as of ${d.asOf} · ${d.currency} a month`, '',
    `| stack | resource | kind | ${mdCell(d.before)} | ${mdCell(d.after)} | change | items |`, '|---|---|---|---:|---:|---:|---|'];
  for (const r of d.rows.filter((x) => Math.abs(x.delta) >= 0.005)) {
    out.push(`| ${mdCell(r.stack)} | ${mdCell(r.resource)} | ${r.kind} | ${money(r.before)} | ${money(r.after)} | ${signed(r.delta)} | ${mdCell(r.items)} |`);
  }
  for (const kind of ['fixed', 'usage', 'total'] as const) {
    out.push(`| | **${kind}** | | ${money(d.totals.before[kind])} | ${money(d.totals.after[kind])} | ${signed(d.totals.delta[kind])} | |`);
  }
  return out.join('\n') + '\n';
}
