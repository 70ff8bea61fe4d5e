/**
 * The database (SQLite by default, PostgreSQL when DATABASE_URL is set), the store of repositories
 * every command and read model goes through, and the clock they run against.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Storage } from '../db/client.js'
import type { Database } from '../db/database.js'
import { openDatabase } from '../db/open.js'
import type { Store } from '../db/store.js'
import { DEMO_COMMUNES, seedIfEmpty } from '../db/seed.js'
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
  demoCommunes?: number
  /** Called once when the SQLite file is found deleted or replaced (main.ts: stop the process). */
  onDatabaseLost?: () => void
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
    if (database.sqlite) watchFile(app, database.sqlite, opts)
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
      communes: opts.demoCommunes ?? 0,
    })
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
      // The communes: smaller, as a commune's day is (DOMAIN.md), each with its own rhythm.
      for (const [i, siteId] of seeded.communeIds.entries()) {
        await generateHistory(database, {
          siteId,
          days: opts.demoHistoryDays,
          ticketsPerDay: 45 - i * 15,
          seed: 2027 + i,
          now: opts.clock(),
          addCounters: false,
        })
      }
    }
    if (seeded && (seeded.generatedPassword || seeded.deviceTokens)) {
      // Secrets never go into the JSON log (it is kept, shipped and read by others): they go to a
      // file only this account can read, and to the terminal when a person is watching one.
      const notice = firstStartNotice(seeded, opts.publicUrl)
      const file = join(dirname(resolve(opts.databasePath)), FIRST_START_FILE)
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, notice, { mode: 0o600 })
      app.log.warn(
        { file },
        `First start: the administrator's password and the demo devices' links are in ${file} (readable by this account only); read it, then delete it`,
      )
      if (process.stderr.isTTY) process.stderr.write(`\n${notice}\n`)
    }
  },
  { name: 'storage' },
)

/** How often the server checks that its SQLite file is still there. */
const FILE_CHECK_MS = 5_000

/**
 * A SQLite file deleted or replaced under the running server: every write from then on would go to
 * a file nobody opens again. Say so once, in one line, and stop (`onDatabaseLost`: main.ts ends the
 * process as on SIGTERM, so systemd restarts it and the restart finds the file, or refuses clearly).
 */
function watchFile(app: FastifyInstance, storage: Storage, opts: StorageOptions): void {
  const timer = setInterval(() => {
    if (storage.stillOnDisk()) return
    clearInterval(timer)
    app.log.fatal({ file: resolve(opts.databasePath) }, 'the database file was deleted or replaced while the server ran: stopping')
    opts.onDatabaseLost?.()
  }, FILE_CHECK_MS)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

/** Beside the SQLite file (`data/` by default; on PostgreSQL, the folder DATABASE_PATH names). */
export const FIRST_START_FILE = 'first-start.txt'

function firstStartNotice(
  seeded: { generatedPassword: string | null; deviceTokens: { kiosk: string; display: string } | null; communeIds: number[] },
  publicUrl: string,
): string {
  const base = publicUrl.replace(/\/$/, '')
  const lines = ['Hàng chờ: first start', '']
  if (seeded.generatedPassword) lines.push(`Administrator: user "admin", password ${seeded.generatedPassword}`)
  if (seeded.deviceTokens) {
    lines.push(
      `Demo kiosk:   ${base}/kiosk/#token=${seeded.deviceTokens.kiosk}`,
      `Demo display: ${base}/display/#token=${seeded.deviceTokens.display}`,
      'Open each link once on its device; the device keeps its token.',
      'Demo staff canbo1 … canbo6 and the manager lanhdao share the administrator password.',
    )
    for (const commune of DEMO_COMMUNES.slice(0, seeded.communeIds.length)) {
      lines.push(`${commune.name}: ${commune.prefix}.admin, ${commune.staff.map((_, i) => `${commune.prefix}.canbo${i + 1}`).join(', ')} (same password).`)
    }
    if (seeded.communeIds.length > 0) lines.push('The province manager lanhdaotinh sees every centre; admin administers them all.')
  }
  return `${lines.join('\n')}\n`
}
