import { Link } from 'react-router';
import { useAuth } from '../../api/context';
import { useSetup } from '../../api/queries/admin';
import { Notice } from '../../components/States';
import { PageHeader, Section } from '../../components/PageHeader';
import { MyAccessNotice } from '../../widgets/MyAccessNotice';
import { ServiceStatus } from '../../widgets/services/ServiceStatus';
import { FollowedTitles } from './FollowedTitles';
import { LatestRequests } from './LatestRequests';
import { RecentlyAdded } from './RecentlyAdded';
import { can } from '../../lib/policy';

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** Admins are reminded of the setup checklist until it is done. */
function SetupReminder() {
  const setup = useSetup();
  if (!setup.data || setup.data.done) return null;
  return (
    <div className="mb-6">
      <Notice>
        MediaNest is not fully set up yet.{' '}
        <Link to="/setup" className="font-medium underline">
          Finish the setup checklist
        </Link>
        .
      </Notice>
    </div>
  );
}

export default function DashboardPage() {
  const { user } = useAuth();
  return (
    <>
      <PageHeader
        title={`${greeting()}${user ? `, ${user.username}` : ''}`}
        description="Your requests, what's new, and the titles you follow."
        documentTitle="Home"
      />
      {can(user, 'settings:manage') ? <SetupReminder /> : null}
      <MyAccessNotice />
      <div className="grid grid-cols-1 gap-x-8 xl:grid-cols-2">
        <LatestRequests />
        <FollowedTitles />
      </div>
      <RecentlyAdded />
      <Section title="Service status">
        <ServiceStatus />
      </Section>
    </>
  );
}
