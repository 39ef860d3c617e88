/** `metrics.*`: the dashboards' reads of the heartbeat time series (viewer and up). */
import { router } from '../../trpc.ts';
import { metricsBigKeysRoute } from './big-keys.ts';
import { metricsCacheRoute } from './cache.ts';
import { metricsDropsRoute } from './drops.ts';
import { metricsErrorsByInstanceRoute } from './errors-by-instance.ts';
import { metricsEventsRoute } from './events.ts';
import { metricsHotKeysRoute } from './hot-keys.ts';
import { metricsLatencyRoute } from './latency.ts';
import { metricsTrafficRoute } from './traffic.ts';

export const metricsRouter = router({
  traffic: metricsTrafficRoute,
  latency: metricsLatencyRoute,
  drops: metricsDropsRoute,
  cache: metricsCacheRoute,
  errorsByInstance: metricsErrorsByInstanceRoute,
  hotKeys: metricsHotKeysRoute,
  bigKeys: metricsBigKeysRoute,
  events: metricsEventsRoute,
});
