/**
 * What the demo's application does to its meeting store (001 §8.3 key layout): create
 * meetings through the proxy's ID generator, join members, read meeting info, and keep one
 * big meeting hot, so the hot-key and big-key tables have something to show.
 */
import type Redis from 'ioredis';
import { DEMO_HOT_ACCOUNT_KEY, writeSeq } from '@switchyard/core';

/** Meetings the simulator remembers for reads and joins (oldest forgotten first). */
const MAX_MEETINGS = 200;
/** Personal meetings have appid 0 (DESIGN §3); enterprise ones use a few tenant appids. */
const ENTERPRISE_APPIDS = [1001, 1002, 1003];

export interface Meeting {
  mid: string;
  appid: number;
  members: number;
}

export class MeetingWorkload {
  readonly meetings: Meeting[] = [];
  big: Meeting | null = null;
  /** SY.NEWID failures; after that the workload mints IDs itself so traffic keeps flowing. */
  newIdFailures = 0;
  private seq = BigInt(Date.now()) * 1000n;
  private tinyid = 1;

  /** A new meeting, through `SY.NEWID <identity> [GROUPED]` on the given proxy. */
  async createMeeting(redis: Redis, grouped = Math.random() < 0.2): Promise<Meeting> {
    const enterprise = Math.random() < 0.5;
    const mid = await this.newId(redis, enterprise ? 'enterprise' : 'personal', grouped);
    const appid = enterprise ? ENTERPRISE_APPIDS[Math.floor(Math.random() * ENTERPRISE_APPIDS.length)]! : 0;
    const info = JSON.stringify({ mid, topic: `demo meeting ${mid.slice(-4)}`, appid, createdAt: Date.now() });
    await execOrThrow(
      redis
        .pipeline()
        .set(mid, this.seqValue(info))
        .set(`stable_${mid}`, JSON.stringify({ mid, appid, topic: 'demo' })),
    );
    const meeting = { mid, appid, members: 0 };
    this.meetings.push(meeting);
    if (this.meetings.length > MAX_MEETINGS) this.meetings.shift();
    return meeting;
  }

  async join(redis: Redis, meeting: Meeting, count = 1): Promise<void> {
    const fields: string[] = [];
    const pipe = redis.pipeline();
    for (let i = 0; i < count; i++) {
      const tinyid = this.tinyid++;
      fields.push(
        String(tinyid),
        JSON.stringify({ tinyid, role: 'attendee', nick: `user-${tinyid}`, joinedAt: Date.now(), device: 'pc' }),
      );
      pipe.set(`member_${tinyid}_${meeting.appid}`, this.seqValue(JSON.stringify({ tinyid, mid: meeting.mid })));
    }
    pipe.hset(`member_list_{${meeting.mid}}`, ...fields);
    await execOrThrow(pipe);
    meeting.members += count;
  }

  /** Meeting info (SEQ-prefixed), its member list and its cached static info. */
  async read(redis: Redis, meeting: Meeting): Promise<void> {
    await execOrThrow(
      redis.pipeline().getBuffer(meeting.mid).hgetall(`member_list_{${meeting.mid}}`).get(`stable_${meeting.mid}`),
    );
  }

  /** One burst at the big meeting: the hot keys are its info, its static info and its (big) member list. */
  async hammer(redis: Redis): Promise<void> {
    const big = this.big;
    if (!big) return;
    const pipe = redis.pipeline().getBuffer(big.mid).get(`stable_${big.mid}`);
    if (Math.random() < 0.1) pipe.hgetall(`member_list_{${big.mid}}`);
    await execOrThrow(pipe);
  }

  /** The hot account's meeting list, read again and again (the demo throttles this key). */
  async account(redis: Redis): Promise<void> {
    await redis.hgetall(DEMO_HOT_ACCOUNT_KEY);
  }

  /** The big meeting: created once, its members joined in batches of 250. */
  async prepareBigMeeting(redis: Redis, members: number): Promise<Meeting> {
    const meeting = await this.createMeeting(redis, true);
    for (let done = 0; done < members; done += 250) await this.join(redis, meeting, Math.min(250, members - done));
    this.big = meeting;
    return meeting;
  }

  pick(): Meeting | undefined {
    return this.meetings[Math.floor(Math.random() * this.meetings.length)];
  }

  private async newId(redis: Redis, identity: 'personal' | 'enterprise', grouped: boolean): Promise<string> {
    try {
      const reply = (await redis.call('SY.NEWID', identity, ...(grouped ? ['GROUPED'] : []))) as unknown;
      const fields = Array.isArray(reply) ? reply.map(String) : [];
      const id = fields[fields.indexOf('id') + 1];
      if (fields.includes('id') && id) return id;
      throw new Error(`SY.NEWID replied ${JSON.stringify(reply)}`);
    } catch (err) {
      // An older proxy without the generator, or a failover moment: keep the demo moving
      // with a random ID (it routes to the bottom storage, like any legacy ID).
      if (isDegraded(err)) throw err;
      this.newIdFailures++;
      return String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
    }
  }

  private seqValue(payload: string): Buffer {
    this.seq += 1n;
    return Buffer.from(writeSeq(this.seq, Buffer.from(payload)));
  }
}

/** Pipelines report per-command errors in their result; the first one fails the operation. */
async function execOrThrow(pipe: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = (await pipe.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}

export function isThrottled(err: unknown): boolean {
  return err instanceof Error && /SWITCHYARD throttled/.test(err.message);
}

export function isDegraded(err: unknown): boolean {
  return err instanceof Error && /degraded/i.test(err.message);
}
