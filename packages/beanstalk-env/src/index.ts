export * from './platform';
export * from './source-bundle';
export * from './scaling';
export * from './deployment';
export * from './option-catalog';
export * from './beanstalk-application';
export * from './beanstalk-application-version';
export * from './beanstalk-environment';
