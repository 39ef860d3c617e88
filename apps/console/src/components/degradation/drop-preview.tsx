'use client';
/**
 * What the drop rule being typed would cut (issue 18): the ops/s the caller or key sends over
 * the last minutes of heartbeats, what is dropped now and after, and the safety rules on the
 * result, as the publish would check them. Read-only; refreshes as the fields change.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import { ZPreviewDropRequestSchema } from '@switchyard/api/schemas';

export function DropPreview({
  kind,
  target,
  percent,
  minutes,
}: {
  kind: 'caller' | 'key';
  target: string;
  percent: string;
  minutes: string;
}) {
  const trpc = useTRPC();
  const expires = minutes.trim() === '' ? {} : { expiresInMinutes: Number(minutes) };
  const raw = {
    kind,
    ...(kind === 'caller' ? { caller: target } : { key: target }),
    ratio: percent.trim() === '' ? Number.NaN : Number(percent) / 100,
    ...expires,
  };
  const parsed = ZPreviewDropRequestSchema.safeParse(raw);
  const input = parsed.success ? parsed.data : { kind: 'caller' as const, caller: 'x', ratio: 0 };
  const preview = useQuery({
    ...trpc.degradation.previewDrop.queryOptions(input),
    enabled: parsed.success,
    staleTime: 0,
  });
  if (!parsed.success || !preview.data) return null;
  const p = preview.data;
  const hard = p.rules.some((r) => !r.ok && !r.soft);
  const soft = p.rules.some((r) => !r.ok && r.soft);
  return (
    <Notice tone={hard ? 'danger' : soft ? 'warn' : 'ok'} testId={`${kind}-drop-preview`}>
      <p style={{ margin: 0 }} data-testid={`${kind}-drop-cut`}>
        {p.offeredQps === null
          ? `No rate for ${p.target}: it is not among the heartbeats' hot keys.`
          : `${p.target} sends ${p.offeredQps} ops/s (last ${p.windowSec / 60} min): drops ${p.qpsCutNow} ops/s now, ${p.qpsCutAfter} ops/s after this change.`}
      </p>
      {p.rules.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {p.rules.map((r) => (
            <li key={r.name} data-rule={r.name} data-ok={r.ok}>
              <span className="mono">{r.name}</span>
              {r.soft ? ' (soft)' : ''}: {r.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
