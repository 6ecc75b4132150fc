import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { I18nProvider, type Language } from '@/lib/i18n';
import { createQueryClient } from '@/lib/react-query';

interface AppProviderProps {
  children: ReactNode;
  queryClient?: QueryClient;
  initialLanguage?: Language;
}

export function AppProvider({ children, queryClient, initialLanguage }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <I18nProvider initialLanguage={initialLanguage}>{children}</I18nProvider>
    </QueryClientProvider>
  );
}
