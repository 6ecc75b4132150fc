export * from './enums.ts';
export * from './ingest.ts';
export * from './staff.ts';
export * from './signing.ts';
