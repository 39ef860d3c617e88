/** The embedded server's LISTEN bookkeeping and NotificationResponse scanning (wire-notify.ts). */
import { describe, expect, it } from 'vitest';
import { ListenRegistry, listenCommand, notificationsIn } from './wire-notify.ts';

const query = (text: string): Buffer => {
  const body = Buffer.from(`${text}\0`);
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
};
const message = (type: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
};
const notification = (channel: string, payload: string): Buffer =>
  message('A', Buffer.concat([Buffer.from([0, 0, 0, 42]), Buffer.from(`${channel}\0${payload}\0`)]));
const ready = message('Z', Buffer.from('I'));

describe('listenCommand', () => {
  it('reads LISTEN / UNLISTEN the way the server folds identifiers', () => {
    expect(listenCommand(query('LISTEN switchyard_config'))).toEqual({ listen: true, channel: 'switchyard_config' });
    expect(listenCommand(query('listen Mixed;'))).toEqual({ listen: true, channel: 'mixed' });
    expect(listenCommand(query('LISTEN "Mixed"'))).toEqual({ listen: true, channel: 'Mixed' });
    expect(listenCommand(query('UNLISTEN *'))).toEqual({ listen: false, channel: '*' });
    expect(listenCommand(query('SELECT 1'))).toBeNull();
    expect(listenCommand(query('LISTEN a; SELECT 1'))).toBeNull();
    expect(listenCommand(message('P', Buffer.from('\0LISTEN a\0')))).toBeNull();
  });
});

describe('notificationsIn and ListenRegistry', () => {
  it('finds every notification between other messages and copies it only to other listeners of its channel', () => {
    const a = notification('config', '7');
    const output = Buffer.concat([message('C', Buffer.from('SELECT 1\0')), a, notification('other', 'x'), ready]);
    expect(notificationsIn(output).map((n) => n.channel)).toEqual(['config', 'other']);
    const got = new Map<number, Buffer[]>();
    const registry = new ListenRegistry();
    for (const id of [1, 2, 3]) got.set(id, []);
    const sendTo = (id: number) => (bytes: Buffer) => got.get(id)!.push(bytes);
    registry.note(1, { listen: true, channel: 'config' }, sendTo(1));
    registry.note(2, { listen: true, channel: 'config' }, sendTo(2));
    registry.note(3, { listen: true, channel: 'elsewhere' }, sendTo(3));
    registry.forward(1, output);
    expect(got.get(1)).toEqual([]);
    expect(got.get(2)).toEqual([a]);
    expect(got.get(3)).toEqual([]);
    registry.note(2, { listen: false, channel: '*' }, sendTo(2));
    registry.forget(3);
    expect(registry.size).toBe(1);
  });

  it('stops at a truncated message instead of reading past the output', () => {
    const whole = notification('config', '1');
    expect(notificationsIn(Buffer.concat([whole, whole.subarray(0, 8)]))).toHaveLength(1);
  });
});
