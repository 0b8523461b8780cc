import { Assembly, TemplateResource } from '../src/assembly';
import { loadPriceTable } from '../src/prices';

/** An assembly of hand-written stacks: `{ StackName: { LogicalId: resource } }`. */
export function assemblyOf(stacks: Record<string, Record<string, TemplateResource>>): Assembly {
  return {
    directory: '/nowhere',
    stacks: Object.entries(stacks).map(([name, resources]) => ({ name, templateFile: `${name}.template.json`, template: { Resources: resources } })),
  };
}

const US = loadPriceTable('us-east-1');

/** A us-east-1 price from the packaged table, per unit (the test computes its own totals with it). */
export function price(key: string): number {
  const p = US.prices[key];
  if (!p) throw new Error(`test asks for missing price ${key}`);
  return p.price / (p.per ?? 1);
}

export const HOURS = 730;

/** Option settings in the shape of AWS::ElasticBeanstalk::Environment. */
export function options(settings: Record<string, string>): Array<{ Namespace: string; OptionName: string; Value: string }> {
  return Object.entries(settings).map(([k, Value]) => {
    const [Namespace, OptionName] = k.split('/');
    return { Namespace, OptionName, Value };
  });
}
