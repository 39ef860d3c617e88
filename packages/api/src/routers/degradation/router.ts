import { router } from '../../trpc.ts';
import { listDegradationRoute } from './list.ts';
import { setCallerRoute } from './set-caller.ts';
import { setKeyRoute } from './set-key.ts';
import { clearCallerRoute } from './clear-caller.ts';
import { clearKeyRoute } from './clear-key.ts';
import { setThrottleRoute } from './set-throttle.ts';
import { clearThrottleRoute } from './clear-throttle.ts';
import { listThrottlesRoute } from './list-throttles.ts';
import { setAutoThrottleRoute } from './set-auto-throttle.ts';
import { previewDropRoute } from './preview-drop.ts';

export const degradationRouter = router({
  list: listDegradationRoute,
  setCaller: setCallerRoute,
  setKey: setKeyRoute,
  clearCaller: clearCallerRoute,
  clearKey: clearKeyRoute,
  setThrottle: setThrottleRoute,
  clearThrottle: clearThrottleRoute,
  listThrottles: listThrottlesRoute,
  setAutoThrottle: setAutoThrottleRoute,
  previewDrop: previewDropRoute,
});
