import type { ComponentType, SVGProps } from 'react';
import type { Ability } from '../../lib/policy';
import { BellIcon, HelpIcon, HomeIcon, LibraryIcon, RequestsIcon, SearchIcon, ShieldIcon } from '../../components/icons';

export interface NavItem {
  to: string;
  label: string;
  /** Shorter label for the phone's bottom bar. */
  short?: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  end?: boolean;
  /** Shown only to those who may (src/lib/policy.ts). */
  ability?: Ability;
}

export const MAIN_NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', short: 'Home', icon: HomeIcon, end: true },
  { to: '/library', label: 'Library', icon: LibraryIcon },
  { to: '/discover', label: 'Discover', icon: SearchIcon },
  { to: '/requests', label: 'My requests', short: 'Requests', icon: RequestsIcon },
];

export const SECONDARY_NAV: NavItem[] = [
  { to: '/notifications', label: 'Notifications', icon: BellIcon },
  { to: '/help', label: 'Help', icon: HelpIcon },
  { to: '/admin', label: 'Admin', icon: ShieldIcon, ability: 'admin:access' },
];
