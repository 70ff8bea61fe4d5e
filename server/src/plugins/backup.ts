/**
 * A copy of the database every service day, kept for BACKUP_KEEP days, so a broken disk or a bad
 * change costs at most a day. SQLite's online backup copies the live database page by page; it
 * runs through the store's queue like a read, so it never copies a transaction's uncommitted pages
 * (commands wait for the copy, once a day). The copy is written under a temporary name and renamed
 * when complete, so a file named qms-YYYY-MM-DD.sqlite is always a whole database. The first check runs at
 * start-up and then every ten minutes: the day's copy is taken at the first check of the day,
 * which holds the previous day's final state.
 */
import Database from 'better-sqlite3'
import fp from 'fastify-plugin'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import { serviceDayOf } from '../../../shared/local-time.js'

declare module 'fastify' {
  interface FastifyInstance {
    backup: BackupRunner
  }
}

export interface BackupRunner {
  /** Takes today's copy unless it exists; resolves to its path, or null when there was nothing to do. */
  runIfDue(): Promise<string | null>
  /** The day (YYYY-MM-DD) of the newest complete copy, or null. */
  latest(): string | null
}

export interface BackupOptions {
  dir: string
  /** Copies kept, newest first; 0 turns backups off. */
  keep: number
}

const CHECK_INTERVAL_MS = 10 * 60_000
const NAME = /^qms-(\d{4}-\d{2}-\d{2})\.sqlite$/

export default fp<BackupOptions>(
  async (app, opts) => {
    const copies = () =>
      existsSync(opts.dir)
        ? readdirSync(opts.dir)
            .filter((f) => NAME.test(f))
            .sort()
        : []
    let running: Promise<string | null> | null = null
    // On PostgreSQL the database's own tools keep the copies (pg_dump or continuous archiving: see
    // the README, "A province on PostgreSQL"); this plugin copies the SQLite file only.
    const enabled = opts.keep > 0 && app.database.kind === 'sqlite'

    const runner: BackupRunner = {
      latest: () => NAME.exec(copies().at(-1) ?? '')?.[1] ?? null,
      runIfDue() {
        if (!enabled) return Promise.resolve(null)
        running ??= takeCopy().finally(() => {
          running = null
        })
        return running
      },
    }

    async function takeCopy(): Promise<string | null> {
      const timeZone = await app.store.read((r) => r.sites.firstTimeZone())
      const day = serviceDayOf(app.clock(), timeZone ?? DEFAULT_TIME_ZONE)
      const target = join(opts.dir, `qms-${day}.sqlite`)
      if (existsSync(target)) return null
      const partial = `${target}.partial`
      const started = Date.now()
      // Through the store's queue: the check and the copy never see a write transaction still open on
      // the connection (the copy would hold its uncommitted pages). Commands wait for the copy.
      const copied = await app.store.read(async () => {
        // A damaged database is never copied over as a good day: the older copies are what a restore needs.
        if (app.storage.checkIntegrity() !== 'ok') {
          app.log.error({ file: target }, 'the database failed its integrity check (quick_check): no backup taken; restore the newest good copy')
          return false
        }
        mkdirSync(opts.dir, { recursive: true })
        rmSync(partial, { force: true })
        await app.storage.sqlite.backup(partial)
        return true
      })
      if (!copied) return null
      // The copy inherits write-ahead logging; a backup is one self-contained file.
      const copy = new Database(partial)
      try {
        copy.pragma('journal_mode = DELETE')
      } finally {
        copy.close()
      }
      renameSync(partial, target)
      const old = copies().slice(0, -opts.keep)
      for (const name of old) rmSync(join(opts.dir, name), { force: true })
      app.log.info({ file: target, ms: Date.now() - started, removed: old }, 'database backed up')
      return target
    }

    const check = () =>
      runner.runIfDue().catch((err: unknown) => {
        app.log.error({ err, dir: opts.dir }, 'database backup failed')
      })
    app.decorate('backup', runner)
    if (!enabled) return
    app.addHook('onReady', async () => {
      void check()
    })
    const timer = setInterval(() => void check(), CHECK_INTERVAL_MS)
    timer.unref()
    app.addHook('preClose', async () => {
      clearInterval(timer)
      // The database closes after this: let a copy in progress finish first.
      await running?.catch(() => undefined)
    })
  },
  { name: 'backup', dependencies: ['storage'] },
)
