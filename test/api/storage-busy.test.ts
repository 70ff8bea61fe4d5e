// SQLite only: another program holds the SQLite file's write lock.
/**
 * Another program holding the database's write lock (a backup tool, someone in the sqlite3 shell)
 * past the busy timeout: the kiosk gets a 503 with a stable code and Retry-After, nothing is
 * half-written, and its retry with the same idempotency key gets exactly one ticket.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { aDevice, build, issue, serviceId } from '../helpers/build.js'

t.test('a locked database answers 503 storage_unavailable, and the retry issues one ticket', async (t) => {
  const { app, databasePath } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const other = new Database(databasePath)
  t.teardown(() => other.close())
  other.exec('BEGIN IMMEDIATE')

  const key = 'kiosk-1-press-42'
  const refused = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') }, key)
  t.equal(refused.statusCode, 503)
  t.equal(refused.json().code, 'storage_unavailable')
  t.equal(refused.headers['retry-after'], '2')
  t.notMatch(refused.body, /SQLITE|sqlite/, 'no internals in the answer')

  other.exec('ROLLBACK')
  const retried = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') }, key)
  t.equal(retried.statusCode, 201)
  t.equal(retried.json().ticket.number, '1001', 'the first number: the refused attempt used none')
  const again = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') }, key)
  t.equal(again.json().ticket.id, retried.json().ticket.id, 'a further retry is the same ticket')
  t.equal(other.prepare('select count(*) from tickets').pluck().get(), 1, 'one ticket in the database')
})
