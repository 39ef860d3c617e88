/**
 * tRPC building blocks: the context type, error shape, and one procedure builder per role.
 * Role checks and the CSRF check run here, on the server, for every procedure; a refused
 * mutation is still written to the audit log (outcome `denied`).
 */
import { initTRPC } from '@trpc/server';
import { apiError, type ApiError } from './errors.ts';
import { apiErrorOf, toTrpcError } from './trpc-errors.ts';
import { roleAllows, type TRole } from './roles.ts';
import type { Context } from './context.ts';
import { writeAudit } from './services/audit-service.ts';
import { boundedInput } from './services/bounded-input.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const api = apiErrorOf(error);
    const apiCode = api?.code ?? null;
    const details = api?.details;
    return { ...shape, data: { ...shape.data, apiCode, details: details ?? null, issues: inputIssues(error.cause) } };
  },
});

/** Input validation failures (zod via Standard Schema) as {path, message}, for per-field form errors. */
function inputIssues(cause: unknown): { path: (string | number)[]; message: string }[] | null {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.map((issue: { path?: readonly unknown[]; message?: unknown }) => ({
    path: (issue.path ?? []).map((p) =>
      typeof p === 'object' && p !== null && 'key' in p
        ? String((p as { key: unknown }).key)
        : typeof p === 'number'
          ? p
          : String(p),
    ),
    message: String(issue.message ?? 'invalid'),
  }));
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * The router edge: an ApiError thrown by a service or a middleware below leaves as the
 * TRPCError of its catalog entry (trpc-errors.ts). Every procedure starts here.
 */
const edgeProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});

/** Anyone, signed in or not (login status, health). */
export const publicProcedure = edgeProcedure;

function requireRole(need: TRole) {
  return t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
    const refuse = async (error: ApiError): Promise<never> => {
      if (type === 'mutation') {
        const input = await getRawInput().catch(() => undefined);
        // Bounded and rate-limited per sender: anyone can make these rows (refusal-audit.ts).
        await ctx.refusalAudit.write(
          ctx.db,
          { actor: ctx.actor?.email ?? null, address: ctx.clientAddress },
          {
            actor: ctx.actor?.email ?? 'anonymous',
            action: path,
            target: auditTargetOf(input).slice(0, 200),
            reason: `${error.code}: ${error.message}`,
            after: input,
            outcome: 'denied',
          },
        );
      }
      throw error;
    };
    if (!ctx.actor) return refuse(apiError('UNAUTHENTICATED'));
    if (type === 'mutation' && !ctx.originOk) return refuse(apiError('CSRF_ORIGIN'));
    if (!roleAllows(ctx.actor.role, need)) {
      return refuse(apiError('FORBIDDEN_ROLE', `role '${ctx.actor.role}' may not call ${path}; it needs '${need}'`));
    }
    const result = await next({ ctx: { ...ctx, actor: ctx.actor } });
    // Input the schemas rejected never reaches a service, so the attempt is audited here.
    if (type === 'mutation' && !result.ok && apiErrorOf(result.error) === null && result.error.code === 'BAD_REQUEST') {
      const raw = await getRawInput().catch(() => undefined);
      const input = boundedInput(raw, ctx.options.refusalAudit.inputBytes);
      const issues = inputIssues(result.error.cause)?.slice(0, 50) ?? null;
      await writeAudit(ctx.db, {
        actor: ctx.actor.email,
        action: path,
        target: auditTargetOf(raw).slice(0, 200),
        after: { input, issues },
        outcome: 'error',
      });
    }
    return result;
  });
}

/** Best-effort target for a refused call: the first identifying field of the input (one level deep too). */
function auditTargetOf(input: unknown, depth = 0): string {
  if (typeof input !== 'object' || input === null) return '';
  const record = input as Record<string, unknown>;
  for (const key of ['name', 'from', 'caller', 'key', 'version', 'code', 'email', 'id']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  if (depth > 0) return '';
  for (const value of Object.values(record)) {
    const nested = auditTargetOf(value, depth + 1);
    if (nested) return nested;
  }
  return '';
}

export const viewerProcedure = edgeProcedure.use(requireRole('viewer'));
export const operatorProcedure = edgeProcedure.use(requireRole('operator'));
export const adminProcedure = edgeProcedure.use(requireRole('admin'));
