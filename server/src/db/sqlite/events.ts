import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { EventRepository } from '../repositories.js'
import { events, sites } from '../schema.js'
import { eventColumns } from '../params.js'

export function eventRepository(db: Db): EventRepository {
  // Two shapes, so that an event without data stores NULL (a JSON placeholder would store the text "null").
  const insert = db.insert(events).values(eventColumns).prepare()
  const insertWithData = db
    .insert(events)
    .values({ ...eventColumns, data: sql.placeholder('data') })
    .prepare()
  const nextSeq = db
    .update(sites)
    .set({ eventSeq: sql`${sites.eventSeq} + 1` })
    .where(eq(sites.id, sql.placeholder('id')))
    .returning({ seq: sites.eventSeq })
    .prepare()
  return {
    // In-process: a statement per event costs no round trip.
    async append(siteId, records) {
      const seqs: number[] = []
      for (const record of records) {
        const seq = nextSeq.get({ id: siteId })?.seq
        if (seq === undefined) throw new Error(`site ${siteId} does not exist`)
        const row = { ...record, siteId, seq }
        if (record.data) insertWithData.run(row)
        else insert.run(row)
        seqs.push(seq)
      }
      return seqs
    },
  }
}
