export * from './props-errors';
export * from './checkov-skips';
