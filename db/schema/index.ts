export * from './organisations.ts';
export * from './platform.ts';
export * from './catalogue.ts';
export * from './clients.ts';
export * from './missions.ts';
export * from './communication.ts';
export * from './prospects.ts';
