export * from './backup-bucket';
export * from './app-backup-plan';
