'use client';
/** Where one key goes now (latest published version) and under the draft, with reasons. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZRoutePreviewRequestSchema } from '@switchyard/api/schemas';
import { RouteOutcome } from './route-outcome.tsx';
import styles from './tools.module.css';

export function RoutePreviewTool() {
  const trpc = useTRPC();
  const [input, setInput] = useState('');
  const [commandInput, setCommandInput] = useState('GET');
  const [submitted, setSubmitted] = useState<{ key: string; command?: string | undefined } | null>(null);
  const [error, setError] = useState<string>();
  const [commandError, setCommandError] = useState<string>();
  const preview = useQuery({
    ...trpc.tools.routePreview.queryOptions(submitted ?? { key: '' }),
    enabled: submitted !== null,
    retry: false,
  });
  const data = preview.data;
  return (
    <Card title="Route preview">
      <form
        className="row"
        style={{ alignItems: 'flex-end' }}
        onSubmit={(event) => {
          event.preventDefault();
          const checked = validateWith(ZRoutePreviewRequestSchema, { key: input, command: commandInput });
          setError(checked.ok ? undefined : checked.errors.key);
          // An invalid attempt clears the last answer: it belonged to a different input.
          setCommandError(checked.ok ? undefined : checked.errors.command);
          setSubmitted(checked.ok ? { key: checked.data.key, command: checked.data.command } : null);
        }}
      >
        <TextField
          label="Redis key"
          value={input}
          onChange={setInput}
          error={error}
          testId="route-key-input"
          placeholder="e.g. member_list_{123…}"
        />
        <TextField
          label="Command"
          value={commandInput}
          onChange={setCommandInput}
          error={commandError}
          testId="route-command-input"
          placeholder="GET"
        />
        <button type="submit">Preview route</button>
      </form>
      <ErrorBanner error={preview.error} title="Could not preview" />
      {data ? (
        <p data-testid="route-command">
          <strong className="mono">{data.command.name}</strong> ({data.command.write ? 'write' : 'read'}):{' '}
          {data.command.proxy}
        </p>
      ) : null}
      {data ? (
        <div className={styles.columns}>
          <section>
            <h3>Now {data.published ? `(published v${data.published.version})` : ''}</h3>
            {data.published ? (
              <RouteOutcome outcome={data.published.outcome} testId="route-now" />
            ) : (
              <p className="muted">Nothing published yet.</p>
            )}
          </section>
          <section>
            <h3>Under the draft {data.draft ? `(revision ${data.draft.revision})` : ''}</h3>
            {data.draft ? (
              <RouteOutcome outcome={data.draft.outcome} testId="route-draft" />
            ) : (
              <p className="muted">No draft.</p>
            )}
          </section>
        </div>
      ) : null}
    </Card>
  );
}
