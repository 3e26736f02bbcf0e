// Team metrics (api.md `GET /api/metrics`), computed in one SQL statement from the messages, the
// audit trail (conversation_events) and the CSAT answers. What each figure counts, precisely:
//
// - received: inbound (customer) messages, by the message's time. Echoes and agent or automated
//   messages are outbound and not counted.
// - created: new conversations (`conversation.created` audit events), by when they were created.
// - resolved: resolutions (`conversation.resolved`): by an agent, by an automation, or by the
//   auto-resolve timer (its event carries `detail.auto`). Dismissals (`conversation.dismissed`: "needs
//   no answer") are not resolutions and are not counted.
// - firstResponseSeconds: for each opening of a conversation (its creation, or a reopening), the first
//   reply written by an agent (an outbound message whose author is a user, not failed to send) after
//   that opening and before the next one, minus the opening; counted when the reply was written.
//   Automated messages (automations, out-of-hours, CSAT) are not responses. Openings still without
//   a reply count nowhere yet.
// - resolutionSeconds: each resolution minus the latest opening (creation or reopening) before it,
//   counted when it was resolved.
// - csat: answered surveys, by when they were answered: how many, and their average score (1–5).
// p50 and p90 are continuous percentiles (percentile_cont: interpolated between samples); null when
// there is no sample. Buckets are the caller's local days (or weeks from Monday): a day on which the
// clocks change lasts 23 or 25 hours. `channelId` keeps one channel's conversations; `teamId` the
// conversations whose team is that team now. Like every listing, the figures cover only the
// conversations the caller may see (permissions/sql.ts): public ones, and private ones on channels
// where they hold viewPrivate; a grant of reply or commentAndReply alone counts no private one.
import type { MetricFigures, Metrics } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { conversationVisibleSql } from '../permissions/sql.js';

export type Interval = 'day' | 'week';

export interface MetricsQuery {
  timeZone: string;
  /** Instants, [from, to). */
  from: string;
  to: string;
  interval: Interval;
  channelId?: string;
  teamId?: string;
  /** The user whose visible conversations are counted; undefined (admins): all. */
  viewerId?: string;
}

type Figures = MetricFigures;

const OPENINGS = "('conversation.created', 'conversation.reopened')";

