/**
 * Every administrative change runs through the one runner: a refused change leaves the database
 * as it was (no row, no audit entry, no event, no sequence number spent); an accepted one writes
 * exactly one audit row, and screens hear `site:changed` only once the change is committed (a
 * second connection, which sees committed data only, already finds it).
 */
import t, { type Test as Tap } from 'tap'
import Database from 'better-sqlite3'
import pg from 'pg'
import { baseUrl, build, login, sqlValue, type Built } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { DomainError } from '../../server/src/domain/errors.js'
import type { Command } from '../../server/src/domain/runner.js'
import { siteChangedEvents } from './helpers.js'

type App = Built['app']
const count = async (app: App, sql: string) => (await sqlValue<number>(app, sql))!
const eventSeq = (app: App) => count(app, 'select event_seq from sites where id = 1')

/**
 * A second connection to the database, which sees committed data only: a read-only SQLite
 * connection to the same file, or another PostgreSQL session. Its query is sent at once.
 */
async function outsideConnection(t: Tap, built: Built): Promise<(sql: string) => Promise<number>> {
  if (built.databaseUrl) {
    const client = new pg.Client({ connectionString: built.databaseUrl })
    await client.connect()
    t.teardown(() => client.end())
    return async (sql) => Number(Object.values((await client.query(sql)).rows[0] as object)[0])
  }
  const outside = new Database(built.databasePath, { readonly: true })
  t.teardown(() => outside.close())
  return (sql) => {
    const value = outside.prepare(sql).pluck().get() as number
    return Promise.resolve(value)
  }
}

t.test('a refused service change (a code already used) changes nothing and writes no audit row', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  await listener.snapshot
  const before = {
    services: await count(app, 'select count(*) from services'),
    audit: await count(app, 'select count(*) from audit_log'),
    seq: await eventSeq(app),
  }
  const existing = (await sqlValue<string>(app, 'select code from services order by id limit 1'))!

  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: existing.toLowerCase(), nameVi: 'Trùng mã', nameEn: 'Same code', numbering: 'prefix', prefix: 'Q' },
  })
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'service_code_taken')
  t.equal(await count(app, 'select count(*) from services'), before.services, 'no service added')
  t.equal(await count(app, 'select count(*) from audit_log'), before.audit, 'no audit row')
  t.equal(await eventSeq(app), before.seq, 'no event sequence number spent')

  // Events reach a socket in order: had the refusal been published, it would arrive before this change's.
  const id = await count(app, 'select id from services order by id limit 1')
  const accepted = await app.inject({ method: 'PATCH', url: `/api/admin/services/${id}`, headers: admin.headers, payload: { targetWaitMinutes: 20 } })
  t.equal(accepted.statusCode, 200)
  const [first] = await listener.waitForEvents(1)
  t.equal(first?.payload.seq, before.seq + 1, 'the first event screens hear is the accepted change, not the refused one')
})

t.test('a command that fails after its first write leaves nothing behind', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  await listener.snapshot
  const before = {
    services: await count(app, 'select count(*) from services'),
    audit: await count(app, 'select count(*) from audit_log'),
    seq: await eventSeq(app),
  }

  const halfDone: Command<null, never> = async ({ tx, siteId }) => {
    await tx.services.insert({
      siteId,
      code: 'HALF',
      nameVi: 'Nửa chừng',
      nameEn: 'Half done',
      numbering: 'prefix',
      prefix: 'H',
      digits: 3,
      blockStart: 1,
      blockEnd: 999,
      hours: null,
      dailyCap: null,
      targetWaitMinutes: 15,
      defaultServiceMinutes: 8,
      active: true,
      sortOrder: 0,
    })
    throw new DomainError('bad_request', 'refused after the first write', 400)
  }
  await t.rejects(app.commands.run(halfDone, { siteId: 1, actor: { type: 'staff', id: admin.id } }, null), { code: 'bad_request' })
  t.equal(await count(app, "select count(*) from services where code = 'HALF'"), 0, 'the first write was rolled back')
  t.equal(await count(app, 'select count(*) from services'), before.services)
  t.equal(await count(app, 'select count(*) from audit_log'), before.audit, 'no audit row')
  t.equal(await eventSeq(app), before.seq, 'no event sequence number spent')
  if (app.database.sqlite) t.notOk(app.database.sqlite.sqlite.inTransaction, 'no transaction left open')

  // The connection is usable at once: the next change commits normally.
  const ok = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: 'half', nameVi: 'Nửa chừng', nameEn: 'Half done', numbering: 'prefix', prefix: 'H' },
  })
  t.equal(ok.statusCode, 201)
  const [event] = await listener.waitForEvents(1)
  t.equal(event?.name, 'site:changed')
  t.equal(event?.payload.seq, before.seq + 1, 'the accepted change takes the next sequence number, with no gap')
})

t.test('an accepted change writes one audit row and is published only after commit', async (t) => {
  const built = await build(t, { listen: true })
  const { app } = built
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  await listener.snapshot
  const auditBefore = await count(app, 'select count(*) from audit_log')

  // What a second connection (committed data only) sees at the moment the event is published.
  const outside = await outsideConnection(t, built)
  const seenAtPublish: Promise<{ inTransaction: boolean; services: number; audit: number; events: number }>[] = []
  app.realtime.onPublished((events) => {
    if (!events.some((e) => e.name === 'site:changed')) return
    // Each query is sent now, while the publisher waits for nothing.
    const inTransaction = app.database.sqlite?.sqlite.inTransaction ?? false
    const services = outside("select count(*) from services where code = 'LD'")
    const audit = outside("select count(*) from audit_log where action = 'service.create'")
    const events_ = outside("select count(*) from events where type = 'site:changed'")
    seenAtPublish.push(Promise.all([services, audit, events_]).then(([services, audit, events]) => ({ inTransaction, services, audit, events })))
  })

  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: 'ld', nameVi: 'Lao động – Thương binh và Xã hội', nameEn: 'Labour', numbering: 'block', blockStart: 5001, blockEnd: 5999 },
  })
  t.equal(res.statusCode, 201)
  t.same(
    await Promise.all(seenAtPublish),
    [{ inTransaction: false, services: 1, audit: 1, events: 1 }],
    'published once, after the service, its audit row and its event were committed',
  )
  t.equal(await count(app, 'select count(*) from audit_log'), auditBefore + 1, 'exactly one audit row')
  const [row] = await siteChangedEvents(app)
  t.same(row?.data, { what: 'services' }, 'the event log says what changed')
  t.equal(row?.actorType, 'staff')
  t.equal(row?.actorId, admin.id)
  const [event] = await listener.waitForEvents(1)
  t.same(event, { name: 'site:changed', payload: { what: 'services', siteId: 1, seq: row?.seq, at: row?.at } }, 'screens hear what changed')
})
