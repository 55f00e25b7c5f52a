// Who is signed in, from auth.me. Every part of the app asks here; sign-in and sign-out update it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@lpt/shared/enums';
import { useTRPC, type RouterOutputs } from './trpc.ts';

export type CurrentUser = NonNullable<RouterOutputs['auth']['me']>;

export function useMe() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 5 * 60_000 });
  return { user: query.data ?? null, isLoading: query.isPending, error: query.error };
}

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
  if (role === 'signatory') return '/report';
  if (role === 'coordinator') return '/review';
  return '/';
}

/** Signs out, then forgets every cached answer (they were fetched with the old session). */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
      },
    }),
  );
}
