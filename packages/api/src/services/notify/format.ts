/**
 * Webhook bodies for a notification event, by the webhook's format: `json` (the generic event
 * with a `source`), `slack` (incoming-webhook `text` + Block Kit sections) and `wecom` (WeCom
 * group-robot `markdown` message). Pure, so the body shapes are unit-tested.
 */
import type { TNotificationEvent, TWebhookFormat } from '@switchyard/core';

export { WEBHOOK_FORMATS, type TWebhookFormat } from '@switchyard/core';

const ICON: Record<TNotificationEvent['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };
const WECOM_COLOUR: Record<TNotificationEvent['severity'], string> = {
  info: 'info',
  warning: 'warning',
  critical: 'warning',
};
/** WeCom refuses markdown content over 4096 bytes; Slack section text stops at 3000 characters. */
const WECOM_MAX_BYTES = 4096;
const SLACK_MAX_CHARS = 3000;

const fieldText = (v: string | number | boolean | null): string => (v === null ? '—' : String(v));

function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(`${out}…`) > max) out = out.slice(0, Math.floor(out.length * 0.9));
  return `${out}…`;
}

export function renderBody(format: TWebhookFormat, e: TNotificationEvent): Record<string, unknown> {
  if (format === 'slack') return slackBody(e);
  if (format === 'wecom') return wecomBody(e);
  return { source: 'switchyard', ...e };
}

function slackBody(e: TNotificationEvent): Record<string, unknown> {
  const text = `${ICON[e.severity]} *${e.title}*\n${e.summary}`.slice(0, SLACK_MAX_CHARS);
  const entries = Object.entries(e.fields).slice(0, 10); // Slack allows 10 fields per section
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (entries.length > 0)
    blocks.push({
      type: 'section',
      fields: entries.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${fieldText(v)}`.slice(0, 2000) })),
    });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `switchyard · ${e.type} · ${e.at}` }] });
  return { text: `${e.title}: ${e.summary}`.slice(0, SLACK_MAX_CHARS), blocks };
}

function wecomBody(e: TNotificationEvent): Record<string, unknown> {
  const lines = [
    `### ${ICON[e.severity]} ${e.title}`,
    `<font color="${WECOM_COLOUR[e.severity]}">${e.summary}</font>`,
    ...Object.entries(e.fields).map(([k, v]) => `> ${k}: <font color="comment">${fieldText(v)}</font>`),
    `switchyard · ${e.type} · ${e.at}`,
  ];
  return { msgtype: 'markdown', markdown: { content: clipBytes(lines.join('\n'), WECOM_MAX_BYTES) } };
}
