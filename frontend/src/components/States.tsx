import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../api/context';
import { ApiError, describeError, serviceName } from '../api/errors';
import { Button } from './Button';
import { can } from '../lib/policy';

/** Something an admin has simply not set up yet: said plainly, not as a red error (admins get the way to set it up). */
function NotConfiguredState({ service }: { service: string | undefined }) {
  const { user } = useAuth();
  const name = service ? serviceName(service) : 'This service';
  return (
    <div role="status" className="rounded-xl border border-slate-300 bg-slate-50 p-5 text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200">
      <p className="font-semibold">{name} is not configured</p>
      <p className="mt-1 text-sm">
        {can(user, 'settings:manage') ? (
          <>
            Connect it in{' '}
            <Link to="/admin/settings" className="font-medium underline">
              Admin → Settings
            </Link>
            .
          </>
        ) : (
          'An admin has not connected it yet.'
        )}
      </p>
    </div>
  );
}

/** A plain-language error with what to do next; never a blank area. */
export function ErrorState({
  error,
  title,
  message,
  onRetry,
  compact = false,
}: {
  error?: unknown;
  title?: string;
  message?: ReactNode;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const described = describeError(error);
  if (error instanceof ApiError && error.code === 'NOT_CONFIGURED') return <NotConfiguredState service={error.service} />;
  return (
    <div
      role="alert"
      className={`rounded-xl border border-red-300 bg-red-50 text-red-950 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100 ${compact ? 'p-3' : 'p-5'}`}
    >
      <p className="font-semibold">{title ?? described.title}</p>
      <p className="mt-1 text-sm opacity-90">{message ?? described.message}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  message,
  action,
}: {
  icon?: ReactNode;
  title: string;
  message?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700">
      {icon ? <div className="mb-3 text-slate-500 dark:text-slate-400">{icon}</div> : null}
      <p className="font-semibold">{title}</p>
      {message ? <p className="mt-1 max-w-md text-sm text-slate-600 dark:text-slate-400">{message}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'warning'; children: ReactNode }) {
  const style =
    tone === 'warning'
      ? 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100'
      : 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-500/30 dark:bg-sky-500/10 dark:text-sky-100';
  return <div className={`rounded-xl border p-4 text-sm ${style}`}>{children}</div>;
}
