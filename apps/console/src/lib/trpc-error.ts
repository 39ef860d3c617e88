/**
 * Reads the errors the console API sends back. tRPC errors arrive as `TRPCClientError`s
 * whose `data` is whatever the server's error formatter produced, so it is parsed here
 * (never trusted) into a small, stable shape the UI can show.
 */
import { z } from 'zod';
import { fieldLabel, issuesToFieldErrors, type FieldErrors } from './field-errors.ts';

const ZIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])).default([]),
  message: z.string(),
});

const ZErrorData = z
  .object({
    code: z.string().nullish(),
    httpStatus: z.number().nullish(),
    /** The console's stable error-catalog code (packages/api errors.ts), when the server attaches one. */
    apiCode: z.string().nullish(),
    /** Extra context from the service: zod issues, interlock failures, step reports. */
    details: z.unknown().optional(),
    /** zod issues of a rejected input, in either of the shapes servers commonly send. */
    issues: z.array(ZIssue).nullish(),
    zodError: z
      .object({
        fieldErrors: z.record(z.string(), z.array(z.string()).optional()).optional(),
        formErrors: z.array(z.string()).optional(),
        issues: z.array(ZIssue).optional(),
      })
      .nullish(),
  })
  .loose();

export interface TApiError {
  /** tRPC code, e.g. CONFLICT, FORBIDDEN, BAD_REQUEST; `NETWORK` when nothing came back. */
  code: string;
  message: string;
  apiCode?: string;
  details?: unknown;
  fieldErrors: FieldErrors;
}

const ZIssueList = z.union([z.array(ZIssue), z.object({ issues: z.array(ZIssue) }).transform((value) => value.issues)]);

/** tRPC's own input validation sends the zod issues as the (JSON) message. */
function issuesFromMessage(message: string): FieldErrors {
  if (!message.trim().startsWith('[')) return {};
  try {
    const parsed = z.array(ZIssue).safeParse(JSON.parse(message));
    return parsed.success ? issuesToFieldErrors(parsed.data) : {};
  } catch {
    return {};
  }
}

function readData(error: unknown): z.infer<typeof ZErrorData> | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const parsed = ZErrorData.safeParse((error as { data: unknown }).data);
  return parsed.success ? parsed.data : undefined;
}

function fieldErrorsOf(data: z.infer<typeof ZErrorData> | undefined): FieldErrors {
  if (!data) return {};
  const fromDetails = ZIssueList.safeParse(data.details);
  const issues = data.issues ?? data.zodError?.issues ?? (fromDetails.success ? fromDetails.data : undefined);
  if (issues) return issuesToFieldErrors(issues);
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(data.zodError?.fieldErrors ?? {})) {
    if (messages?.[0]) out[field] = messages[0];
  }
  return out;
}

/**
 * A zod message list serialised as JSON is not something to show a person. The banner says
 * each field's problem itself: a form may not have an input for every path the server checks.
 */
function readableMessage(message: string, fieldErrors: FieldErrors): string {
  if (message.trim().startsWith('[') || message.trim().startsWith('{')) {
    const entries = Object.entries(fieldErrors);
    if (entries.length === 0) return 'The request was rejected as invalid.';
    return `Not saved: ${entries.map(([path, text]) => (path === '_form' ? text : `${fieldLabel(path)}: ${text}`)).join('; ')}.`;
  }
  return message;
}

export function toApiError(error: unknown): TApiError {
  const data = readData(error);
  const message = error instanceof Error ? error.message : String(error);
  const fromData = fieldErrorsOf(data);
  const fieldErrors = Object.keys(fromData).length > 0 ? fromData : issuesFromMessage(message);
  return {
    code: data?.code ?? 'NETWORK',
    message: readableMessage(message, fieldErrors),
    ...(data?.apiCode ? { apiCode: data.apiCode } : {}),
    details: data?.details,
    fieldErrors,
  };
}

export function isUnauthorized(error: unknown): boolean {
  return readData(error)?.code === 'UNAUTHORIZED';
}

/** What the person should do next, per tRPC code (and the catalog code where one tRPC code covers several cases). */
export function adviceFor(code: string, apiCode?: string): string | undefined {
  // CONFLICT covers both a stale draft and a taken name; only the first is solved by reloading.
  if (apiCode === 'ALREADY_EXISTS') return 'That name is taken; pick another one.';
  switch (code) {
    case 'CONFLICT':
      return 'Someone else edited the draft since you loaded it; reload to see their change, then redo yours.';
    case 'FORBIDDEN':
      return 'Your role does not allow this action; ask an operator or admin.';
    case 'UNAUTHORIZED':
      return 'Your session has ended; sign in again.';
    case 'NETWORK':
      return 'The console API did not answer; check that the console is running.';
    case 'PRECONDITION_FAILED':
      // Only forms that have an override field offer one; the generic advice must not promise it.
      return 'A safety check failed; read the message and fix its cause first.';
    default:
      return undefined;
  }
}
