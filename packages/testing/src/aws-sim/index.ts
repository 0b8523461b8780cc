export * from './clock';
export * from './faults';
export * from './elastic-beanstalk';
export * from './services';
export * from './sim';
