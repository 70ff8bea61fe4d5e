/**
 * Appends to the per-site event log inside the caller's transaction and builds the event to
 * publish. Sequence numbers come from the site row, so they are gap-free per site.
 */
import type { QueueEvent, QueueEventMap, QueueEventName } from '../../../shared/contract.js'
import type { Db } from '../db/client.js'
import { events } from '../db/schema.js'
import { prepared, preparedBy } from '../db/prepared.js'
import { sql } from 'drizzle-orm'

export interface Actor {
  type: 'staff' | 'device' | 'system'
  id: number | null
}

export const SYSTEM: Actor = { type: 'system', id: null }

interface LogEntry<K extends QueueEventName> {
  name: K
  siteId: number
  at: number
  actor: Actor
  ticketId?: number | null
  counterId?: number | null
  serviceId?: number | null
  fromStatus?: string | null
  toStatus?: string | null
  data?: Record<string, unknown>
  payload: Omit<QueueEventMap[K], 'siteId' | 'seq' | 'at'>
}

/**
 * The log's insert, prepared once per connection: every command writes it. Two shapes, so that an
 * event without data stores NULL (a JSON placeholder would store the text "null").
 */
function insertEvent(db: Db, withData: boolean) {
  return preparedBy(db, withData ? 'event:insert:data' : 'event:insert', () => {
    const p = (name: string) => sql.placeholder(name)
    return db
      .insert(events)
      .values({
        siteId: p('siteId'),
        seq: p('seq'),
        type: p('type'),
        ticketId: p('ticketId'),
        counterId: p('counterId'),
        serviceId: p('serviceId'),
        fromStatus: p('fromStatus'),
        toStatus: p('toStatus'),
        actorType: p('actorType'),
        actorId: p('actorId'),
        at: p('at'),
        ...(withData ? { data: p('data') } : {}),
      })
      .prepare()
  })
}

export function appendEvent<K extends QueueEventName>(db: Db, entry: LogEntry<K>): QueueEvent {
  const row = prepared(db).nextEventSeq.get({ id: entry.siteId })
  if (!row) throw new Error(`site ${entry.siteId} does not exist`)
  const values = {
    siteId: entry.siteId,
    seq: row.seq,
    type: entry.name,
    ticketId: entry.ticketId ?? null,
    counterId: entry.counterId ?? null,
    serviceId: entry.serviceId ?? null,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    at: entry.at,
  }
  if (entry.data) insertEvent(db, true).run({ ...values, data: entry.data })
  else insertEvent(db, false).run(values)
  const payload = { ...entry.payload, siteId: entry.siteId, seq: row.seq, at: entry.at }
  return { name: entry.name, payload } as unknown as QueueEvent
}
