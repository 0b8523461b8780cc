export * from './platform';
export * from './source-bundle';
export * from './beanstalk-application';
export * from './beanstalk-application-version';
export * from './beanstalk-environment';
