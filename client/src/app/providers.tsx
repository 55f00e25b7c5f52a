// The React Query and tRPC clients for the page, created once in clients.ts (main.tsx uses them too, to
// start the dashboard's calls before React renders).
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import type { ReactNode } from 'react';
import { TRPCProvider, type AppRouter } from '../lib/trpc.ts';

export interface Clients {
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
}

export function Providers({ queryClient, trpcClient, children }: Clients & { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
