import { useState, type ReactNode } from 'react';
import { describeError } from '../../api/errors';
import { useTestConnection, useUpdateSettings } from '../../api/queries/admin';
import type { ConnectionTestResult, SetupService, SettingsUpdate } from '../../api/types';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { useToast } from '../../components/Toast';

export interface StepField {
  name: 'url' | 'secret' | 'statusPage' | 'webhookSecret';
  label: string;
  hint?: string;
  secret?: boolean;
  placeholder?: string;
}

/**
 * One connection of the checklist: fields, a Test that reports the real cause, and Save, which
 * is offered once the Test passed; after a failed Test only an explicit "Save anyway".
 */
export function ConnectionStep({
  service,
  title,
  done,
  managedByEnv,
  fields,
  toSettings,
  form,
  children,
}: {
  service: SetupService;
  title: string;
  done: boolean;
  managedByEnv: boolean;
  fields: StepField[];
  toSettings: (values: Record<string, string>) => SettingsUpdate;
  /** Shown instead of the fields (e.g. Plex's server picker); the fields come back when it is undefined. */
  form?: ReactNode;
  children?: ReactNode;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ for: string; outcome: ConnectionTestResult } | null>(null);
  const test = useTestConnection();
  const save = useUpdateSettings();
  const toast = useToast();
  const key = JSON.stringify(values);
  const tested = result?.for === key ? result.outcome : null;
  const filled = fields.every((f) => (values[f.name] ?? '').trim() !== '');

  const runTest = () =>
    test.mutate(
      { service, ...Object.fromEntries(Object.entries(values).filter(([k, v]) => k !== 'webhookSecret' && v.trim() !== '')) },
      { onSuccess: (outcome) => setResult({ for: key, outcome }), onError: (error) => setResult({ for: key, outcome: { ok: false, message: describeError(error).message } }) },
    );
  const runSave = () =>
    save.mutate(toSettings(values), {
      onSuccess: () => {
        toast({ tone: 'success', title: `${title} saved` });
        setValues({});
        setResult(null);
      },
      onError: (error) => toast({ tone: 'error', title: `${title} was not saved`, message: describeError(error).message }),
    });

  return (
    <section aria-label={title} className="card p-5">
      <h2 className="flex items-center gap-2 text-lg font-semibold">
        <span aria-hidden="true">{done ? '✅' : '⬜'}</span>
        {title}
        <span className="sr-only">{done ? ' (done)' : ' (to do)'}</span>
      </h2>
      {managedByEnv ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Set by the server&apos;s environment; change it there.</p>
      ) : form !== undefined ? (
        form
      ) : (
        <form
          className="mt-4 grid gap-4 sm:grid-cols-2"
          onSubmit={(event) => {
            event.preventDefault();
            runTest();
          }}
        >
          {fields.map((f) => (
            <TextField
              key={f.name}
              label={f.label}
              hint={f.hint}
              type={f.secret ? 'password' : 'text'}
              autoComplete="off"
              placeholder={f.placeholder}
              value={values[f.name] ?? ''}
              onChange={(event) => setValues({ ...values, [f.name]: event.target.value })}
            />
          ))}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" variant="secondary" loading={test.isPending} disabled={!filled}>
              Test
            </Button>
            {tested?.ok ? (
              <Button onClick={runSave} loading={save.isPending}>
                Save
              </Button>
            ) : tested ? (
              <Button variant="ghost" onClick={runSave} loading={save.isPending}>
                Save anyway
              </Button>
            ) : null}
          </div>
          {tested ? (
            <p
              role={tested.ok ? 'status' : 'alert'}
              className={`text-sm sm:col-span-2 ${tested.ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-700 dark:text-red-400'}`}
            >
              {tested.message}
            </p>
          ) : null}
        </form>
      )}
      {children}
    </section>
  );
}
