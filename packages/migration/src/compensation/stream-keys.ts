/** Names on the control instance. The console reads the same keys, so they are a contract. */
export const compStreamKey = (migrationId: string): string => `sy:comp:${migrationId}`;
export const deadStreamKey = (migrationId: string): string => `sy:dead:${migrationId}`;
/** Last error per pending compensation entry (hash: entry ID → message), for dead letters. */
export const compErrorsKey = (migrationId: string): string => `sy:comp:${migrationId}:errors`;
/** The consumer group of the reconciler workers. */
export const COMP_GROUP = 'sy-reconciler';
