// Integration test app: `npx projen integ:app-backup-plan:snapshot` writes the committed
// snapshot, `npm test` compares it. Deploying it (`npx projen integ:app-backup-plan:deploy`,
// real AWS account) is a manual step.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AppBackupPlan, BackupBucket } from '../src';

const app = new App();
const stack = new Stack(app, 'ebkit-integ-backups', { env: { account: '123456789012', region: 'us-east-1' } });
// a throwaway bucket: deletable
const bucket = new BackupBucket(stack, 'BackupBucket', { removalPolicy: RemovalPolicy.DESTROY, allowDestroy: true });
new AppBackupPlan(stack, 'BackupPlan', { buckets: [bucket.bucket] });
app.synth();
