import { CostLine, Estimate } from './estimate';
import { columns, mdCell, money, quantity, unitPrice } from './private/format';

function priceText(l: CostLine): string {
  const per = l.per === 1 ? l.unit : `${quantity(l.per)} ${l.unit}`;
  return `${unitPrice(l.unitPrice)} / ${per}`;
}

function header(e: Estimate): string {
  return `region ${e.region} · prices as of ${e.asOf} · ${e.hoursPerMonth} hours a month · ${e.currency} a month`
    + (e.profile ? ` · profile ${e.profile}` : '');
}

/** The estimate as a terminal table, per stack and resource, with fixed/usage totals. */
export function renderTable(e: Estimate): string {
  const out: string[] = [`Monthly cost estimate: ${header(e)}`, ''];
  for (const stack of e.stacks) {
    out.push(`Stack ${stack.name}`);
    const rows = [['resource', 'item', 'kind', 'quantity', 'unit price', 'amount', 'from']];
    for (const l of stack.lines) {
      rows.push([l.resource, l.description, l.kind, `${quantity(l.quantity)} ${l.unit}`, priceText(l), money(l.amount), l.source]);
    }
    for (const n of stack.notPriced) {
      rows.push([n.resource, n.reason, 'NOT PRICED', '', '', '-', 'template']);
    }
    out.push(...columns(rows, [5]).map((r) => `  ${r}`));
    out.push(`  subtotal: fixed ${money(stack.totals.fixed)}  usage ${money(stack.totals.usage)}  total ${money(stack.totals.total)}`, '');
  }
  out.push(`Total ${e.currency}/month: fixed ${money(e.totals.fixed)} + usage ${money(e.totals.usage)} = ${money(e.totals.total)}`);
  out.push(...footer(e));
  return out.join('\n') + '\n';
}

function footer(e: Estimate): string[] {
  const out: string[] = [];
  if (e.notPriced.length > 0) {
    out.push(`Not priced: ${e.notPriced.length} item(s), not included in the total (see NOT PRICED lines)`);
  }
  for (const a of e.assumptions) {
    out.push(`Assumed: ${a}`);
  }
  out.push(`${e.noCharge.length} resource(s) with no charge of their own (IAM, security groups, routes, custom resources...)`);
  return out;
}

/** The estimate as Markdown: one table per stack, then the totals. */
export function renderMarkdown(e: Estimate): string {
  const out: string[] = ['## Monthly cost estimate', '', header(e), ''];
  for (const stack of e.stacks) {
    out.push(`### ${stack.name}`, '', '| resource | item | kind | quantity | unit price | amount | from |', '|---|---|---|---:|---:|---:|---|');
    for (const l of stack.lines) {
      out.push(`| ${mdCell(l.resource)} | ${mdCell(l.description)}${l.note ? ` (${mdCell(l.note)})` : ''} | ${l.kind} | ${quantity(l.quantity)} ${l.unit} | ${priceText(l)} | ${money(l.amount)} | ${mdCell(l.source)} |`);
    }
    for (const n of stack.notPriced) {
      out.push(`| ${mdCell(n.resource)} | ${mdCell(n.reason)} | **not priced** | | | - | template |`);
    }
    out.push(`| | **subtotal** | | | fixed ${money(stack.totals.fixed)}, usage ${money(stack.totals.usage)} | **${money(stack.totals.total)}** | |`, '');
  }
  out.push('| | fixed | usage | total |', '|---|---:|---:|---:|');
  out.push(`| **${e.currency} a month** | ${money(e.totals.fixed)} | ${money(e.totals.usage)} | **${money(e.totals.total)}** |`, '');
  out.push(...footer(e).map((l) => `- ${l}`));
  return out.join('\n') + '\n';
}

interface ItemizedRow {
  readonly stack: string;
  readonly item: string;
  readonly kind: string;
  readonly resources: string[];
  quantity: number;
  readonly line: CostLine;
  amount: number;
}

