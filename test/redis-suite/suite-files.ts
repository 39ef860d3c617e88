/** The Redis 7.0.15 test files issue 13 names, run through the proxy and directly. */
export const SUITE_FILES = [
  'unit/type/string',
  'unit/type/incr',
  'unit/type/hash',
  'unit/type/list',
  'unit/type/list-2',
  'unit/type/list-3',
  'unit/type/set',
  'unit/type/zset',
  'unit/type/stream',
  'unit/type/stream-cgroups',
  'unit/expire',
  'unit/keyspace',
  'unit/multi',
  'unit/scripting',
  'unit/pubsub',
  'unit/pubsubshard',
  'unit/info-command',
  'unit/protocol',
  'unit/sort',
  'unit/geo',
  'unit/bitops',
  'unit/bitfield',
  'unit/hyperloglog',
  'unit/dump',
  'unit/auth',
] as const;

/** Where the suite is expected, relative to the repository root (read-only: it is copied). */
export const SUITE_DIR_FROM_ROOT = '../shared/redis-tests-7.0.15';

export const HOW_TO_GET_THE_SUITE = `Redis 7.0.15's test suite is not at ${SUITE_DIR_FROM_ROOT}.
Get it from Redis's 7.0.15 source release (BSD-3-Clause) and keep tests/, runtest and COPYING:
  curl -fsSLO https://download.redis.io/releases/redis-7.0.15.tar.gz
  mkdir -p ${SUITE_DIR_FROM_ROOT} && tar -xzf redis-7.0.15.tar.gz -C ${SUITE_DIR_FROM_ROOT} --strip-components=1 \\
    redis-7.0.15/tests redis-7.0.15/runtest redis-7.0.15/COPYING
(or pass --suite <dir>). It also needs tclsh: sudo apt-get install -y tcl`;

/** Tests left out of both runs (runtest --skiptest); none today. Listed in docs/COMPATIBILITY.md. */
export const SKIPPED_TESTS: ReadonlyArray<{ test: string; why: string }> = [];
