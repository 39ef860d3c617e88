/** INFO: enough of Redis's sections for clients and dashboards, plus `# Proxy`. */
import type { ProxyContext } from './context.ts';
import { PROXY_VERSION, REDIS_COMPAT_VERSION } from './context.ts';

export function infoText(ctx: ProxyContext, section?: string): string {
  const s = ctx.stats;
  const active = ctx.holder.current;
  const sections: Record<string, [string, string | number][]> = {
    server: [
      ['redis_version', REDIS_COMPAT_VERSION],
      ['redis_mode', 'standalone'],
      ['process_id', process.pid],
      ['uptime_in_seconds', s.uptimeSec()],
    ],
    clients: [['connected_clients', s.connectionsCurrent]],
    stats: [
      ['total_connections_received', s.connectionsTotal],
      ['total_commands_processed', s.commandsProcessed],
      // Redis's name for connections refused at maxclients (PROXY_MAX_CONNECTIONS).
      ['rejected_connections', s.caps.get('connections_worker')],
    ],
    proxy: [
      ['proxy_version', PROXY_VERSION],
      ['worker_name', ctx.settings.workerName],
      ['region', ctx.settings.region],
      ['config_version', active?.version ?? 0],
      ['config_hash', active?.hash ?? ''],
      ['connections', s.connectionsCurrent],
      ['commands_processed', s.commandsProcessed],
      ['error_replies', s.errorReplies],
      ['auth_failures', s.authFailures],
      ['auth_limited', s.authLimited],
      ['protocol_errors', s.protocolErrors],
      ['secondary_write_failures', s.secondaryWriteFailures],
      ['config_swaps', s.configSwaps],
      ['backend_pools', ctx.upstream.size],
      ['watch_connections', ctx.upstream.dedicatedOpen],
      // Issue 13: blocked clients (each on a dedicated backend connection) and subscriber connections.
      ['blocked_clients', ctx.blocking.busy],
      ['pubsub_connections', ctx.pubsub.open],
      // Issue 14 cap refusals, as in switchyard_cap_refusals_total{cap}.
      ...[...s.caps.counts].map(([cap, n]): [string, number] => [`cap_refusals_${cap}`, n]),
    ],
  };
  const wanted = section?.toLowerCase();
  const names = wanted === undefined || wanted === 'all' || wanted === 'everything' || wanted === 'default' ? Object.keys(sections) : [wanted];
  const out: string[] = [];
  for (const name of names) {
    const rows = sections[name];
    if (rows === undefined) continue;
    out.push(`# ${name[0]!.toUpperCase()}${name.slice(1)}`, ...rows.map(([k, v]) => `${k}:${v}`), '');
  }
  return out.join('\r\n');
}
