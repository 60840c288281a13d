import { useApi, useApiClient } from '../../api/context';
import type { User } from '../../api/types';
import { usePlexPin, type PlexProblems } from '../../widgets/plex/usePlexPin';

const LINK_PROBLEMS = {
  denied: {
    title: 'That Plex account has no access to this server',
    message:
      "The Plex account you approved with neither owns this server nor has it shared with it. Link the Plex account that owns the server (or one it is shared with), then try again.",
  },
  conflict: {
    title: 'That Plex account is already linked to someone else',
    message:
      'Another MediaNest user already signs in with that Plex account, so it cannot be linked to yours too. Link a different Plex account, or have an admin remove the other user first.',
  },
  expired: {
    title: 'The Plex approval expired',
    message: 'The code was not approved in time. Select "Try again" to get a new one.',
  },
  unreachable: {
    title: "Plex can't be reached",
    message: 'MediaNest could not contact Plex. Try again in a few minutes.',
  },
  notConfigured: {
    title: "Plex isn't set up yet",
    message: 'MediaNest needs to be connected to a Plex server before a Plex account can be linked.',
  },
  suspended: {
    title: 'This account is suspended',
    message: 'An admin of this MediaNest has suspended your account. Ask them to reactivate it.',
  },
  invalid: {
    title: 'This attempt is no longer valid',
    message: 'Select "Try again" to start over.',
  },
  rateLimitedTitle: 'Too many attempts',
} satisfies PlexProblems;

/** Links a Plex account to the signed-in user through a Plex PIN; the current user is updated once Plex approves. */
export function usePlexLink(onLinked: (user: User) => void) {
  const api = useApi();
  const client = useApiClient();
  return usePlexPin<User>({
    problems: LINK_PROBLEMS,
    start: () => api.auth.plexLinkStart(),
    complete: async (pin) => {
      const result = await api.auth.plexLink(pin);
      return result.status === 'complete' ? result.user : null;
    },
    onComplete: (user) => {
      client.updateUser(user);
      onLinked(user);
    },
  });
}
