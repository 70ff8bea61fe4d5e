import { sql } from 'drizzle-orm'
import type { EventRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { eventColumns } from '../params.js'
import { events } from './schema.js'

export function eventRepository(db: PgDb): EventRepository {
  // Two shapes, so that an event without data stores NULL (a jsonb placeholder would store the JSON null).
  const insert = db.insert(events).values(eventColumns).prepare('events.append')
  const insertWithData = db
    .insert(events)
    .values({ ...eventColumns, data: sql.placeholder('data') })
    .prepare('events.append_data')
  return {
    async append(record) {
      if (record.data) await insertWithData.execute(record)
      else await insert.execute(record)
    },
  }
}
