/**
 * SCRIPT LOAD / EXISTS fanned out to several instances (commands/script-cache.ts) or cluster
 * masters (upstream/cluster-backend.ts) answer as one script cache: these combine the replies.
 */
import * as resp from '../resp/encode.ts';
import { arrayElements, integerReply, isErrorReply } from '../resp/reply-scanner.ts';

/** The SHA every instance answered, or the first error (the script is then not usable everywhere). */
export function combineLoad(replies: readonly Buffer[]): Buffer {
  return replies.find(isErrorReply) ?? replies[0]!;
}

/** Element-wise AND of the instances' answers; an error from any instance wins. */
export function combineExists(replies: readonly Buffer[]): Buffer {
  const failed = replies.find(isErrorReply);
  if (failed !== undefined) return failed;
  const lists = replies.map((r) => arrayElements(r) ?? []);
  const n = lists[0]!.length;
  const out: Buffer[] = [];
  for (let j = 0; j < n; j++)
    out.push(resp.integer(lists.every((l) => integerReply(l[j] ?? resp.integer(0)) === 1) ? 1 : 0));
  return resp.array(out);
}
