export * from './schema.ts';
export * from './connect.ts';
export { migrateToLatest } from './migrate.ts';
