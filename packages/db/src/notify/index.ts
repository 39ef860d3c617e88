export { enqueueNotification, type NotifyDb } from './enqueue.ts';
export {
  NOTIFICATION_EVENT_TYPES,
  ZNotificationEvent,
  ZNotificationEventType,
  type TNotificationEvent,
  type TNotificationEventType,
} from './events.ts';
