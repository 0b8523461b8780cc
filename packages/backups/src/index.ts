export * from './backup-bucket';
export * from './app-backup-plan';
export * from './pg-dump-backup';
export * from './restore-drill';
