import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A checkov check skipped on one resource, with the reason a reviewer reads. */
export interface CheckovSkip {
  /** The checkov check id, e.g. `CKV_AWS_111`. */
  readonly id: string;
  /** Why the check does not apply to this resource. */
  readonly comment: string;
}

/**
 * Records checkov skips in a CloudFormation resource's `Metadata.checkov.skip`, where checkov's
 * CloudFormation framework (and the repository's template gate) reads them.
 *
 * @example
 * CheckovSkips.add(project, [{ id: 'CKV_AWS_111', comment: 'why it does not apply' }]);
 */
export class CheckovSkips {
  /**
   * Skips checkov checks on the CloudFormation resource of `scope` (itself, or its default child);
   * merges with the skips already there, once per id. Does nothing when `scope` has no resource.
   */
  public static add(scope: IConstruct, skips: CheckovSkip[]): void {
    const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
    if (!(resource instanceof CfnResource)) {
      return;
    }
    const existing: CheckovSkip[] = resource.getMetadata('checkov')?.skip ?? [];
    const merged = [...existing, ...skips.filter((s) => !existing.some((e) => e.id === s.id))];
    resource.addMetadata('checkov', { skip: merged });
  }

  private constructor() {}
}
