/** `fleet.forget`: remove a silent (not live) worker from the fleet view. */
import { z } from 'zod';

export const ZForgetWorkerRequestSchema = z.object({ name: z.string().min(1).max(120) });
export const ZForgetWorkerResponseSchema = z.object({ ok: z.literal(true) });

export type TForgetWorkerRequest = z.infer<typeof ZForgetWorkerRequestSchema>;
export type TForgetWorkerResponse = z.infer<typeof ZForgetWorkerResponseSchema>;
