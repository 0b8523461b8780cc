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
    const rows = [['resource', 'item', 'kind', 'quantity', 'unit price', 'amount']];
    for (const l of stack.lines) {
      rows.push([l.resource, l.description, l.kind, `${quantity(l.quantity)} ${l.unit}`, priceText(l), money(l.amount)]);
    }
    for (const n of stack.notPriced) {
      rows.push([n.resource, n.reason, 'NOT PRICED', '', '', '-']);
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
    out.push(`### ${stack.name}`, '', '| resource | item | kind | quantity | unit price | amount |', '|---|---|---|---:|---:|---:|');
    for (const l of stack.lines) {
      out.push(`| ${mdCell(l.resource)} | ${mdCell(l.description)}${l.note ? ` (${mdCell(l.note)})` : ''} | ${l.kind} | ${quantity(l.quantity)} ${l.unit} | ${priceText(l)} | ${money(l.amount)} |`);
    }
    for (const n of stack.notPriced) {
      out.push(`| ${mdCell(n.resource)} | ${mdCell(n.reason)} | **not priced** | | | - |`);
    }
    out.push(`| | **subtotal** | | | fixed ${money(stack.totals.fixed)}, usage ${money(stack.totals.usage)} | **${money(stack.totals.total)}** |`, '');
  }
  out.push('| | fixed | usage | total |', '|---|---:|---:|---:|');
  out.push(`| **${e.currency} a month** | ${money(e.totals.fixed)} | ${money(e.totals.usage)} | **${money(e.totals.total)}** |`, '');
  out.push(...footer(e).map((l) => `- ${l}`));
  return out.join('\n') + '\n';
}

/** The estimate as JSON (amounts unrounded). */
export function renderJson(e: Estimate): string {
  return JSON.stringify(e, null, 2) + '\n';
}
