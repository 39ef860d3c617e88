import { describe, expect, it } from 'vitest';
import { renderBody } from './format.ts';

const event = {
  type: 'recon.finished' as const,
  severity: 'warning' as const,
  title: 'Reconciliation m1 forward finished',
  summary: '3 unresolved of 1,000 keys',
  fields: { migration: 'm1', scanned: 1000, unresolved: 3, aborted: false, note: null },
  at: '2026-12-06T04:00:00.000Z',
};

describe('webhook bodies', () => {
  it('json is the generic event with a source', () => {
    expect(renderBody('json', event)).toEqual({ source: 'switchyard', ...event });
  });

  it('slack has a fallback text and Block Kit sections with the fields', () => {
    const body = renderBody('slack', event) as {
      text: string;
      blocks: { type: string; fields?: { text: string }[] }[];
    };
    expect(body.text).toBe('Reconciliation m1 forward finished: 3 unresolved of 1,000 keys');
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(body.blocks[1]!.fields!.map((f) => f.text)).toContain('*unresolved*\n3');
    expect(body.blocks[1]!.fields!.map((f) => f.text)).toContain('*note*\n—');
  });

  it('wecom is a markdown message within its 4096-byte limit', () => {
    const body = renderBody('wecom', event) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('### ⚠️ Reconciliation m1 forward finished');
    expect(body.markdown.content).toContain('> unresolved: <font color="comment">3</font>');
    const big = renderBody('wecom', { ...event, summary: '差'.repeat(3000) }) as { markdown: { content: string } };
    expect(Buffer.byteLength(big.markdown.content)).toBeLessThanOrEqual(4096);
  });
});
