import { sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { EventRepository } from '../repositories.js'
import { events } from '../schema.js'
import { eventColumns } from '../params.js'

export function eventRepository(db: Db): EventRepository {
  // Two shapes, so that an event without data stores NULL (a JSON placeholder would store the text "null").
  const insert = db.insert(events).values(eventColumns).prepare()
  const insertWithData = db
    .insert(events)
    .values({ ...eventColumns, data: sql.placeholder('data') })
    .prepare()
  return {
    async append(record) {
      if (record.data) insertWithData.run(record)
      else insert.run(record)
    },
  }
}
