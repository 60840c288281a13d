import { Notice } from '../components/States';
import { formatDate } from '../lib/format';
import { useMyMembership } from '../api/queries/invites';

/** Tells a member when their access to the Plex server ends (nothing when it does not). */
export function MyAccessNotice() {
  const mine = useMyMembership();
  const expiresAt = mine.data?.membership?.expiresAt;
  if (!expiresAt) return null;
  return (
    <div className="mb-4">
      <Notice tone="info">Your access to the Plex server lasts until {formatDate(expiresAt)}.</Notice>
    </div>
  );
}
