import { useApi, useApiClient } from '../../api/context';
import type { SessionResponse } from '../../api/types';
import { plexProblem as describePlexProblem, usePlexPin, type PlexProblem, type PlexProblems } from '../../widgets/plex/usePlexPin';

const PLEX_PROBLEMS = {
  denied: {
    title: "This Plex account isn't shared with you",
    message:
      "You signed in to Plex, but that account has no access to this server. Ask the server's owner to share their library with you, then try again.",
  },
  expired: {
    title: 'The Plex sign-in expired',
    message: 'The code was not approved in time. Select "Sign in with Plex" to get a new one.',
  },
  unreachable: {
    title: "Plex can't be reached",
    message: 'MediaNest could not contact Plex. Try again in a few minutes, or use the admin account if you have one.',
  },
  notConfigured: {
    title: "Plex sign-in isn't set up yet",
    message: 'An admin needs to connect MediaNest to a Plex server first. Sign in with the admin account to do that.',
  },
  suspended: {
    title: 'This account is suspended',
    message: 'An admin of this MediaNest has suspended your account. Ask them to reactivate it, then sign in again.',
  },
  invalid: {
    title: 'This sign-in attempt is no longer valid',
    message: 'Select "Sign in with Plex" to start again.',
  },
  rateLimitedTitle: 'Too many sign-in attempts',
} satisfies PlexProblems;

export function plexProblem(error: unknown): PlexProblem {
  return describePlexProblem(error, PLEX_PROBLEMS);
}

/** Sign in with a Plex PIN; the session starts once Plex approves. */
export function usePlexSignIn(onSignedIn: (session: SessionResponse) => void) {
  const api = useApi();
  const client = useApiClient();
  return usePlexPin<SessionResponse>({
    problems: PLEX_PROBLEMS,
    complete: async (pin) => {
      const result = await api.auth.plexCallback(pin);
      return result.status === 'complete' ? result : null;
    },
    onComplete: (session) => {
      client.startSession(session);
      onSignedIn(session);
    },
  });
}
