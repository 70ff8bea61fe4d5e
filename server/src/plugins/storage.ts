/**
 * The SQLite database, the store of repositories every command and read model goes through, and
 * the clock they run against.
 */
import fp from 'fastify-plugin'
import { openStorage, type Storage } from '../db/client.js'
import type { Store } from '../db/store.js'
import { sqliteStore } from '../db/sqlite/store.js'
import { seedIfEmpty } from '../db/seed.js'
import { generateHistory } from '../reports/history.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
    /** The repositories, behind one writer: commands write through the runner, reads through `store.read`. */
    store: Store
    /** Now, in UTC milliseconds. Tests inject a fake clock. */
    clock: () => number
  }
}

export interface StorageOptions {
  databasePath: string
  clock: () => number
  demoData: boolean
  adminPassword?: string | undefined
  publicUrl: string
  /** Past days of generated history for the demo site (0: none). */
  demoHistoryDays?: number
}

export default fp<StorageOptions>(
  async (app, opts) => {
    const storage = openStorage(opts.databasePath)
    app.decorate('storage', storage)
    app.decorate('store', sqliteStore(storage))
    app.decorate('clock', opts.clock)
    const seeded = await seedIfEmpty(storage.db, {
      now: opts.clock(),
      demo: opts.demoData,
      adminPassword: opts.adminPassword,
    })
    if (seeded?.generatedPassword) {
      // Printed once, at first start, so the administrator can log in; never logged again.
      app.log.warn(`First start: administrator "admin" created with password: ${seeded.generatedPassword}`)
    }
    if (seeded?.deviceTokens && opts.demoHistoryDays) {
      // A new user opens the reports and sees weeks of realistic waits, not an empty page.
      const history = generateHistory(storage.db, {
        siteId: seeded.siteId,
        days: opts.demoHistoryDays,
        ticketsPerDay: 180,
        seed: 2026,
        now: opts.clock(),
        addCounters: false,
      })
      app.log.info({ tickets: history.tickets, from: history.firstDay, to: history.lastDay }, 'demo history generated')
    }
    if (seeded?.deviceTokens) {
      const base = opts.publicUrl.replace(/\/$/, '')
      app.log.warn(
        `Demo devices registered. Open the kiosk at ${base}/kiosk/#token=${seeded.deviceTokens.kiosk} ` +
          `and the display at ${base}/display/#token=${seeded.deviceTokens.display} (shown once; ` +
          'demo staff canbo1…canbo6 and manager lanhdao share the administrator password)',
      )
    }
    app.addHook('onClose', async () => storage.close())
  },
  { name: 'storage' },
)
