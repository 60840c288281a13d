import { useState, type ReactNode } from 'react';
import { useAuth } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { useChoosePlexServer, usePlexServers } from '../../api/queries/admin';
import type { ConnectionTestResult, OwnedPlexServer } from '../../api/types';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { ConnectionStep } from './ConnectionStep';
import { describeConnection, preferredConnection, rankConnections } from './plexConnections';

const TITLE = '1. Connect Plex';

/** The server's own words are written for people; other errors get the app's plain explanation. */
function plainMessage(error: unknown): string {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.code !== 'RATE_LIMITED') return error.message;
  if (error instanceof ApiError && error.code === 'SERVICE_UNAVAILABLE') return error.message;
  return describeError(error).message;
}

/** Why a test failed, from a 422 CONNECTION_TEST_FAILED answer to a save. */
function failedTest(error: unknown): ConnectionTestResult | null {
  if (!(error instanceof ApiError) || error.code !== 'CONNECTION_TEST_FAILED') return null;
  const cause = (error.details?.[0] as { cause?: ConnectionTestResult['cause'] } | undefined)?.cause;
  return { ok: false, cause, message: error.message };
}

/**
 * Step 1: with a linked Plex account, pick one of the servers it owns (plex.tv lists them with their
 * addresses; the server's token never reaches the browser); otherwise, or on demand, the URL and token.
 */
export function PlexStep({ done, managedByEnv }: { done: boolean; managedByEnv: boolean }) {
  const { user } = useAuth();
  const linked = Boolean(user?.plexLinked);
  const [manual, setManual] = useState(false);
  const picker = linked && !manual && !managedByEnv;
  return (
    <ConnectionStep
      service="plex"
      title={TITLE}
      done={done}
      managedByEnv={managedByEnv}
      fields={[
        { name: 'url', label: 'Plex server URL', placeholder: 'http://192.168.1.10:32400' },
        { name: 'secret', label: 'Plex token of the server owner', secret: true, hint: 'Plex Web → any item → Get Info → View XML: the token is the last value of that page’s address.' },
      ]}
      toSettings={(v) => ({ plex: { serverUrl: v.url, token: v.secret } })}
      form={picker ? <PlexServerPicker onManual={() => setManual(true)} /> : undefined}
    >
      {managedByEnv ? null : linked ? (
        manual ? (
          <Button variant="ghost" size="sm" className="mt-3" onClick={() => setManual(false)}>
            Pick a server from my Plex account instead
          </Button>
        ) : null
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          Easier: link your Plex account (“Link Plex account”, under your name) and pick your server from a list instead.
        </p>
      )}
    </ConnectionStep>
  );
}

function PlexServerPicker({ onManual }: { onManual: () => void }) {
  const servers = usePlexServers(true);
  const toManual = (
    <Button variant="ghost" size="sm" onClick={onManual}>
      Enter the URL and token by hand
    </Button>
  );

  if (servers.isPending) {
    return (
      <div className="mt-4 flex items-center gap-2 text-sm" role="status" aria-label="Loading your Plex servers">
        <Spinner size="sm" label="" /> Asking plex.tv for your servers…
      </div>
    );
  }
  if (servers.isError) {
    return (
      <div className="mt-4 space-y-3">
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {plainMessage(servers.error)}
        </p>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => void servers.refetch()} loading={servers.isFetching}>
            Try again
          </Button>
          {toManual}
        </div>
      </div>
    );
  }
  const list = servers.data.servers;
  if (list.length === 0) {
    return (
      <div className="mt-4 space-y-3">
        <p className="text-sm">Your Plex account does not own a Plex Media Server. Enter the address and token of the server MediaNest should use.</p>
        {toManual}
      </div>
    );
  }
  return <ServerChoice servers={list} manual={toManual} />;
}

function ServerChoice({ servers, manual }: { servers: OwnedPlexServer[]; manual: ReactNode }) {
  const [machineIdentifier, setMachineIdentifier] = useState(servers[0]!.machineIdentifier);
  const server = servers.find((s) => s.machineIdentifier === machineIdentifier) ?? servers[0]!;
  const connections = rankConnections(server.connections);
  const [uri, setUri] = useState<string | undefined>(preferredConnection(server.connections)?.uri);
  const chosenUri = connections.some((c) => c.uri === uri) ? uri : preferredConnection(server.connections)?.uri;
  const [result, setResult] = useState<{ for: string; outcome: ConnectionTestResult } | null>(null);
  const test = useChoosePlexServer();
  const save = useChoosePlexServer();
  const toast = useToast();
  const key = `${server.machineIdentifier} ${chosenUri ?? ''}`;
  const tested = result?.for === key ? result.outcome : null;

  const run = (mode: 'test' | 'save' | 'saveAnyway') => {
    if (!chosenUri) return;
    const mutation = mode === 'test' ? test : save;
    mutation.mutate(
      { machineIdentifier: server.machineIdentifier, uri: chosenUri, ...(mode === 'test' ? { dryRun: true } : {}), ...(mode === 'saveAnyway' ? { saveAnyway: true } : {}) },
      {
        onSuccess: (answer) => {
          setResult({ for: key, outcome: answer.test });
          if (answer.saved) toast({ tone: 'success', title: `${TITLE} saved`, message: `MediaNest uses ${server.name} at ${chosenUri}.` });
        },
        onError: (error) => setResult({ for: key, outcome: failedTest(error) ?? { ok: false, message: plainMessage(error) } }),
      },
    );
  };

  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        run('test');
      }}
    >
      <SelectField
        label="Plex server"
        hint="The servers your Plex account owns, as plex.tv lists them."
        value={server.machineIdentifier}
        onChange={(event) => setMachineIdentifier(event.target.value)}
      >
        {servers.map((s) => (
          <option key={s.machineIdentifier} value={s.machineIdentifier}>
            {s.name}
          </option>
        ))}
      </SelectField>
      {connections.length === 0 ? (
        <p className="text-sm">plex.tv knows no address for {server.name}; it may be offline. Start it, then reload this page, or enter its address by hand.</p>
      ) : (
        <fieldset>
          <legend className="mb-1 block text-sm font-medium">Address MediaNest uses to reach it</legend>
          <div className="space-y-2">
            {connections.map((c) => (
              <label key={c.uri} className="flex items-start gap-2 text-sm">
                <input type="radio" name="plex-connection" className="mt-1" value={c.uri} checked={c.uri === chosenUri} onChange={() => setUri(c.uri)} />
                <span className="min-w-0">
                  <span className="block break-all font-mono">{c.uri}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">{describeConnection(c)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" loading={test.isPending} disabled={!chosenUri}>
          Test
        </Button>
        {tested?.ok ? (
          <Button onClick={() => run('save')} loading={save.isPending}>
            Save
          </Button>
        ) : tested && tested.cause !== 'wrong_server' ? (
          <Button variant="ghost" onClick={() => run('saveAnyway')} loading={save.isPending}>
            Save anyway
          </Button>
        ) : null}
        {manual}
      </div>
      {tested ? (
        <p role={tested.ok ? 'status' : 'alert'} className={`text-sm ${tested.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}`}>
          {tested.message}
        </p>
      ) : null}
    </form>
  );
}
