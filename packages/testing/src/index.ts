export * from './fixtures';
export * from './nag';
export * from './template';
export * from './postgres';
export * from './aws-sim';
export * from './preflight';
