import type { DisclosureExportDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { disclosureKeys } from './get-disclosures';

/** POST: producing the export is audited and completes the request, so it is never a cached GET. */
export function useProduceExport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<DisclosureExportDto>(`/api/disclosures/${encodeURIComponent(id)}/export`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: disclosureKeys.all }),
  });
}

/** Saves the export as it came from the server, as a JSON file named after the request. */
export function downloadExport(doc: DisclosureExportDto): void {
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `disclosure-${doc.subject.userRef}-${doc.producedAt.slice(0, 10)}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
