'use client';
/** Meeting-ID decoder: kind, code, relative day and date, and the storage code it routes to. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { KeyValue } from '~/components/ui/key-value.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZDecodeIdRequestSchema } from '@switchyard/api/schemas';

export function DecodeIdTool() {
  const trpc = useTRPC();
  const [input, setInput] = useState('');
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const decode = useQuery({
    ...trpc.tools.decodeId.queryOptions({ id: submitted ?? '' }),
    enabled: submitted !== null,
    retry: false,
  });
  return (
    <Card title="Meeting-ID decoder">
      <form
        className="row"
        style={{ alignItems: 'flex-end' }}
        onSubmit={(event) => {
          event.preventDefault();
          const checked = validateWith(ZDecodeIdRequestSchema, { id: input });
          setError(checked.ok ? undefined : checked.errors.id);
          // An invalid attempt clears the last answer: it belonged to a different input.
          setSubmitted(checked.ok ? checked.data.id : null);
        }}
      >
        <TextField
          label="Meeting ID"
          value={input}
          onChange={setInput}
          error={error}
          testId="decode-id-input"
          placeholder="decimal or 0x…"
        />
        <button type="submit">Decode</button>
      </form>
      <ErrorBanner error={decode.error} title="Could not decode" />
      {decode.data ? (
        <KeyValue
          testId="decoded"
          rows={[
            ['ID', decode.data.id],
            ['Kind', decode.data.kind],
            ['Code', decode.data.code],
            ['Day', decode.data.day],
            ['Date', decode.data.date],
            ['Random', decode.data.random],
            [
              'Storage code',
              <span key="routed">
                {decode.data.routedCode}{' '}
                {decode.data.deployed ? (
                  <Badge tone="ok">deployed</Badge>
                ) : (
                  <Badge tone="warn">not deployed → bottom</Badge>
                )}
              </span>,
            ],
            [
              'Layout',
              `X=${decode.data.layout.codeBits} T=${decode.data.layout.dayBits} epoch ${decode.data.layout.epoch}`,
            ],
          ]}
        />
      ) : null}
    </Card>
  );
}
