import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { usePageTitle } from '../lib/usePageTitle.ts';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page page--narrow">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the dashboard</Link>.
      </p>
    </section>
  );
}

/** Shown when a page fails to render or its code cannot be loaded (e.g. after a new deployment). */
export function RouteErrorPage() {
  const error = useRouteError();
  const chunkFailed = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : chunkFailed
      ? 'A new version of the app was published while this page was open.'
      : 'Something went wrong while showing this page.';
  return (
    <main id="main" className="page page--narrow">
      <h1>Sorry, this page could not be shown</h1>
      <p>{message}</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>{' '}
        <a href="/">Go to the dashboard</a>
      </p>
    </main>
  );
}
