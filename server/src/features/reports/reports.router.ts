import { router } from '../../trpc.ts';

// Placeholder: the reports feature is being written.
export const reportsRouter = router({});
