import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/errors';
import { useUpdateSettings } from '../../api/queries/admin';
import type { SettingsUpdate } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/States';
import { useToast } from '../../components/Toast';

export interface SectionSpec {
  key: keyof SettingsUpdate;
  title: string;
  description: string;
  envNames: string;
  managedByEnv: boolean;
  fields: { name: string; label: string; value: string | null; placeholder?: string; type?: string }[];
  /** `boundTo`: the URL field whose scheme, host and port the saved secret belongs to. */
  secrets: { name: string; label: string; isSet: boolean; hint?: string; boundTo?: string }[];
}

/** scheme://host:port of what the admin typed, or the text itself while it is not a URL yet. */
function originOf(value: string | null | undefined): string {
  if (!value) return '';
  try {
    return new URL(value.trim()).origin;
  } catch {
    return value.trim();
  }
}

/** One upstream's settings. Secrets are write-only: empty keeps the saved one. */
export function SettingsSection({ spec }: { spec: SectionSpec }) {
  const save = useUpdateSettings();
  const toast = useToast();
  const initial = Object.fromEntries(spec.fields.map((field) => [field.name, field.value ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [cleared, setCleared] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);
  const locked = spec.managedByEnv;
  // The server clears a saved secret whose URL moves to another origin without a new secret.
  const movedSecrets = spec.secrets.filter((secret) => {
    const field = spec.fields.find((f) => f.name === secret.boundTo);
    if (!field || !secret.isSet || cleared[secret.name] || secrets[secret.name]?.trim()) return false;
    return originOf(values[field.name]) !== originOf(field.value);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: Record<string, string | null> = {};
    for (const field of spec.fields) {
      const value = (values[field.name] ?? '').trim();
      if (value !== (field.value ?? '')) patch[field.name] = value === '' ? null : value;
    }
    for (const secret of spec.secrets) {
      const value = secrets[secret.name]?.trim();
      if (value) patch[secret.name] = value;
      else if (cleared[secret.name]) patch[secret.name] = null;
    }
    if (Object.keys(patch).length === 0) {
      setError('Nothing changed yet.');
      return;
    }
    setError(null);
    save.mutate({ [spec.key]: patch } as SettingsUpdate, {
      onSuccess: () => {
        setSecrets({});
        setCleared({});
        toast({ tone: 'success', title: `${spec.title} settings saved` });
      },
      onError: (caught) =>
        setError(
          caught instanceof ApiError && caught.status === 409
            ? `These settings come from the server's environment (${spec.envNames}) and can only be changed there.`
            : describeError(caught).message,
        ),
    });
  };

  return (
    <form onSubmit={submit} className="card flex flex-col gap-4 p-5" aria-labelledby={`settings-${spec.key}`}>
      <div>
        <h2 id={`settings-${spec.key}`} className="flex items-center gap-2 text-lg font-semibold">
          {spec.title} {locked ? <Badge tone="blue">Set by environment</Badge> : null}
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{spec.description}</p>
      </div>
      {locked ? (
        <Notice>
          These values come from the server's environment ({spec.envNames}). To change them, edit the environment and restart
          MediaNest.
        </Notice>
      ) : null}
      {spec.fields.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          type={field.type ?? 'text'}
          value={values[field.name] ?? ''}
          placeholder={field.placeholder}
          readOnly={locked}
          disabled={locked}
          onChange={(event) => setValues((all) => ({ ...all, [field.name]: event.target.value }))}
        />
      ))}
      {spec.secrets.map((secret) => (
        <div key={secret.name}>
          <TextField
            label={`${secret.label} (${secret.isSet && !cleared[secret.name] ? 'saved' : 'not set'})`}
            type="password"
            autoComplete="off"
            value={secrets[secret.name] ?? ''}
            placeholder={secret.isSet ? 'Leave empty to keep the saved value' : 'Paste the value'}
            hint={secret.hint ?? 'Write-only: the saved value is never shown.'}
            disabled={locked}
            onChange={(event) => setSecrets((all) => ({ ...all, [secret.name]: event.target.value }))}
          />
          {secret.isSet && !locked ? (
            <label className="mt-2 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="h-4 w-4 accent-red-600"
                checked={cleared[secret.name] ?? false}
                onChange={(event) => setCleared((all) => ({ ...all, [secret.name]: event.target.checked }))}
              />
              Remove the saved {secret.label.toLowerCase()}
            </label>
          ) : null}
        </div>
      ))}
      {movedSecrets.length > 0 && !locked ? (
        <Notice tone="warning">
          The saved {movedSecrets.map((secret) => secret.label.toLowerCase()).join(' and ')} belongs to the previous address. Saving a
          different scheme, host or port removes it, so it is never sent to another server: enter it again above to keep{' '}
          {spec.title} working.
        </Notice>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {!locked ? (
        <div className="mt-auto flex justify-end">
          <Button type="submit" loading={save.isPending}>
            Save {spec.title}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
