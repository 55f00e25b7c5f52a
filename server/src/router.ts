// The whole API: one line per feature router. The client imports only the AppRouter type.
import { auditRouter } from './features/audit/audit.router.ts';
import { authRouter } from './features/auth/auth.router.ts';
import { cyclesRouter } from './features/cycles/cycles.router.ts';
import { metricsRouter } from './features/metrics/metrics.router.ts';
import { outboxRouter } from './features/outbox/outbox.router.ts';
import { organizationsRouter } from './features/organizations/organizations.router.ts';
import { ratesRouter } from './features/rates/rates.router.ts';
import { releasesRouter } from './features/releases/releases.router.ts';
import { reportsRouter } from './features/reports/reports.router.ts';
import { usersRouter } from './features/users/users.router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  organizations: organizationsRouter,
  users: usersRouter,
  cycles: cyclesRouter,
  rates: ratesRouter,
  reports: reportsRouter,
  metrics: metricsRouter,
  releases: releasesRouter,
  audit: auditRouter,
  outbox: outboxRouter,
});

export type AppRouter = typeof appRouter;