export async function computeMetrics(db: Db, q: MetricsQuery): Promise<Metrics> {
  const bindings = {
    tz: q.timeZone,
    t0: q.from,
    t1: q.to,
    unit: q.interval,
    channelId: q.channelId ?? null,
    teamId: q.teamId ?? null,
    viewerId: q.viewerId ?? null,
  };
  const { rows } = await db.raw(
    `WITH convs AS (
       SELECT c.id FROM conversations c
        WHERE (:channelId::uuid IS NULL OR c.channel_id = :channelId::uuid)
          AND (:teamId::uuid IS NULL OR c.team_id = :teamId::uuid)
          AND (:viewerId::uuid IS NULL OR ${conversationVisibleSql(':viewerId::uuid')})
     ), openings AS (
       SELECT e.conversation_id, e.at,
              lead(e.at) OVER (PARTITION BY e.conversation_id ORDER BY e.at, e.id) AS next_at
         FROM conversation_events e JOIN convs ON convs.id = e.conversation_id
        WHERE e.type IN ${OPENINGS} AND e.at < :t1::timestamptz
     ), samples AS (
       SELECT 'received' AS m, m.at AS t, NULL::float8 AS v
         FROM messages m JOIN convs ON convs.id = m.conversation_id
        WHERE m.direction = 'in' AND m.at >= :t0::timestamptz AND m.at < :t1::timestamptz
       UNION ALL
       SELECT 'created', e.at, NULL
         FROM conversation_events e JOIN convs ON convs.id = e.conversation_id
        WHERE e.type = 'conversation.created' AND e.at >= :t0::timestamptz AND e.at < :t1::timestamptz
       UNION ALL
       SELECT 'resolved', r.at, extract(epoch FROM r.at - o.at)::float8
         FROM conversation_events r JOIN convs ON convs.id = r.conversation_id
         LEFT JOIN LATERAL (
           SELECT o.at FROM conversation_events o
            WHERE o.conversation_id = r.conversation_id AND o.type IN ${OPENINGS} AND o.at <= r.at
            ORDER BY o.at DESC, o.id DESC LIMIT 1
         ) o ON true
        WHERE r.type = 'conversation.resolved' AND r.at >= :t0::timestamptz AND r.at < :t1::timestamptz
       UNION ALL
       SELECT 'firstResponse', reply.at, extract(epoch FROM reply.at - o.at)::float8
         FROM openings o
         JOIN LATERAL (
           SELECT m.at FROM messages m
            WHERE m.conversation_id = o.conversation_id AND m.direction = 'out' AND m.author->>'type' = 'user'
              AND m.send_status IS DISTINCT FROM 'failed'
              AND m.at >= o.at AND (o.next_at IS NULL OR m.at < o.next_at)
            ORDER BY m.at LIMIT 1
         ) reply ON true
        WHERE (o.next_at IS NULL OR o.next_at > :t0::timestamptz)
          AND reply.at >= :t0::timestamptz AND reply.at < :t1::timestamptz
       UNION ALL
       SELECT 'csat', r.answered_at, r.score::float8
         FROM csat_responses r JOIN convs ON convs.id = r.conversation_id
        WHERE r.status = 'answered' AND r.answered_at >= :t0::timestamptz AND r.answered_at < :t1::timestamptz
     ), bucketed AS (
       SELECT m, v, date_trunc(:unit::text, t AT TIME ZONE :tz::text) AS bucket FROM samples
     )
     SELECT to_char(bucket, 'YYYY-MM-DD') AS date, grouping(bucket) AS is_total,
            count(*) FILTER (WHERE m = 'received')::int AS received,
            count(*) FILTER (WHERE m = 'created')::int AS created,
            count(*) FILTER (WHERE m = 'resolved')::int AS resolved,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE m = 'firstResponse') AS fr_p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FILTER (WHERE m = 'firstResponse') AS fr_p90,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE m = 'resolved' AND v IS NOT NULL) AS res_p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FILTER (WHERE m = 'resolved' AND v IS NOT NULL) AS res_p90,
            count(*) FILTER (WHERE m = 'csat')::int AS csat_responses,
            avg(v) FILTER (WHERE m = 'csat') AS csat_average
       FROM bucketed
      GROUP BY GROUPING SETS ((bucket), ())`,
    bindings,
  );
  const { rows: buckets } = await db.raw(
    `SELECT to_char(b, 'YYYY-MM-DD') AS date, (b AT TIME ZONE :tz::text) AS at
       FROM generate_series(date_trunc(:unit::text, :t0::timestamptz AT TIME ZONE :tz::text),
                            (:t1::timestamptz - interval '1 microsecond') AT TIME ZONE :tz::text,
                            ('1 ' || :unit::text)::interval) AS b`,
    bindings,
  );
  const byDate = new Map<string, Figures>();
  let totals: Figures = empty();
  for (const r of rows) {
    const figures = toFigures(r);
    if (r.is_total) totals = figures;
    else byDate.set(r.date, figures);
  }
  return {
    timeZone: q.timeZone,
    interval: q.interval,
    from: q.from,
    to: q.to,
    series: buckets.map((b: { date: string; at: Date }) => ({ at: b.at.toISOString(), date: b.date, ...(byDate.get(b.date) ?? empty()) })),
    totals,
  };
}

function empty(): Figures {
  return {
    received: 0,
    created: 0,
    resolved: 0,
    firstResponseSeconds: { p50: null, p90: null },
    resolutionSeconds: { p50: null, p90: null },
    csat: { responses: 0, average: null },
  };
}

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

function toFigures(r: Record<string, unknown>): Figures {
  return {
    received: Number(r.received),
    created: Number(r.created),
    resolved: Number(r.resolved),
    firstResponseSeconds: { p50: num(r.fr_p50), p90: num(r.fr_p90) },
    resolutionSeconds: { p50: num(r.res_p50), p90: num(r.res_p90) },
    csat: { responses: Number(r.csat_responses), average: num(r.csat_average) },
  };
}
