import { useState, type FormEvent } from 'react';
import { useApi, useApiClient } from '../../api/context';
import { ApiError, describeError, describeReset } from '../../api/errors';
import { Button } from '../../components/Button';
import { FormError, TextField } from '../../components/Field';

function loginProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'INVALID_CREDENTIALS') return 'That username and password do not match. Check them and try again.';
    if (error.code === 'ACCOUNT_SUSPENDED') return 'This account is suspended. Ask another admin to reactivate it.';
    if (error.code === 'RATE_LIMITED') {
      const reset = describeReset(error);
      return `Too many attempts for this account. Try again ${reset || 'later'}.`;
    }
  }
  return describeError(error).message;
}

export function AdminSignInForm({ onSignedIn }: { onSignedIn: (mustChangePassword: boolean) => void }) {
  const api = useApi();
  const client = useApiClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.auth.login(username.trim(), password);
      const mustChangePassword = result.mustChangePassword || result.user.mustChangePassword;
      client.startSession({ ...result, user: { ...result.user, mustChangePassword } });
      onSignedIn(mustChangePassword);
    } catch (caught) {
      setError(loginProblem(caught));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Admin sign-in">
      <FormError message={error} />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        required
        value={username}
        onChange={(event) => setUsername(event.target.value)}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <Button type="submit" variant="secondary" className="w-full" loading={busy}>
        Sign in
      </Button>
    </form>
  );
}
