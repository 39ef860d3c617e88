/** Test-only helpers (subpath `@switchyard/api/testing`): a seeded throw-away API and an HTTP server for it. */
export { demoFixtureSnapshot } from './demo-fixture.ts';
export {
  API_TOKEN,
  PASSWORD,
  startTestApi,
  VIEWER_API_TOKEN,
  WORKER_TOKEN,
  type TestApi,
  type TestApiOptions,
} from './test-api.ts';
export { startApiServer, type ApiServer } from '../http/node-server.ts';
