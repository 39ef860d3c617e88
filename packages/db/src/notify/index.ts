export { enqueueNotification } from './enqueue.ts';
export {
  NOTIFICATION_EVENT_TYPES,
  ZNotificationEvent,
  ZNotificationEventType,
  type TNotificationEvent,
  type TNotificationEventType,
} from './events.ts';
