export * from './elastic-beanstalk-hosted-zones';
export * from './beanstalk-environment-target';
export * from './app-domain';
export * from './zone-file';
export * from './zone-records';
