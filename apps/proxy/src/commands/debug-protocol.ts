/**
 * DEBUG PROTOCOL <type>: Redis's sample reply of each RESP type (debug.c), answered by the proxy
 * itself in the session's protocol. It touches no instance, so unlike the rest of DEBUG (refused
 * by design: it reconfigures, stops or crashes a server) it is served; clients and test suites
 * use it to check their RESP3 parsing through the proxy.
 */
import type { Command } from '../resp/command.ts';
import type { ClientSession } from '../session/port.ts';

const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
const ATTRIB_REPLY = bulk('Some real reply following the attribute');
const TYPES = 'string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';

/** True for `DEBUG PROTOCOL <type>` (Redis's own arity for it: exactly three arguments). */
export function isDebugProtocol(command: Command): boolean {
  return command.argc === 3 && command.latin1(1).toLowerCase() === 'protocol';
}

function reply(type: string, resp3: boolean): string {
  const bool = (b: boolean): string => (resp3 ? `#${b ? 't' : 'f'}\r\n` : `:${b ? 1 : 0}\r\n`);
  switch (type) {
    case 'string':
      return bulk('Hello World');
    case 'integer':
      return ':12345\r\n';
    case 'double':
      return resp3 ? ',3.141\r\n' : bulk('3.141');
    case 'bignum':
      return resp3 ? '(1234567999999999999999999999999999999\r\n' : bulk('1234567999999999999999999999999999999');
    case 'null':
      return resp3 ? '_\r\n' : '$-1\r\n';
    case 'array':
      return '*3\r\n:0\r\n:1\r\n:2\r\n';
    case 'set':
      return `${resp3 ? '~' : '*'}3\r\n:0\r\n:1\r\n:2\r\n`;
    case 'map':
      return `${resp3 ? '%3' : '*6'}\r\n:0\r\n${bool(false)}:1\r\n${bool(true)}:2\r\n${bool(false)}`;
    case 'attrib':
      return resp3 ? `|1\r\n${bulk('key-popularity')}*2\r\n${bulk('key:123')}:90\r\n${ATTRIB_REPLY}` : ATTRIB_REPLY;
    case 'push':
      if (!resp3) return '-ERR RESP2 is not supported by this command\r\n';
      return `>2\r\n${bulk('server-cpu-usage')}:42\r\n${bulk('Some real reply following the push reply')}`;
    case 'true':
      return bool(true);
    case 'false':
      return bool(false);
    case 'verbatim':
      return resp3 ? '=29\r\ntxt:This is a verbatim\nstring\r\n' : bulk('This is a verbatim\nstring');
    default:
      return `-ERR Wrong protocol type name. Please use one of the following: ${TYPES}\r\n`;
  }
}

export function debugProtocolReply(command: Command, protocol: 2 | 3): Buffer {
  return Buffer.from(reply(command.latin1(2).toLowerCase(), protocol === 3), 'utf8');
}

/** The registry's DEBUG entry: answers DEBUG PROTOCOL, and leaves every other DEBUG to admission (refused). */
export function answerDebugProtocol(session: ClientSession, command: Command): boolean {
  if (!isDebugProtocol(command)) return false;
  session.reply(debugProtocolReply(command, session.protocol));
  return true;
}
