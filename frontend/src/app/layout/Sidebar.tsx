import { NavLink } from 'react-router';
import { useAuth } from '../../api/context';
import { useSocketStatus } from '../../api/socket';
import { Logo } from '../../components/icons';
import { MAIN_NAV, SECONDARY_NAV, type NavItem } from './nav';
import { UserCard } from './UserCard';
import { can } from '../../lib/policy';

function SideLink({ item }: { item: NavItem }) {
  const Icon = item.icon;
  return (
    <NavLink
      to={item.to}
      end={item.end ?? false}
      className={({ isActive }) =>
        `flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
          isActive
            ? 'bg-brand-500/15 text-brand-800 dark:text-brand-300'
            : 'text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800'
        }`
      }
    >
      <Icon />
      {item.label}
    </NavLink>
  );
}

/** Wide screens: a fixed sidebar with every destination. */
export function Sidebar() {
  const { user } = useAuth();
  const live = useSocketStatus();
  const secondary = SECONDARY_NAV.filter((item) => !item.ability || can(user, item.ability));
  return (
    <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-white px-4 py-5 lg:flex dark:border-slate-800 dark:bg-slate-950">
      <div className="mb-8 flex items-center gap-3 px-2">
        <Logo />
        <span className="text-lg font-bold">MediaNest</span>
      </div>
      <nav aria-label="Main" className="flex flex-1 flex-col gap-1">
        {MAIN_NAV.map((item) => (
          <SideLink key={item.to} item={item} />
        ))}
        <div className="my-3 border-t border-slate-200 dark:border-slate-800" />
        {secondary.map((item) => (
          <SideLink key={item.to} item={item} />
        ))}
      </nav>
      <p className="mb-3 flex items-center gap-2 px-3 text-xs text-slate-600 dark:text-slate-400">
        <span aria-hidden="true" className={`h-2 w-2 rounded-full ${live ? 'bg-emerald-500' : 'bg-slate-400'}`} />
        {live ? 'Live updates on' : 'Connecting for live updates…'}
      </p>
      <UserCard />
    </aside>
  );
}
