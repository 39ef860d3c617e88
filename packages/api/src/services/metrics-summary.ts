/**
 * The metrics part of a worker heartbeat's `summary`: the proxy's own contract
 * (`ZHeartbeatSummary` in @switchyard/core; counts are deltas over `windowSec`). A summary
 * that does not match is not stored, and does not fail the heartbeat.
 */
import { ZHeartbeatSummary, type THeartbeatSummary } from '@switchyard/core';

export const ZMetricsSummary = ZHeartbeatSummary;
export type TMetricsSummary = THeartbeatSummary;
