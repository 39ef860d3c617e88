/** The event shape lives in core (browser-safe: the console's forms validate with it). */
export {
  NOTIFICATION_EVENT_TYPES,
  ZNotificationEvent,
  ZNotificationEventType,
  type TNotificationEvent,
  type TNotificationEventType,
} from '@switchyard/core';
