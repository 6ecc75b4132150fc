import type { ConductCategory } from './enums.ts';

// DTOs that several parts of the API answer with.

export interface StaffRefDto {
  id: string;
  displayName: string;
}

export interface ReportDto {
  id: string;
  reporter: 'user' | 'creator' | 'system';
  category: ConductCategory;
  note: string | null;
  atSeconds: number | null;
  createdAt: string;
}

export interface HoldDto {
  id: string;
  recordingId: string;
  reason: string;
  placedBy: StaffRefDto;
  placedAt: string;
  released: { at: string; by: StaffRefDto; reason: string } | null;
}
