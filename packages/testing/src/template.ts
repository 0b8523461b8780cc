import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

const ASSET_HASH = /[0-9a-f]{64}/g;

/**
 * A stack's template with asset hashes replaced by a placeholder, so that a
 * snapshot changes only when the construct's behaviour does.
 */
export function normalizedTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(ASSET_HASH, '<asset-hash>'));
}
