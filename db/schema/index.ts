export * from './organisations.ts';
export * from './platform.ts';
