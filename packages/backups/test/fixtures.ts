import { App, Stack } from 'aws-cdk-lib';

/** A stack in a fixed account and region (no lookups). */
export function testStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}
