'use client';
/**
 * Posts {email, password} as JSON to /api/auth/login, which sets the HttpOnly session
 * cookie, then goes to `?next=` (same-origin paths only) or the overview.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'next/navigation';
import { z } from 'zod';
import { TextField } from '~/components/ui/field.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
// Only local paths, so a crafted link cannot bounce a fresh session to another site.
import { safeNext } from '~/lib/safe-next.ts';
import styles from './login.module.css';

const ZLoginForm = z.object({
  email: z.string().trim().min(1, 'enter your email'),
  password: z.string().min(1, 'enter your password'),
});

const ZLoginFailure = z
  .object({ error: z.object({ message: z.string() }).optional(), message: z.string().optional() })
  .loose();

async function failureMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = ZLoginFailure.safeParse(body);
  const message = parsed.success ? (parsed.data.error?.message ?? parsed.data.message) : undefined;
  return (
    message ?? (response.status === 401 ? 'Wrong email or password.' : `Sign-in failed (HTTP ${response.status}).`)
  );
}

export function LoginForm() {
  const params = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const checked = validateWith(ZLoginForm, { email, password });
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setBusy(true);
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(checked.data),
      });
      if (response.ok) {
        window.location.assign(safeNext(params.get('next')));
        return;
      }
      setFailure(await failureMessage(response));
    } catch {
      setFailure('The console did not answer; check that it is running.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className={styles.page}>
      <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
        <h1>Switchyard console</h1>
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={errors.email}
          autoComplete="username"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="current-password"
        />
        {failure ? (
          <Notice tone="danger" testId="login-error">
            {failure}
          </Notice>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
