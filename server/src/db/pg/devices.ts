import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { DeviceRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { devices } from './schema.js'
import { returned } from './statements.js'

export function deviceRepository(db: PgDb): DeviceRepository {
  const id = sql.placeholder('id')
  // Every kiosk and display request asks this: named statements, prepared once per connection.
  const byTokenHash = db
    .select()
    .from(devices)
    .where(eq(devices.tokenHash, sql.placeholder('hash')))
    .prepare('devices.by_token_hash')
  const touch = db
    .update(devices)
    .set({ lastSeenAt: sql.placeholder('at') as unknown as number })
    .where(eq(devices.id, id))
    .prepare('devices.touch')
  return {
    async get(siteId, deviceId) {
      return (
        await db
          .select()
          .from(devices)
          .where(and(eq(devices.id, deviceId), eq(devices.siteId, siteId)))
      )[0]
    },
    async byTokenHash(hash) {
      return (await byTokenHash.execute({ hash }))[0]
    },
    // Devices registered in the same millisecond: SQLite sorts its row id order scan, keeping that order.
    async all(siteId) {
      return db.select().from(devices).where(eq(devices.siteId, siteId)).orderBy(desc(devices.createdAt), asc(devices.id))
    },
    async insert(values) {
      return returned(await db.insert(devices).values(values).returning(), 'the new device')
    },
    async update(deviceId, changes) {
      return (await db.update(devices).set(changes).where(eq(devices.id, deviceId)).returning())[0]
    },
    async touch(deviceId, lastSeenAt) {
      await touch.execute({ id: deviceId, at: lastSeenAt })
    },
    async setPrinterStatus(deviceId, status, error) {
      await db.update(devices).set({ printerStatus: status, printerError: error }).where(eq(devices.id, deviceId))
    },
  }
}
