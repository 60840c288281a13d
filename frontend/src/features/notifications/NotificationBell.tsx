import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMarkAllRead, useNotifications } from '../../api/queries/notifications';
import { BellIcon } from '../../components/icons';
import { NotificationList } from './NotificationList';

/** The bell in the top bar: unread count (live), the latest notifications, mark read. */
export function NotificationBell() {
  const { data } = useNotifications(1, 8);
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const unread = data?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    heading.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        wrapper.current?.querySelector('button')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div ref={wrapper} className="relative">
      <button
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="relative rounded-lg p-2 text-slate-600 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        <BellIcon />
        {unread > 0 ? (
          <span
            aria-hidden="true"
            data-testid="unread-badge"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-bold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          role="region"
          aria-label="Latest notifications"
          className="fixed inset-x-2 top-14 z-50 max-h-[75dvh] overflow-y-auto rounded-xl border border-slate-200 bg-white p-3 shadow-2xl sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-96 dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="mb-2 flex items-center justify-between gap-2 px-1">
            <h2 ref={heading} tabIndex={-1} className="font-semibold">
              Notifications
            </h2>
            <button
              type="button"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
              className="rounded text-sm font-medium text-brand-700 hover:underline disabled:cursor-default disabled:text-slate-500 disabled:no-underline dark:text-brand-400 dark:disabled:text-slate-500"
            >
              Mark all read
            </button>
          </div>
          <NotificationList items={data?.items ?? []} loading={!data} compact />
          <Link
            to="/notifications"
            onClick={() => setOpen(false)}
            className="mt-2 block rounded-lg px-2 py-2 text-center text-sm font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-400 dark:hover:bg-slate-800"
          >
            See all notifications
          </Link>
        </div>
      ) : null}
    </div>
  );
}
