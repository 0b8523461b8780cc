export * from './blue-green-environments';
export * from './blue-green-pipeline';
