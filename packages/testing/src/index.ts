export * from './nag';
export * from './template';
