// The page's one React Query client and one tRPC client, shared by the start-up prefetch (main.tsx)
// and the app.
import { createApiClient, createQueryClient } from '../lib/trpc.ts';

export const queryClient = createQueryClient();
export const trpcClient = createApiClient();