/**
 * The estimate as one compact Markdown table for a README: the lines of a stack that are the same
 * item at the same price (the two environments' instances, the buckets' share of S3) are merged,
 * with the number of resources; then the totals per stack and the fixed/usage split.
 */
export function renderItemized(e: Estimate): string {
  const rows: ItemizedRow[] = [];
  const byKey = new Map<string, ItemizedRow>();
  for (const l of e.lines) {
    // the share of a split quantity is per resource: merged lines carry the whole quantity again
    const note = (l.note ?? '').split('; ').filter((n) => !/^split evenly over \d+ (resources|functions)$/.test(n)).join('; ');
    const item = l.description.split(` (${l.resource})`).join('') + (note ? ` (${note})` : '');
    const key = [l.stack, l.priceKey, l.kind, l.unit, l.unitPrice, l.per, item, Math.sign(l.amount)].join('\u0000');
    const row = byKey.get(key);
    if (row) {
      row.quantity += l.quantity;
      row.amount += l.amount;
      if (!row.resources.includes(l.resource)) row.resources.push(l.resource);
    } else {
      const added: ItemizedRow = { stack: l.stack, item, kind: l.kind, resources: [l.resource], quantity: l.quantity, line: l, amount: l.amount };
      byKey.set(key, added);
      rows.push(added);
    }
  }
  const order = (r: ItemizedRow) => e.stacks.findIndex((st) => st.name === r.stack) * 2 + (r.kind === 'fixed' ? 0 : 1);
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => order(a.r) - order(b.r) || a.i - b.i).map(({ r }) => r);
  const out: string[] = [header(e), '', '| stack | item | resources | kind | quantity | unit price | amount |', '|---|---|---:|---|---:|---:|---:|'];
  for (const r of sorted) {
    const count = r.resources[0] === '-' ? '-' : String(r.resources.length);
    out.push(`| ${mdCell(r.stack)} | ${mdCell(r.item)} | ${count} | ${r.kind} | ${quantity(r.quantity)} ${r.line.unit} | ${priceText(r.line)} | ${money(r.amount)} |`);
  }
  for (const n of e.notPriced) {
    out.push(`| ${mdCell(n.stack)} | ${mdCell(n.reason)} (${mdCell(n.resource)}) | 1 | **not priced** | | | - |`);
  }
  out.push('', '| stack | fixed | usage | total |', '|---|---:|---:|---:|');
  for (const stack of e.stacks) {
    out.push(`| ${mdCell(stack.name)} | ${money(stack.totals.fixed)} | ${money(stack.totals.usage)} | ${money(stack.totals.total)} |`);
  }
  out.push(`| **${e.currency} a month** | **${money(e.totals.fixed)}** | **${money(e.totals.usage)}** | **${money(e.totals.total)}** |`, '');
  out.push(...footer(e).map((l) => `- ${l}`));
  return out.join('\n') + '\n';
}

/** The estimate as JSON (amounts unrounded). */
export function renderJson(e: Estimate): string {
  return JSON.stringify(e, null, 2) + '\n';
}

/** The environments of the release lifecycle: which one takes the traffic, how the idle one spends the month, what each costs. */
export function renderEnvironments(e: Estimate): string {
  if (e.environments.length === 0) return '';
  const out = ['Release lifecycle:'];
  for (const env of e.environments) {
    const cost = `${e.currency} ${money(env.totals.total)} a month (fixed ${money(env.totals.fixed)} + usage ${money(env.totals.usage)})`;
    if (env.role === 'idle') {
      const how = env.mode === 'warm' ? 'warm: at full size all month'
        : env.mode === 'scaled-down' ? `scaled down after each drain, full size ${quantity(env.fullSizeHours ?? 0)} h a month during releases`
          : `stopped: runs only ${quantity(env.fullSizeHours ?? 0)} h a month during releases`;
      out.push(`  ${env.name} idle, no traffic (${how}): ${cost}`);
    } else {
      out.push(`  ${env.name} ${env.role === 'live' ? 'live, takes the traffic' : 'single environment, takes the traffic'}: ${cost}`);
    }
  }
  return out.join('\n') + '\n';
}
