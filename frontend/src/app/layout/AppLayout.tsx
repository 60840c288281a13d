import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { Logo } from '../../components/icons';
import { PageSkeleton } from '../../components/PageSkeleton';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { ThemeToggle } from '../../components/Theme';
import { BottomNav } from './BottomNav';
import { GlobalSearch } from './GlobalSearch';
import { LiveUpdates } from './LiveUpdates';
import { Sidebar } from './Sidebar';

/** Signed-in shell: sidebar on wide screens, bottom navigation on phones, search on every page. */
export function AppLayout() {
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[70] focus:rounded-lg focus:bg-brand-500 focus:px-4 focus:py-2 focus:text-slate-950"
      >
        Skip to content
      </a>
      <LiveUpdates />
      <Sidebar />
      <div className="lg:pl-64">
        <header className="sticky top-0 z-30 border-b border-slate-200 bg-slate-50/90 backdrop-blur dark:border-slate-800 dark:bg-[#0b0f17]/90">
          <div className="mx-auto flex max-w-[2400px] items-center gap-2 px-3 py-2.5 sm:gap-3 sm:px-6 lg:px-8">
            <Link to="/" className="shrink-0 rounded-lg lg:hidden" aria-label="MediaNest dashboard">
              <Logo />
            </Link>
            <GlobalSearch />
            <div className="ml-auto flex shrink-0 items-center gap-1">
              <NotificationBell />
              <ThemeToggle />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-[2400px] px-3 pt-6 pb-28 sm:px-6 lg:px-8 lg:pb-12">
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <BottomNav />
    </div>
  );
}
