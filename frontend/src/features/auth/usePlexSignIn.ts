import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useApiClient } from '../../api/context';
import { ApiError, NETWORK_ERROR, describeReset } from '../../api/errors';
import type { PlexPin, SessionResponse } from '../../api/types';

/** Poll timing; tests shorten it. */
export const plexTiming = { pollIntervalMs: 1500, maxNetworkFailures: 3 };

export interface PlexProblem {
  title: string;
  message: string;
}

export type PlexPhase =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'waiting'; code: string; authUrl: string; popupBlocked: boolean }
  | { phase: 'failed'; problem: PlexProblem };

export const PLEX_PROBLEMS = {
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
} satisfies Record<string, PlexProblem>;

export function plexProblem(error: unknown): PlexProblem {
  if (!(error instanceof ApiError)) return PLEX_PROBLEMS.unreachable;
  switch (error.code) {
    case 'PLEX_ACCESS_DENIED':
      return PLEX_PROBLEMS.denied;
    case 'PIN_EXPIRED':
      return PLEX_PROBLEMS.expired;
    case 'ACCOUNT_SUSPENDED':
      return PLEX_PROBLEMS.suspended;
    case 'NOT_CONFIGURED':
      return PLEX_PROBLEMS.notConfigured;
    case 'NOT_FOUND':
      return PLEX_PROBLEMS.invalid;
    case 'RATE_LIMITED': {
      const reset = describeReset(error);
      return {
        title: 'Too many sign-in attempts',
        message: reset ? `Wait a little, then try again ${reset}.` : 'Wait a minute, then try again.',
      };
    }
    default:
      return PLEX_PROBLEMS.unreachable;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openBlankPopup(): Window | null {
  const width = 600;
  const height = 720;
  const left = Math.max(0, (window.screenX ?? 0) + (window.outerWidth - width) / 2);
  const top = Math.max(0, (window.screenY ?? 0) + (window.outerHeight - height) / 2);
  try {
    return window.open('', 'medianest-plex-auth', `popup=yes,width=${width},height=${height},left=${left},top=${top}`);
  } catch {
    return null;
  }
}

/**
 * Plex PIN sign-in: open the popup synchronously in the click (popup blockers allow that),
 * create the PIN, point the popup at Plex, then poll the callback until approved, denied or
 * expired.
 */
export function usePlexSignIn(onSignedIn: (session: SessionResponse) => void) {
  const api = useApi();
  const client = useApiClient();
  const [state, setState] = useState<PlexPhase>({ phase: 'idle' });
  const attempt = useRef(0);
  const popup = useRef<Window | null>(null);

  const closePopup = () => {
    try {
      popup.current?.close();
    } catch {
      // Cross-origin or already closed.
    }
    popup.current = null;
  };

  const cancel = useCallback(() => {
    attempt.current += 1;
    closePopup();
    setState({ phase: 'idle' });
  }, []);

  useEffect(
    () => () => {
      attempt.current += 1;
      closePopup();
    },
    [],
  );

  const poll = async (pin: PlexPin, id: number): Promise<SessionResponse | PlexProblem | null> => {
    const expiresAt = Date.parse(pin.expiresAt);
    let networkFailures = 0;
    while (attempt.current === id) {
      await sleep(plexTiming.pollIntervalMs);
      if (attempt.current !== id) return null;
      try {
        const result = await api.auth.plexCallback(pin);
        networkFailures = 0;
        if (result.status === 'complete') return result;
      } catch (error) {
        if (error instanceof ApiError && error.code === NETWORK_ERROR && ++networkFailures < plexTiming.maxNetworkFailures) continue;
        if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
          await sleep((error.retryAfterSeconds ?? 5) * 1000);
          continue;
        }
        return plexProblem(error);
      }
      if (!Number.isNaN(expiresAt) && Date.now() > expiresAt + 5000) return PLEX_PROBLEMS.expired;
    }
    return null;
  };

  const start = async () => {
    const id = ++attempt.current;
    closePopup();
    popup.current = openBlankPopup();
    setState({ phase: 'starting' });
    let pin: PlexPin;
    try {
      pin = await api.auth.plexLogin();
    } catch (error) {
      closePopup();
      if (attempt.current === id) setState({ phase: 'failed', problem: plexProblem(error) });
      return;
    }
    if (attempt.current !== id) return;
    const opened = popup.current && !popup.current.closed;
    if (opened) popup.current!.location.href = pin.authUrl;
    setState({ phase: 'waiting', code: pin.code, authUrl: pin.authUrl, popupBlocked: !opened });

    const outcome = await poll(pin, id);
    if (outcome === null || attempt.current !== id) return;
    closePopup();
    if ('accessToken' in outcome) {
      client.startSession(outcome);
      setState({ phase: 'idle' });
      onSignedIn(outcome);
    } else {
      setState({ phase: 'failed', problem: outcome });
    }
  };

  return { state, start, cancel };
}
