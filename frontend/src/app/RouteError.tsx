import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useDocumentTitle } from '../components/PageHeader';
import { describeError } from '../api/errors';
import { buttonClass } from '../components/Button';
import { Logo } from '../components/icons';

function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
}

/** Whatever goes wrong while rendering a page, say so in plain words and offer a way out. */
export function RouteError() {
  useDocumentTitle('Something went wrong');
  const error = useRouteError();
  let title = 'Something went wrong on this page';
  let message = 'Reload the page to try again. If it keeps happening, tell your admin what you were doing.';
  if (isChunkLoadError(error)) {
    title = 'MediaNest was updated';
    message = 'A newer version is available. Reload the page to use it.';
  } else if (isRouteErrorResponse(error) && error.status === 404) {
    title = 'Page not found';
    message = 'This address does not match any page. Check the link, or go back to the dashboard.';
  } else if (error && typeof error === 'object' && 'code' in error) {
    ({ title, message } = describeError(error));
  }
  return (
    <div role="alert" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-6 text-center">
      <Logo className="mb-6 h-12 w-12" />
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{message}</p>
      <div className="mt-6 flex gap-3">
        <button type="button" className={buttonClass('primary')} onClick={() => window.location.reload()}>
          Reload
        </button>
        <Link className={buttonClass('secondary')} to="/">
          Dashboard
        </Link>
      </div>
    </div>
  );
}

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        This address does not match any page. Use the search box above, or go back to the dashboard.
      </p>
      <Link className={buttonClass('primary', 'md', 'mt-6')} to="/">
        Go to the dashboard
      </Link>
    </div>
  );
}
