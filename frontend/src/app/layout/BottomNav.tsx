import { useState } from 'react';
import { NavLink } from 'react-router';
import { useAuth } from '../../api/context';
import { Dialog } from '../../components/Dialog';
import { LinkIcon, LogoutIcon, MoreIcon } from '../../components/icons';
import { LinkPlexDialog } from '../../features/auth/LinkPlexDialog';
import { ThemeToggle } from '../../components/Theme';
import { MAIN_NAV, SECONDARY_NAV } from './nav';
import { useSignOut } from './UserCard';
import { can } from '../../lib/policy';

const itemClass = 'flex min-w-0 flex-1 flex-col items-center gap-1 px-1 py-2 text-[11px] font-medium';

/** Phones and tablets: the main destinations at the bottom, the rest under "More". */
export function BottomNav() {
  const { user } = useAuth();
  const [moreOpen, setMoreOpen] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const signOut = useSignOut();
  const secondary = SECONDARY_NAV.filter((item) => !item.ability || can(user, item.ability));
  return (
    <>
      <nav
        aria-label="Main navigation"
        className="fixed inset-x-0 bottom-0 z-40 flex border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur lg:hidden dark:border-slate-800 dark:bg-slate-950/95"
      >
        {MAIN_NAV.map((item) => {
          const Icon = item.icon;
          return (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.end ?? false}
              className={({ isActive }) =>
                `${itemClass} ${isActive ? 'text-brand-700 dark:text-brand-400' : 'text-slate-600 dark:text-slate-400'}`
              }
            >
              <Icon />
              <span className="max-w-full truncate">{item.short ?? item.label}</span>
            </NavLink>
          );
        })}
        <button type="button" className={`${itemClass} text-slate-600 dark:text-slate-400`} onClick={() => setMoreOpen(true)}>
          <MoreIcon />
          <span>More</span>
        </button>
      </nav>
      <Dialog open={moreOpen} onClose={() => setMoreOpen(false)} title="More" size="sm">
        <ul className="space-y-1">
          {secondary.map((item) => {
            const Icon = item.icon;
            return (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  onClick={() => setMoreOpen(false)}
                  className="flex items-center gap-3 rounded-lg px-3 py-3 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
                >
                  <Icon />
                  {item.label}
                </NavLink>
              </li>
            );
          })}
          {user && !user.plexLinked ? (
            <li>
              <button
                type="button"
                onClick={() => {
                  setMoreOpen(false);
                  setLinkOpen(true);
                }}
                className="flex w-full items-center gap-3 rounded-lg px-3 py-3 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                <LinkIcon />
                Link Plex account
              </button>
            </li>
          ) : null}
          <li className="flex items-center justify-between rounded-lg px-3 py-1 text-sm font-medium">
            Theme <ThemeToggle />
          </li>
          <li>
            <button
              type="button"
              onClick={() => void signOut()}
              className="flex w-full items-center gap-3 rounded-lg px-3 py-3 text-sm font-medium text-red-700 hover:bg-slate-100 dark:text-red-400 dark:hover:bg-slate-800"
            >
              <LogoutIcon />
              Sign out{user ? ` (${user.username})` : ''}
            </button>
          </li>
        </ul>
      </Dialog>
      <LinkPlexDialog open={linkOpen} onClose={() => setLinkOpen(false)} />
    </>
  );
}
