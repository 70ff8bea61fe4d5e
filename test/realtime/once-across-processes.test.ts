/**
 * Work that must happen once runs once across server processes on PostgreSQL: two Database objects
 * (two pools) on one database stand for two processes. Needs a throwaway PostgreSQL, named by
 * QMS_TEST_PG_URL (test/helpers/engines.ts starts one for `npm test`); skipped without it.
 * The app-level test also needs the PostgreSQL repositories, and skips until they exist.
 */
import t from 'tap'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { LockWaitTimeout, type Database } from '../../server/src/db/database.js'
import { openDatabase } from '../../server/src/db/open.js'
import { SYSTEM } from '../../server/src/domain/runner.js'
import { issueTicket } from '../../server/src/domain/issue.js'
import { hasEndedDay } from '../../server/src/domain/day.js'
import { build, FakeClock, type Tap } from '../helpers/build.js'

const ADMIN_URL = process.env.QMS_TEST_PG_URL

/** A new, empty database on the test server, dropped after the test. */
async function freshDatabase(t: Tap): Promise<string> {
  const name = `qms_once_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  })
  const url = new URL(ADMIN_URL!)
  url.pathname = `/${name}`
  return url.toString()
}

async function twoProcesses(t: Tap): Promise<[Database, Database]> {
  const url = await freshDatabase(t)
  // One after the other: the first applies the migrations (the second would wait for its lock anyway).
  const a = await openDatabase({ url, path: '', poolSize: 3 })
  const b = await openDatabase({ url, path: '', poolSize: 3 })
  t.teardown(async () => {
    await a.close()
    await b.close()
  })
  return [a, b]
}

/** A promise and the function that settles it: a job that runs until the test lets it finish. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

const busy = (db: Database) => db.pg!.totalCount - db.pg!.idleCount

t.test('exclusive and serial jobs on PostgreSQL', { skip: ADMIN_URL ? false : 'QMS_TEST_PG_URL is not set (no PostgreSQL to test on)' }, async (t) => {
  t.test('a job another process is running is skipped here, and runs once that one is done', async (t) => {
    const [a, b] = await twoProcesses(t)
    const held = gate()
    const started = gate()
    const first = a.exclusively('close-ended-days', async () => {
      started.open()
      await held.opened
      return 'a'
    })
    await started.opened
    let ranHere = false
    t.equal(
      await b.exclusively('close-ended-days', async () => {
        ranHere = true
        return 'b'
      }),
      undefined,
      'the second process does not wait: it skips',
    )
    t.notOk(ranHere, 'and never ran the work')
    t.equal(await b.exclusively('another-job', async () => 'b'), 'b', 'other jobs are not held up')
    held.open()
    t.equal(await first, 'a')
    t.equal(await b.exclusively('close-ended-days', async () => 'b'), 'b', 'free again once the first is done')
    t.equal(busy(b), 0, 'every connection went back to the pool')
  })

  t.test('a serial job waits at most waitMs for another process, then gives up and frees its connection', async (t) => {
    const [a, b] = await twoProcesses(t)
    const held = gate()
    const started = gate()
    const first = a.serially('printer:10.0.0.9:9100', async () => {
      started.open()
      await held.opened
    })
    await started.opened
    let ranHere = false
    const before = Date.now()
    await t.rejects(
      b.serially(
        'printer:10.0.0.9:9100',
        async () => {
          ranHere = true
        },
        { waitMs: 300 },
      ),
      LockWaitTimeout,
    )
    const waited = Date.now() - before
    t.ok(waited >= 250 && waited < 3_000, `gave up after about waitMs (${waited} ms)`)
    t.notOk(ranHere, 'the work did not run')
    t.equal(busy(b), 0, 'the waiting connection is not held')

    // Waiting long enough gets the job, in order, on a connection whose lock_timeout is back to none.
    const second = b.serially('printer:10.0.0.9:9100', async () => 'b', { waitMs: 5_000 })
    setTimeout(held.open, 200)
    await first
    t.equal(await second, 'b', 'the second process prints once the first is done')
    const client = await b.pg!.connect()
    try {
      const shown = await client.query<{ lock_timeout: string }>('show lock_timeout')
      t.equal(shown.rows[0]?.lock_timeout, '0', 'the bound was for that one wait, not left on the pooled connection')
    } finally {
      client.release()
    }
  })

  t.test('closing ended days is skipped while another process sweeps, and done once it is free', async (t) => {
    const url = await freshDatabase(t)
    const clock = new FakeClock()
    let built
    try {
      built = await build(t, { clock, env: { DATABASE_URL: url } })
    } catch (err) {
      if (/not built yet/.test(String(err))) return t.plan(0, 'the PostgreSQL repositories are not merged yet: run again after the merge')
      throw err
    }
    const { app } = built
    const [service] = await app.store.read((r) => r.services.all(1))
    for (let i = 0; i < 3; i++) await app.commands.run(issueTicket, { siteId: 1, actor: SYSTEM }, { serviceId: service!.id })
    clock.advance(24 * 60 * 60_000)

    // Another process in the middle of its sweep.
    const other = await openDatabase({ url, path: '', poolSize: 2 })
    t.teardown(() => other.close())
    const held = gate()
    const started = gate()
    const sweeping = other.exclusively('close-ended-days', async () => {
      started.open()
      await held.opened
    })
    await started.opened
    t.equal(await app.commands.closeEndedDays(), 0, 'this process skips the sweep')
    t.ok(await app.store.read((r) => hasEndedDay(r, 1, clock.now())), "yesterday's tickets are still open")
    held.open()
    await sweeping
    t.equal(await app.commands.closeEndedDays(), 3, 'the next minute, this process does it')
  })
})
