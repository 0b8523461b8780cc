import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings that name one value each (such as
 * `AwsSolutions-IAM5[Resource::<flattened ARN>]`), flattening the value the
 * way cdk-nag does so that the acknowledgement covers exactly that value.
 */
export function acknowledgeFinding(scope: IConstruct, ruleId: string, kind: string, value: string, reason: string): void {
  const flat = flatten(Stack.of(scope).resolve(value));
  Validations.of(scope).acknowledge({ id: `${ruleId}[${kind}::${flat}]`, reason });
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
