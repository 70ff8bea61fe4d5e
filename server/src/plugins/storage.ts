/**
 * The database (SQLite by default, PostgreSQL when DATABASE_URL is set), the store of repositories
 * every command and read model goes through, and the clock they run against.
 */
import fp from 'fastify-plugin'
import type { Storage } from '../db/client.js'
import type { Database } from '../db/database.js'
import { openDatabase } from '../db/open.js'
import type { Store } from '../db/store.js'
import { seedIfEmpty } from '../db/seed.js'
import { generateHistory } from '../reports/history.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    /**
     * The SQLite file (backups, integrity, the reports' cache of finished days). Only on SQLite:
     * reading it on PostgreSQL throws.
     */
    storage: Storage
    /** The repositories: commands write through the runner, reads through `store.read`. */
    store: Store
    /** Now, in UTC milliseconds. Tests inject a fake clock. */
    clock: () => number
  }
}

export interface StorageOptions {
  databasePath: string
  /** postgres://… : run on PostgreSQL instead of the SQLite file. */
  databaseUrl?: string | undefined
  /** PostgreSQL connections per process. */
  poolSize?: number | undefined
  clock: () => number
  demoData: boolean
  adminPassword?: string | undefined
  publicUrl: string
  /** Past days of generated history for the demo site (0: none). */
  demoHistoryDays?: number
}

export default fp<StorageOptions>(
  async (app, opts) => {
    const database = await openDatabase({ url: opts.databaseUrl, path: opts.databasePath, poolSize: opts.poolSize })
    if (database.pg) {
      // An idle connection lost (PostgreSQL restarted, the network dropped) is replaced by the pool on
      // demand; it is worth a log line, not a crash. /api/health answers 503 while PostgreSQL cannot
      // be read, which takes this process out of the reverse proxy until it can. One line per burst:
      // a restart drops every idle connection at once.
      let loggedAt = 0
      database.pg.on('error', (err) => {
        if (Date.now() - loggedAt < 60_000) return
        loggedAt = Date.now()
        app.log.error({ err }, 'a PostgreSQL connection was lost (the pool opens new ones as needed)')
      })
    }
    app.decorate('database', database)
    app.decorate('storage', {
      getter() {
        if (!database.sqlite) throw new Error('app.storage is the SQLite file; this server runs on PostgreSQL')
        return database.sqlite
      },
    })
    app.decorate('store', database.store)
    app.decorate('clock', opts.clock)
    app.addHook('onClose', async () => database.close())
    const seeded = await seedIfEmpty(database.store, {
      now: opts.clock(),
      demo: opts.demoData,
      adminPassword: opts.adminPassword,
    })
    if (seeded?.generatedPassword) {
      // Printed once, at first start, so the administrator can log in; never logged again.
      app.log.warn(`First start: administrator "admin" created with password: ${seeded.generatedPassword}`)
    }
    if (seeded?.deviceTokens && opts.demoHistoryDays) {
      // A new user opens the reports and sees weeks of realistic waits, not an empty page. Only the
      // process that seeded gets here: on PostgreSQL, the others started together found a site.
      const history = await generateHistory(database, {
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
  },
  { name: 'storage' },
)
