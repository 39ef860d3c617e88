export { freePort, waitForPort } from './free-port.ts';
export { redisCommand, startRedis, type RedisOptions, type RedisProcess } from './redis.ts';
export { startRedisCluster, type RedisCluster } from './redis-cluster.ts';
export { waitUntil } from './wait-until.ts';
export { BUSY_REPLY_THRESHOLD_MS, dataUserArgs, hardeningArgs } from './redis-security.ts';
export { corruptListpackDump, crc64, dumpCrcValid, resignDump } from './dump-payload.ts';
export { startWebhookReceiver, type ReceivedNotification, type WebhookReceiver } from '../notify-receiver/receiver.ts';
