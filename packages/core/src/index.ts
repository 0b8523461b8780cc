export * from './props-errors';
