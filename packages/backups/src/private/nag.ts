import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges, on each IAM policy under `root`, the wildcard actions and
 * resources it holds now (cdk-nag AwsSolutions-IAM5) with `reason`: each one
 * by name, so that a wildcard added later is still reported. Also acknowledges
 * that the policies are inline (HIPAA/NIST IAMNoInlinePolicy).
 *
 * (The same helper exists in other ebkit packages; it belongs in @ebkit/core.)
 */
export function acknowledgePolicyWildcards(root: IConstruct, reason: string): void {
  for (const node of root.node.findAll()) {
    if (!(node instanceof iam.CfnPolicy)) {
      continue;
    }
    const inlineReason = 'a least-privilege policy scoped to this construct\'s own resources, created and deleted with its role';
    Validations.of(node).acknowledge(
      { id: 'HIPAA.Security-IAMNoInlinePolicy', reason: inlineReason },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: inlineReason },
    );
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

/** Renders a resolved CloudFormation value the way cdk-nag names it in a finding. */
export function flatten(node: any): string {
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
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node.Ref) {
    return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(node);
}
