export * from './enums.ts';
export * from './shared-dtos.ts';
export * from './ingest.ts';
export * from './staff.ts';
export * from './review.ts';
export * from './staff-admin.ts';
export * from './packets.ts';
export * from './signing.ts';
