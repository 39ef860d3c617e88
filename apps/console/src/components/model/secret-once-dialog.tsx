'use client';
import { Dialog } from '~/components/ui/dialog.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import { CopyButton } from '~/components/ui/copy-button.tsx';

/** The caller secret exists in clear only in this one response; only its hash is stored. */
export function SecretOnceDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  return (
    <Dialog title={`Secret for caller ${name}`} onClose={onClose} testId="secret-once-dialog">
      <Notice tone="warn">
        Copy this secret now. It is shown only once and cannot be retrieved later; if it is lost, rotate it. It takes
        effect when the draft is published.
      </Notice>
      <div className="row">
        <code
          data-testid="caller-secret"
          style={{ padding: '6px 8px', background: '#eef0f3', borderRadius: 6, wordBreak: 'break-all' }}
        >
          {secret}
        </code>
        <CopyButton value={secret} label="Copy secret" testId="copy-secret" />
      </div>
      <p className="muted">Clients authenticate with: AUTH {name} &lt;secret&gt;</p>
      <div className="row">
        <button type="button" onClick={onClose}>
          I have stored the secret
        </button>
      </div>
    </Dialog>
  );
}
