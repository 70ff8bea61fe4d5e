import { sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { EventRepository } from '../repositories.js'
import { events } from '../schema.js'

export function eventRepository(db: Db): EventRepository {
  const p = (name: string) => sql.placeholder(name)
  const columns = {
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
  }
  // Two shapes, so that an event without data stores NULL (a JSON placeholder would store the text "null").
  const insert = db.insert(events).values(columns).prepare()
  const insertWithData = db
    .insert(events)
    .values({ ...columns, data: p('data') })
    .prepare()
  return {
    async append(record) {
      if (record.data) insertWithData.run(record)
      else insert.run(record)
    },
  }
}
