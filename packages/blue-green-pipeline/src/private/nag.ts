import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding that names a value (such as
 * `AwsSolutions-IAM5[Resource::<flattened ARN>]`), flattening the value the
 * way cdk-nag does so that the acknowledgement covers exactly that value.
 */
export function acknowledgeFinding(scope: IConstruct, ruleId: string, kind: string, value: any, reason: string): void {
  const flat = flatten(Stack.of(scope).resolve(value));
  Validations.of(scope).acknowledge({ id: `${ruleId}[${kind}::${flat}]`, reason });
}

/**
 * Acknowledges, on each IAM policy under `root`, the wildcard actions and
 * resources it holds now (cdk-nag AwsSolutions-IAM5) with `reason`: each one
 * by name, so that a wildcard added later is still reported.
 */
export function acknowledgePolicyWildcards(root: IConstruct, reason: string): void {
  for (const node of root.node.findAll()) {
    if (!(node instanceof iam.CfnPolicy)) {
      continue;
    }
    const document = Stack.of(node).resolve(node.policyDocument);
    for (const statement of document?.Statement ?? []) {
      for (const action of [statement.Action ?? []].flat()) {
        if (typeof action === 'string' && action.includes('*')) {
          Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
        }
      }
      for (const resource of [statement.Resource ?? []].flat()) {
        const flat = flatten(resource);
        if (flat.includes('*')) {
          Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
        }
      }
    }
  }
}

function flatten(node: any): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\${/g, '<').replace(/}/g, '>');
  }
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return items.map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) {
    return flatten(node['Fn::Sub']);
  }
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue']) {
    return flatten(node['Fn::ImportValue']);
  }
  if (node.Ref) {
    return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(node);
}
