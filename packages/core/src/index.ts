export * from './props-errors';
export * from './checkov-skips';
export * from './alarms';
export * from './alarm-topic';
export * from './acknowledgements';
