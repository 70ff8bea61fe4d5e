/**
 * A note of each day's last ticket numbers, kept beside the SQLite file (`<DATABASE_PATH>.numbers.json`)
 * and out of it, so that a restored backup does not take it back: at start, wherever the database
 * is behind the note for today, numbering continues from the note (resume-numbering.ts) and the log
 * says so. The note is rewritten shortly after tickets are issued (after commit, so it never names a
 * number that was not given out), atomically (a temporary file renamed over it), and at shutdown.
 *
 * SQLite only: a province on PostgreSQL restores with its own tools (README), and its several
 * processes would each keep a note.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import fp from 'fastify-plugin'
import { serviceDayOf } from '../../../shared/local-time.js'
import { SYSTEM } from '../domain/runner.js'
import { resumeNumbering } from '../domain/resume-numbering.js'

/** How long after an issue the note is written: one write for a burst of tickets. */
const WRITE_DELAY_MS = 200

interface Ledger {
  version: 1
  /** Per site: the service day and, per service, the last ordinal handed out. */
  sites: Record<string, { day: string; numbers: Record<string, number> }>
}

function readLedger(path: string): Ledger | null {
  if (!existsSync(path)) return null
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Ledger
    return parsed.version === 1 && typeof parsed.sites === 'object' && parsed.sites !== null ? parsed : null
  } catch {
    return null
  }
}

export interface NumberingLedgerOptions {
  /** Where the note is kept; null: no note (PostgreSQL). */
  path: string | null
}

export default fp<NumberingLedgerOptions>(
  async (app, opts) => {
    const path = opts.path
    if (!path) return
    const found = readLedger(path)
    if (!found && existsSync(path)) app.log.warn({ file: path }, 'the note of ticket numbers is unreadable: it is written anew')
    const ledger: Ledger = found ?? { version: 1, sites: {} }

    app.addHook('onReady', async () => {
      for (const site of await app.store.read((r) => r.sites.all())) {
        const noted = ledger.sites[String(site.id)]
        if (!noted || noted.day !== serviceDayOf(app.clock(), site.timeZone)) continue
        const numbers = Object.entries(noted.numbers).map(([serviceId, lastSeqNo]) => ({ serviceId: Number(serviceId), lastSeqNo }))
        const raised = await app.commands.run(resumeNumbering, { siteId: site.id, actor: SYSTEM }, { serviceDay: noted.day, numbers })
        if (raised.length > 0) {
          app.log.warn(
            { raised, file: path },
            'the database is behind the numbers already given out today (a restored backup?): numbering continues after them',
          )
        }
      }
    })

    const dirty = new Set<number>()
    let timer: ReturnType<typeof setTimeout> | null = null
    const write = async () => {
      timer = null
      const sites = [...dirty]
      dirty.clear()
      for (const siteId of sites) {
        const entry = await app.store.read(async (r) => {
          const site = await r.sites.get(siteId)
          if (!site) return null
          const day = serviceDayOf(app.clock(), site.timeZone)
          return { day, numbers: Object.fromEntries((await r.tickets.numbersOfDay(siteId, day)).map((n) => [String(n.serviceId), n.lastSeqNo])) }
        })
        if (entry) ledger.sites[String(siteId)] = entry
      }
      const temporary = `${path}.tmp`
      writeFileSync(temporary, JSON.stringify(ledger))
      renameSync(temporary, path)
    }
    const flush = () => write().catch((err: unknown) => app.log.error({ err, file: path }, 'could not write the note of ticket numbers'))

    app.realtime.onPublished((events) => {
      for (const event of events) if (event.name === 'ticket:issued') dirty.add(event.payload.siteId)
      if (dirty.size > 0 && !timer) {
        timer = setTimeout(() => void flush(), WRITE_DELAY_MS)
        timer.unref()
      }
    })
    app.addHook('preClose', async () => {
      if (timer) clearTimeout(timer)
      if (dirty.size > 0) await flush()
    })
  },
  { name: 'numbering-ledger', dependencies: ['storage', 'realtime', 'commands'] },
)
