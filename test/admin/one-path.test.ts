/**
 * Every administrative change runs through the one runner: a refused change leaves the database
 * as it was (no row, no audit entry, no event, no sequence number spent); an accepted one writes
 * exactly one audit row, and screens hear `site:changed` only once the change is committed (a
 * second connection to the same file, which sees committed data only, already finds it).
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { baseUrl, build, login } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { DomainError } from '../../server/src/domain/errors.js'
import type { Command } from '../../server/src/domain/runner.js'
import { siteChangedEvents } from './helpers.js'

const count = (app: { storage: { sqlite: Database.Database } }, sql: string) => app.storage.sqlite.prepare(sql).pluck().get() as number
const eventSeq = (app: { storage: { sqlite: Database.Database } }) => count(app, 'select event_seq from sites where id = 1')

t.test('a refused service change (a code already used) changes nothing and writes no audit row', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  await listener.snapshot
  const before = { services: count(app, 'select count(*) from services'), audit: count(app, 'select count(*) from audit_log'), seq: eventSeq(app) }
  const existing = app.storage.sqlite.prepare('select code from services order by id limit 1').pluck().get() as string

  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: existing.toLowerCase(), nameVi: 'Trùng mã', nameEn: 'Same code', numbering: 'prefix', prefix: 'Q' },
  })
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'service_code_taken')
  t.equal(count(app, 'select count(*) from services'), before.services, 'no service added')
  t.equal(count(app, 'select count(*) from audit_log'), before.audit, 'no audit row')
  t.equal(eventSeq(app), before.seq, 'no event sequence number spent')

  // Events reach a socket in order: had the refusal been published, it would arrive before this change's.
  const id = app.storage.sqlite.prepare('select id from services order by id limit 1').pluck().get() as number
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
  const before = { services: count(app, 'select count(*) from services'), audit: count(app, 'select count(*) from audit_log'), seq: eventSeq(app) }

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
  t.equal(count(app, "select count(*) from services where code = 'HALF'"), 0, 'the first write was rolled back')
  t.equal(count(app, 'select count(*) from services'), before.services)
  t.equal(count(app, 'select count(*) from audit_log'), before.audit, 'no audit row')
  t.equal(eventSeq(app), before.seq, 'no event sequence number spent')
  t.notOk(app.storage.sqlite.inTransaction, 'no transaction left open')

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
  const { app, databasePath } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  await listener.snapshot
  const auditBefore = count(app, 'select count(*) from audit_log')

  // What a second connection (committed data only) sees at the moment the event is published.
  const outside = new Database(databasePath, { readonly: true })
  t.teardown(() => outside.close())
  const seenAtPublish: { inTransaction: boolean; services: number; audit: number; events: number }[] = []
  app.realtime.onPublished((events) => {
    if (!events.some((e) => e.name === 'site:changed')) return
    seenAtPublish.push({
      inTransaction: app.storage.sqlite.inTransaction,
      services: outside.prepare("select count(*) from services where code = 'LD'").pluck().get() as number,
      audit: outside.prepare("select count(*) from audit_log where action = 'service.create'").pluck().get() as number,
      events: outside.prepare("select count(*) from events where type = 'site:changed'").pluck().get() as number,
    })
  })

  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: { code: 'ld', nameVi: 'Lao động – Thương binh và Xã hội', nameEn: 'Labour', numbering: 'block', blockStart: 5001, blockEnd: 5999 },
  })
  t.equal(res.statusCode, 201)
  t.same(
    seenAtPublish,
    [{ inTransaction: false, services: 1, audit: 1, events: 1 }],
    'published once, after the service, its audit row and its event were committed',
  )
  t.equal(count(app, 'select count(*) from audit_log'), auditBefore + 1, 'exactly one audit row')
  const [row] = siteChangedEvents(app)
  t.same(row?.data, { what: 'services' }, 'the event log says what changed')
  t.equal(row?.actorType, 'staff')
  t.equal(row?.actorId, admin.id)
  const [event] = await listener.waitForEvents(1)
  t.same(event, { name: 'site:changed', payload: { what: 'services', siteId: 1, seq: row?.seq, at: row?.at } }, 'screens hear what changed')
})
