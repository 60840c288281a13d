import { useEffect, useState, type FormEvent } from 'react';
import { useDocumentTitle } from '../../components/PageHeader';
import { useNavigate } from 'react-router';
import { useApi, useApiClient, useAuth } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { Button } from '../../components/Button';
import { FormError, TextField } from '../../components/Field';
import { Logo } from '../../components/icons';
import { continueAfterPasswordChange } from '../../lib/afterPasswordChange';
import { can } from '../../lib/policy';

const MIN_LENGTH = 12;

export default function ChangePasswordPage() {
  useDocumentTitle('Choose a new password');
  const api = useApi();
  const client = useApiClient();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => continueAfterPasswordChange(undefined), []);

  const tooShort = next.length > 0 && next.length < MIN_LENGTH;
  const mismatch = confirm.length > 0 && confirm !== next;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next.length < MIN_LENGTH) return setError(`The new password needs at least ${MIN_LENGTH} characters.`);
    if (next !== confirm) return setError('The two new passwords are different. Type the same one twice.');
    if (next === current) return setError('Choose a new password that is different from the current one.');
    setBusy(true);
    setError(null);
    try {
      await api.auth.changePassword(current, next);
      const me = await api.auth.me().catch(() => null);
      const signedIn = me?.user ?? user;
      // A first run continues with the setup checklist; if it cannot be read, the dashboard still points there.
      const setupPending = can(signedIn, 'settings:manage') ? await api.admin.setup().then((s) => !s.done, () => false) : false;
      // This page's gate moves on as soon as the account no longer must change its password: tell it where to.
      continueAfterPasswordChange(setupPending ? '/setup' : '/');
      if (signedIn) client.updateUser({ ...signedIn, mustChangePassword: false });
      else navigate('/', { replace: true });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && (caught.code === 'INVALID_CREDENTIALS' || caught.status === 401)) {
        setError('The current password is not right. Check it and try again.');
      } else {
        setError(describeError(caught).message);
      }
    }
  };

  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-10">
      <main className="w-full max-w-md">
        <div className="mb-6 flex flex-col items-center text-center">
          <Logo className="mb-4 h-12 w-12" />
          <h1 className="text-2xl font-bold">Choose a new password</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">
            {user ? `${user.username}, this` : 'This'} account still uses the default password. Set your own before
            continuing.
          </p>
        </div>
        <form onSubmit={submit} className="card space-y-4 p-6" noValidate>
          <FormError message={error} />
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_LENGTH}
            hint={`At least ${MIN_LENGTH} characters. A few unrelated words make a strong one.`}
            error={tooShort ? `${next.length} of ${MIN_LENGTH} characters` : undefined}
            value={next}
            onChange={(event) => setNext(event.target.value)}
          />
          <TextField
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            required
            error={mismatch ? 'Does not match the new password' : undefined}
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
          <Button type="submit" className="w-full" loading={busy}>
            Save and continue
          </Button>
          <Button variant="ghost" className="w-full" onClick={() => void client.logout().then(() => navigate('/sign-in'))}>
            Sign out instead
          </Button>
        </form>
      </main>
    </div>
  );
}

