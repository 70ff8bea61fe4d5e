/**
 * Fills a database with past service days so reports have something to show:
 *   npx tsx server/scripts/demo-history.ts --days 60 [--per-day 250] [--seed 7] [--db data/qms.sqlite] [--site 1]
 * On PostgreSQL when DATABASE_URL is set, as the server. Creates and seeds the database (demo site)
 * when it does not exist yet. Days that already have tickets are refused rather than mixed with
 * generated ones.
 */
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/db/open.js'
import { seedIfEmpty } from '../src/db/seed.js'
import { generateHistory } from '../src/reports/history.js'

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '60' },
    'per-day': { type: 'string', default: '250' },
    seed: { type: 'string', default: '1' },
    db: { type: 'string', default: process.env.DATABASE_PATH ?? 'data/qms.sqlite' },
    site: { type: 'string', default: '1' },
    'end-day': { type: 'string' },
  },
})

const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, path: values.db })
const where = database.kind === 'postgres' ? 'PostgreSQL' : values.db
try {
  const seeded = await seedIfEmpty(database.store, { now: Date.now(), demo: true, adminPassword: process.env.ADMIN_PASSWORD })
  if (seeded?.generatedPassword) console.log(`New database: administrator "admin", password ${seeded.generatedPassword}`)
  const started = performance.now()
  const result = await generateHistory(database, {
    siteId: Number(values.site),
    days: Number(values.days),
    ticketsPerDay: Number(values['per-day']),
    seed: Number(values.seed),
    ...(values['end-day'] ? { endDay: values['end-day'] } : {}),
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `${where}: ${result.tickets} tickets and ${result.events} events over ${result.workingDays} working days ` +
      `(${result.firstDay} … ${result.lastDay}) in ${seconds} s` +
      (result.countersAdded > 0 ? `; added ${result.countersAdded} counters to serve that many tickets` : ''),
  )
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
} finally {
  await database.close()
}
