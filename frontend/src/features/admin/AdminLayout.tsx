import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../../api/context';
import { PageHeader } from '../../components/PageHeader';
import { can, type Ability } from '../../lib/policy';

const TABS: Array<{ to: string; label: string; ability: Ability }> = [
  { to: 'users', label: 'Users', ability: 'users:manage' },
  { to: 'requests', label: 'Requests', ability: 'request:list-all' },
  { to: 'invitations', label: 'Invitations', ability: 'users:manage' },
  { to: 'settings', label: 'Settings', ability: 'settings:manage' },
  { to: 'audit-log', label: 'Audit log', ability: 'admin:access' },
  { to: 'notifications', label: 'Notifications', ability: 'settings:manage' },
];

export default function AdminLayout() {
  const { pathname } = useLocation();
  const { user } = useAuth();
  const tabs = TABS.filter((t) => can(user, t.ability));
  const tab = tabs.find((t) => pathname.endsWith(`/admin/${t.to}`));
  return (
    <>
      <PageHeader title="Admin" documentTitle={tab ? `Admin: ${tab.label}` : 'Admin'} description="People, connections to Plex, Overseerr and Uptime Kuma, and what happened when." />
      <nav aria-label="Admin sections" className="mb-6 flex flex-wrap gap-x-1 border-b border-slate-200 dark:border-slate-800">
        {tabs.map((tab) => (
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
