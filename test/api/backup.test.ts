// SQLite only: the daily copies are SQLite files (PostgreSQL has its own backup tools).
/**
 * Daily copies of the database: a whole, openable SQLite file per service day with the day's
 * tickets in it, one copy a day however often the check runs, the newest BACKUP_KEEP kept.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { aDevice, build, issue, serviceId } from '../helpers/build.js'

t.test('a copy per service day, complete, readable, and only the newest kept', async (t) => {
  const { app, clock, dir } = await build(t, { env: { BACKUP_KEEP: '3' } })
  const backups = join(dir, 'backups')
  const kiosk = await aDevice(app, 'kiosk')
  for (let i = 0; i < 3; i++) t.equal((await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).statusCode, 201)

  // The start-up check may already be taking today's copy (a snapshot: the tickets issued meanwhile
  // waited for it, or came before it): either way there is one, once.
  await app.backup.runIfDue()
  t.same(readdirSync(backups), ['qms-2026-11-23.sqlite'], "today's copy (Monday 23/11 in Ho Chi Minh City), no partial file left")
  t.equal(await app.backup.runIfDue(), null, 'a second check the same day copies nothing')

  const copy = new Database(join(backups, 'qms-2026-11-23.sqlite'), { readonly: true })
  t.teardown(() => copy.close())
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok', 'the copy is a sound database')
  t.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'in one file, with no write-ahead log beside it')

  const health = (await app.inject({ method: 'GET', url: '/api/health' })).json()
  t.equal(health.lastBackup, '2026-11-23', 'the health check names the newest copy')

  // The next day's first check copies the previous day's final state.
  clock.set(Date.UTC(2026, 10, 24, 0, 30)) // 07:30 local
  t.match(await app.backup.runIfDue(), /qms-2026-11-24\.sqlite$/)
  const next = new Database(join(backups, 'qms-2026-11-24.sqlite'), { readonly: true })
  t.teardown(() => next.close())
  t.same(next.prepare('select number from tickets order by id').pluck().all(), ['1001', '1002', '1003'], "with the day's tickets")

  for (const day of [25, 26, 27, 28]) {
    clock.set(Date.UTC(2026, 10, day, 0, 30)) // 07:30 local
    t.match(await app.backup.runIfDue(), new RegExp(`qms-2026-11-${day}\\.sqlite$`))
  }
  t.same(readdirSync(backups).sort(), ['qms-2026-11-26.sqlite', 'qms-2026-11-27.sqlite', 'qms-2026-11-28.sqlite'], 'the newest three are kept')
})

t.test('a copy waits for a write transaction still open, and holds what it committed', async (t) => {
  const { app, clock, dir } = await build(t, { env: { BACKUP_KEEP: '3' } })
  await app.backup.runIfDue() // the start-up copy, out of the way
  clock.set(Date.UTC(2026, 10, 24, 0, 30))
  const siteId = 1 // the seeded centre
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  // A command that awaits between its queries keeps its transaction open across turns of the event loop.
  const write = app.store.write(async (tx) => {
    await tx.sites.update(siteId, { name: 'Trung tâm đổi tên trong giao dịch' })
    await gate
  })
  const copying = app.backup.runIfDue()
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
  release()
  await write
  const file = await copying
  t.match(file, /qms-2026-11-24\.sqlite$/)
  const copy = new Database(join(dir, 'backups', 'qms-2026-11-24.sqlite'), { readonly: true })
  t.teardown(() => copy.close())
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok', 'a sound database')
  t.same(
    copy.prepare('select name from sites where id = ?').pluck().all(siteId),
    ['Trung tâm đổi tên trong giao dịch'],
    'a whole copy (not an empty file), with the transaction that was open when it was asked for',
  )
})

t.test('BACKUP_KEEP=0 turns backups off', async (t) => {
  const { app, dir } = await build(t, { env: { BACKUP_KEEP: '0' } })
  t.equal(await app.backup.runIfDue(), null)
  t.notOk(existsSync(join(dir, 'backups')), 'no backups folder')
})
