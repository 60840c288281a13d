import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/context';
import { ApiError, NETWORK_ERROR, describeReset } from '../../api/errors';
import type { PlexPin } from '../../api/types';

/** Poll timing; tests shorten it. */
export const plexTiming = { pollIntervalMs: 1500, maxNetworkFailures: 3 };

export interface PlexProblem {
  title: string;
  message: string;
}

type PlexPhase =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'waiting'; code: string; authUrl: string; popupBlocked: boolean }
  | { phase: 'failed'; problem: PlexProblem };

/** What to tell the user for each way a Plex PIN flow can end badly; sign-in and linking word them differently. */
export interface PlexProblems {
  denied: PlexProblem;
  expired: PlexProblem;
  unreachable: PlexProblem;
  notConfigured: PlexProblem;
  suspended: PlexProblem;
  invalid: PlexProblem;
  /** The Plex account already belongs to another MediaNest user (linking only). */
  conflict?: PlexProblem;
  rateLimitedTitle: string;
}

export function plexProblem(error: unknown, problems: PlexProblems): PlexProblem {
  if (!(error instanceof ApiError)) return problems.unreachable;
  switch (error.code) {
    case 'PLEX_ACCESS_DENIED':
      return problems.denied;
    case 'PIN_EXPIRED':
      return problems.expired;
    case 'ACCOUNT_SUSPENDED':
      return problems.suspended;
    case 'NOT_CONFIGURED':
      return problems.notConfigured;
    case 'NOT_FOUND':
      return problems.invalid;
    case 'CONFLICT':
      return problems.conflict ?? problems.unreachable;
    case 'RATE_LIMITED': {
      const reset = describeReset(error);
      return {
        title: problems.rateLimitedTitle,
        message: reset ? `Wait a little, then try again ${reset}.` : 'Wait a minute, then try again.',
      };
    }
    default:
      return problems.unreachable;
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

interface PlexPinFlow<T> {
  /** Creates the PIN (default: the public sign-in start). */
  start?: () => Promise<PlexPin>;
  /** Asks the server whether the PIN was approved: the outcome once it was, `null` while pending. */
  complete: (pin: PlexPin) => Promise<T | null>;
  /** Called once with the outcome (the popup is already closed). */
  onComplete: (outcome: T) => void;
  problems: PlexProblems;
}

/**
 * The Plex PIN flow shared by sign-in and account linking: open the popup synchronously in the
 * click (popup blockers allow that), create the PIN, point the popup at Plex, then poll until
 * approved, denied or expired. Unmounting or `cancel()` abandons the attempt.
 */
export function usePlexPin<T>(flow: PlexPinFlow<T>) {
  const api = useApi();
  const [state, setState] = useState<PlexPhase>({ phase: 'idle' });
  const attempt = useRef(0);
  const popup = useRef<Window | null>(null);
  const latest = useRef(flow);
  useEffect(() => {
    latest.current = flow;
  });

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

  const poll = async (pin: PlexPin, id: number): Promise<{ outcome: T } | PlexProblem | null> => {
    const expiresAt = Date.parse(pin.expiresAt);
    let networkFailures = 0;
    while (attempt.current === id) {
      await sleep(plexTiming.pollIntervalMs);
      if (attempt.current !== id) return null;
      try {
        const outcome = await latest.current.complete(pin);
        networkFailures = 0;
        if (outcome !== null) return { outcome };
      } catch (error) {
        if (error instanceof ApiError && error.code === NETWORK_ERROR && ++networkFailures < plexTiming.maxNetworkFailures) continue;
        if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
          await sleep((error.retryAfterSeconds ?? 5) * 1000);
          continue;
        }
        return plexProblem(error, latest.current.problems);
      }
      if (!Number.isNaN(expiresAt) && Date.now() > expiresAt + 5000) return latest.current.problems.expired;
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
      pin = await (latest.current.start ?? api.auth.plexLogin)();
    } catch (error) {
      closePopup();
      if (attempt.current === id) setState({ phase: 'failed', problem: plexProblem(error, latest.current.problems) });
      return;
    }
    if (attempt.current !== id) return;
    const opened = popup.current && !popup.current.closed;
    if (opened) popup.current!.location.href = pin.authUrl;
    setState({ phase: 'waiting', code: pin.code, authUrl: pin.authUrl, popupBlocked: !opened });

    const result = await poll(pin, id);
    if (result === null || attempt.current !== id) return;
    closePopup();
    if ('outcome' in result) {
      setState({ phase: 'idle' });
      latest.current.onComplete(result.outcome);
    } else {
      setState({ phase: 'failed', problem: result });
    }
  };

  return { state, start, cancel };
}
