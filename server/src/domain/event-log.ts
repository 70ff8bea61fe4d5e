/**
 * Appends to the per-site event log inside the caller's transaction and builds the event to
 * publish. Sequence numbers come from the site row, so they are gap-free per site.
 */
import type { QueueEvent, QueueEventMap, QueueEventName } from '../../../shared/contract.js'
import type { Db } from '../db/client.js'
import { events } from '../db/schema.js'
import { prepared } from '../db/prepared.js'

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

export function appendEvent<K extends QueueEventName>(db: Db, entry: LogEntry<K>): QueueEvent {
  const row = prepared(db).nextEventSeq.get({ id: entry.siteId })
  if (!row) throw new Error(`site ${entry.siteId} does not exist`)
  db.insert(events)
    .values({
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
      data: entry.data ?? null,
    })
    .run()
  const payload = { ...entry.payload, siteId: entry.siteId, seq: row.seq, at: entry.at }
  return { name: entry.name, payload } as unknown as QueueEvent
}
