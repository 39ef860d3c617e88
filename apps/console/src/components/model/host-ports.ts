/**
 * Addresses are typed as "host:port, host:port". Parsing is lenient on purpose: whatever
 * it produces is checked by ZInstance, so a bad port shows the schema's own message.
 */
export interface THostPortInput {
  host: string;
  port: number;
}

export function parseHostPorts(text: string): THostPortInput[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => {
      const at = part.lastIndexOf(':');
      if (at < 0) return { host: part, port: Number.NaN };
      return { host: part.slice(0, at), port: Number(part.slice(at + 1)) };
    });
}

export function formatHostPorts(list: ReadonlyArray<THostPortInput>): string {
  return list.map((address) => `${address.host}:${address.port}`).join(', ');
}
