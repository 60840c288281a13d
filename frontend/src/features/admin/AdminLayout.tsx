import { NavLink, Outlet, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

const TABS = [
  { to: 'users', label: 'Users' },
  { to: 'requests', label: 'Requests' },
  { to: 'invitations', label: 'Invitations' },
  { to: 'settings', label: 'Settings' },
  { to: 'audit-log', label: 'Audit log' },
  { to: 'notifications', label: 'Notifications' },
];

export default function AdminLayout() {
  const { pathname } = useLocation();
  const tab = TABS.find((t) => pathname.endsWith(`/admin/${t.to}`));
  return (
    <>
      <PageHeader title="Admin" documentTitle={tab ? `Admin: ${tab.label}` : 'Admin'} description="People, connections to Plex, Overseerr and Uptime Kuma, and what happened when." />
      <nav aria-label="Admin sections" className="mb-6 flex flex-wrap gap-x-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            className={({ isActive }) =>
              `-mb-px border-b-2 px-2 py-2 text-sm font-medium sm:px-3 ${
                isActive
                  ? 'border-brand-500 text-slate-900 dark:text-white'
                  : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white'
              }`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
