export { startProxy, startDataPlane, loadConfigFile, type ProxyHandle, type ProxyOptions } from './worker.ts';
export { hashSecret, verifySecret } from './auth/secret-hash.ts';
export { PROXY_ERRORS, type ProxyErrorCode } from './errors.ts';
export { RequestDecoder, ProtocolError, DEFAULT_DECODER_LIMITS, type DecoderLimits } from './resp/request-decoder.ts';
export type { TProxyEnv } from './env.ts';
