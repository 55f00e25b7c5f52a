import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../lib/usePageTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('common:notFound.title'));
  return (
    <section className="page page--narrow">
      <h1>{t('common:notFound.title')}</h1>
      <p>
        {t('common:notFound.text')} <Link to="/">{t('common:goToDashboard')}</Link>.
      </p>
    </section>
  );
}

/** Shown when a page fails to render or its code cannot be loaded (e.g. after a new deployment). */
export function RouteErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const chunkFailed = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <main id="main" className="page page--narrow">
      <h1>{t('common:routeError.title')}</h1>
      <p>{chunkFailed ? t('common:routeError.newVersion') : t('common:routeError.failed')}</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('common:routeError.reload')}
        </button>{' '}
        <a href="/">{t('common:goToDashboard')}</a>
      </p>
    </main>
  );
}

/**
 * The app's error boundary (the router runs in declarative mode, which has none of its own): a page that
 * throws while rendering, or whose code fails to load, shows RouteErrorPage instead of a blank screen.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    return this.state.error ? <RouteErrorPage error={this.state.error} /> : this.props.children;
  }
}
