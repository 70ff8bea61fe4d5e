import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { DeviceRepository } from '../repositories.js'
import { devices } from '../schema.js'

export function deviceRepository(db: Db): DeviceRepository {
  const id = sql.placeholder('id')
  // Every kiosk and display request asks this: prepared once per connection.
  const byTokenHash = db
    .select()
    .from(devices)
    .where(eq(devices.tokenHash, sql.placeholder('hash')))
    .prepare()
  const touch = db
    .update(devices)
    .set({ lastSeenAt: sql.placeholder('at') as unknown as number })
    .where(eq(devices.id, id))
    .prepare()
  return {
    async get(siteId, deviceId) {
      return db
        .select()
        .from(devices)
        .where(and(eq(devices.id, deviceId), eq(devices.siteId, siteId)))
        .get()
    },
    async byTokenHash(hash) {
      return byTokenHash.get({ hash })
    },
    async all(siteId) {
      return db.select().from(devices).where(eq(devices.siteId, siteId)).orderBy(desc(devices.createdAt)).all()
    },
    async insert(values) {
      return db.insert(devices).values(values).returning().get()
    },
    async update(deviceId, changes) {
      return db.update(devices).set(changes).where(eq(devices.id, deviceId)).returning().get()
    },
    async touch(deviceId, lastSeenAt) {
      touch.run({ id: deviceId, at: lastSeenAt })
    },
    async setPrinterStatus(deviceId, status, error) {
      db.update(devices).set({ printerStatus: status, printerError: error }).where(eq(devices.id, deviceId)).run()
    },
  }
}
