export * from './schema.ts';
export * from './connect.ts';
export { migrateToLatest } from './migrate.ts';
export { auditRoleProblems, currentRole, grantAppRole } from './roles.ts';
