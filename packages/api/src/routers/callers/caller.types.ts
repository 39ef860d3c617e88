/** A caller as the forms edit it: everything but the secret hash, which only the server sets. */
import { ZCaller } from '@switchyard/core';

export const ZCallerFields = ZCaller.omit({ secretHash: true });
