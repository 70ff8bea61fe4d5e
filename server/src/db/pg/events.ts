import { sql } from 'drizzle-orm'
import type { EventRepository } from '../repositories.js'
import type { PgDb } from './client.js'

export function eventRepository(db: PgDb): EventRepository {
  return {
    /**
     * One statement: the site's sequence moves on by the number of events and the events take the
     * numbers it moved over. Parameters are cast: a VALUES list does not take its types from the
     * table it feeds. `data` goes as JSON text or SQL NULL (never the JSON null).
     */
    async append(siteId, records) {
      if (records.length === 0) return []
      const values = records.map(
        (r, i) =>
          sql`(${i + 1}::int, ${r.type}::text, ${r.ticketId}::int, ${r.counterId}::int, ${r.serviceId}::int, ${r.fromStatus}::text, ${r.toStatus}::text, ${r.actorType}::text, ${r.actorId}::int, ${r.at}::bigint, ${r.data === null ? null : JSON.stringify(r.data)}::jsonb)`,
      )
      const result = await db.execute<{ seq: number }>(sql`
        with bump as (
          update sites set event_seq = event_seq + ${records.length}::int where id = ${siteId}::int returning event_seq - ${records.length}::int as base
        )
        insert into events (site_id, seq, type, ticket_id, counter_id, service_id, from_status, to_status, actor_type, actor_id, at, data)
        select ${siteId}::int, bump.base + v.ord, v.type, v.ticket_id, v.counter_id, v.service_id, v.from_status, v.to_status, v.actor_type, v.actor_id, v.at, v.data
        from bump cross join (values ${sql.join(values, sql`, `)}) as v(ord, type, ticket_id, counter_id, service_id, from_status, to_status, actor_type, actor_id, at, data)
        order by v.ord
        returning seq`)
      if (result.rows.length !== records.length) throw new Error(`site ${siteId} does not exist`)
      return result.rows.map((r) => Number(r.seq)).sort((a, b) => a - b)
    },
  }
}
