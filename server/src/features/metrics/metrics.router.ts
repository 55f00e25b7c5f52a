import { router } from '../../trpc.ts';

// Placeholder: the metrics feature is being written.
export const metricsRouter = router({});
