'use client';
import { useState } from 'react';
import { useSession } from '~/components/auth/session.tsx';
import styles from './shell.module.css';

export function UserMenu() {
  const { data } = useSession();
  const [leaving, setLeaving] = useState(false);
  const logout = async () => {
    setLeaving(true);
    try {
      await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    } finally {
      // Even if the call failed the cookie may be gone; the login page sorts it out.
      window.location.assign('/login');
    }
  };
  return (
    <div className={styles.user} data-testid="user-menu">
      {data ? (
        <span>
          <span data-testid="user-email">{data.email}</span>{' '}
          <span className={styles.role} data-testid="user-role">
            {data.role}
          </span>
        </span>
      ) : (
        <span className="muted">…</span>
      )}
      <button type="button" className="secondary" onClick={() => void logout()} disabled={leaving}>
        Log out
      </button>
    </div>
  );
}
