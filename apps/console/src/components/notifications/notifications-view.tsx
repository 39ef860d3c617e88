'use client';
/**
 * Notifications (issue 17 §3): webhooks that receive result broadcasts (finished
 * reconciliations, failover/failback, dead letters, drop rules, write-log lag) as generic
 * JSON, Slack or WeCom bodies. Admin-only: URLs carry tokens, so they are shown redacted and
 * a blank URL on edit keeps the current one; every change is audited. "Send test" delivers a
 * test message now; the table below shows recent deliveries and their retries.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TWebhookUpsertRequest } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { RoleGate, useCan } from '~/components/auth/session.tsx';
import { Badge, Card, PageHeader } from '~/components/ui/card.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';

const FORMATS = [
  { value: 'json', label: 'Generic JSON' },
  { value: 'slack', label: 'Slack (incoming webhook)' },
  { value: 'wecom', label: 'WeCom (group robot)' },
];
type Format = TWebhookUpsertRequest['format'];
type EventType = TWebhookUpsertRequest['events'][number];
const EMPTY = {
  name: '',
  url: '',
  format: 'json' as Format,
  events: [] as EventType[],
  secret: '',
  enabled: true,
  reason: '',
};

function WebhookForm({ eventTypes, initial }: { eventTypes: readonly EventType[]; initial: typeof EMPTY }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [f, setF] = useState(initial);
  const save = useMutation(
    trpc.notifications.upsert.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const toggle = (e: EventType) =>
    setF({ ...f, events: f.events.includes(e) ? f.events.filter((x) => x !== e) : [...f.events, e] });
  const submit = () =>
    save.mutate({
      name: f.name.trim(),
      format: f.format,
      events: f.events,
      enabled: f.enabled,
      reason: f.reason,
      ...(f.url.trim() ? { url: f.url.trim() } : {}),
      ...(f.secret ? { secret: f.secret } : {}),
    });
  return (
    <div className="stack" data-testid="webhook-form">
      <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <TextField label="Name" value={f.name} onChange={(v) => setF({ ...f, name: v })} testId="webhook-name" />
        <TextField
          label="URL (blank keeps the current one)"
          value={f.url}
          onChange={(v) => setF({ ...f, url: v })}
          placeholder="https://hooks.slack.com/services/…"
          testId="webhook-url"
        />
        <SelectField
          label="Format"
          value={f.format}
          options={FORMATS}
          onChange={(v) => setF({ ...f, format: v as Format })}
          testId="webhook-format"
        />
        <TextField
          label="Secret (optional; blank keeps)"
          type="password"
          value={f.secret}
          onChange={(v) => setF({ ...f, secret: v })}
          testId="webhook-secret"
          autoComplete="off"
        />
        <label className="row">
          <input type="checkbox" checked={f.enabled} onChange={(e) => setF({ ...f, enabled: e.target.checked })} />{' '}
          enabled
        </label>
      </div>
      <div className="row" style={{ flexWrap: 'wrap' }} data-testid="webhook-events">
        <span className="muted">Events (none ticked = all):</span>
        {eventTypes.map((e) => (
          <label key={e} className="row">
            <input type="checkbox" checked={f.events.includes(e)} onChange={() => toggle(e)} /> <code>{e}</code>
          </label>
        ))}
      </div>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <TextField
          label="Reason"
          value={f.reason}
          onChange={(v) => setF({ ...f, reason: v })}
          testId="webhook-reason"
        />
        <button
          type="button"
          disabled={f.name.trim() === '' || f.reason.trim().length < 3 || save.isPending}
          onClick={submit}
          data-testid="webhook-save"
        >
          Save webhook
        </button>
      </div>
      <ErrorBanner error={save.error} title="Not saved" />
      {save.data ? (
        <Notice tone="ok" testId="webhook-saved">
          Saved {save.data.name}.
        </Notice>
      ) : null}
    </div>
  );
}

function Deliveries() {
  const trpc = useTRPC();
  const rows = useQuery({ ...trpc.notifications.outbox.queryOptions({ limit: 30 }), refetchInterval: 5000 });
  return (
    <QueryState query={rows} label="deliveries">
      {(data) =>
        data.rows.length === 0 ? (
          <p className="muted">Nothing sent yet.</p>
        ) : (
          <table data-testid="notification-outbox">
            <thead>
              <tr>
                <th>Created</th>
                <th>Webhook</th>
                <th>Event</th>
                <th>State</th>
                <th>Attempts</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Time value={r.createdAt} />
                  </td>
                  <td>{r.webhook}</td>
                  <td>
                    <code>{r.event}</code>
                  </td>
                  <td>
                    {r.sentAt ? (
                      <Badge tone="ok">sent</Badge>
                    ) : r.failedAt ? (
                      <Badge tone="danger">gave up</Badge>
                    ) : (
                      <Badge tone="warn">retrying</Badge>
                    )}
                  </td>
                  <td>{r.attempts}</td>
                  <td className="mono">{r.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}

export function NotificationsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const admin = useCan('admin');
  const list = useQuery({ ...trpc.notifications.list.queryOptions(), enabled: admin });
  const [reason, setReason] = useState('');
  const test = useMutation(
    trpc.notifications.test.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const remove = useMutation(
    trpc.notifications.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  if (!admin)
    return (
      <>
        <PageHeader title="Notifications" />
        <RoleGate need="admin">
          <span />
        </RoleGate>
      </>
    );
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="Result broadcasts to webhooks: reconciliation runs, failover and failback, dead letters, drop rules, write-log lag"
      />
      <QueryState query={list} label="webhooks">
        {(data) => (
          <div className="stack">
            <Card
              title={`Webhooks (${data.webhooks.length})`}
              testId="webhooks-card"
              actions={
                <button
                  type="button"
                  className="secondary"
                  disabled={test.isPending}
                  onClick={() => test.mutate({})}
                  data-testid="notify-test"
                >
                  Send test
                </button>
              }
            >
              {data.webhooks.length === 0 ? (
                <p className="muted">No webhooks yet.</p>
              ) : (
                <table data-testid="webhooks-table">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>URL</th>
                      <th>Format</th>
                      <th>Events</th>
                      <th>Deliveries</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {data.webhooks.map((h) => (
                      <tr key={h.id} data-testid={`webhook-${h.name}`}>
                        <td>
                          <code>{h.name}</code> {h.enabled ? null : <Badge>off</Badge>}{' '}
                          {h.hasSecret ? <Badge>signed</Badge> : null}
                        </td>
                        <td className="mono">{h.url}</td>
                        <td>{h.format}</td>
                        <td>{h.events.length ? h.events.join(', ') : 'all'}</td>
                        <td>
                          {h.sent} sent · {h.pending} pending · {h.failed} gave up
                        </td>
                        <td>
                          <button
                            type="button"
                            className="danger"
                            disabled={reason.trim().length < 3 || remove.isPending}
                            onClick={() => remove.mutate({ name: h.name, reason })}
                          >
                            Remove
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {data.webhooks.length > 0 ? (
                <TextField label="Reason (remove)" value={reason} onChange={setReason} testId="webhook-remove-reason" />
              ) : null}
              <ErrorBanner error={test.error ?? remove.error} title="Refused" />
              {test.data ? (
                <Notice tone={test.data.results.every((r) => r.delivered) ? 'ok' : 'warn'} testId="notify-test-result">
                  {test.data.results.length === 0
                    ? 'No enabled webhooks.'
                    : test.data.results
                        .map((r) => `${r.webhook}: ${r.delivered ? 'delivered' : `not delivered (${r.error ?? ''})`}`)
                        .join(' · ')}
                </Notice>
              ) : null}
            </Card>
            <Card title="Add or edit a webhook">
              <WebhookForm eventTypes={data.eventTypes} initial={EMPTY} />
            </Card>
            <Card title="Recent deliveries">
              <Deliveries />
            </Card>
          </div>
        )}
      </QueryState>
    </>
  );
}
