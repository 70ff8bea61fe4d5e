// SQLite only: SQLite's own "database or disk is full" (SQLITE_FULL), reached with max_page_count.
/**
 * A full disk: SQLite answers SQLITE_FULL to writes while reads still work. A kiosk's issue is
 * refused with a 503 it retries, nothing acknowledged is lost, health says the database cannot be
 * written (it used to say ok), and once there is room again the same retry gets the ticket.
 * The disk here is SQLite's page limit (`PRAGMA max_page_count`), which fails writes with the very
 * error a full disk gives: a real full file system needs a mount this test cannot make.
 */
import t from 'tap'
import { aDevice, build, issue, serviceId, sqlValue } from '../helpers/build.js'

t.test('a full disk: writes refused with a 503, health says so, and the retry works once there is room', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  t.equal((await issue(app, kiosk, { serviceId: land })).statusCode, 201)
  const sqlite = app.storage.sqlite
  const pages = sqlite.pragma('page_count', { simple: true }) as number
  sqlite.pragma(`max_page_count = ${pages}`)

  // Fill what room is left, then one more: the write that does not fit is refused.
  let refused: { statusCode: number; json(): { code: string } } | null = null
  let issued = 1
  for (let i = 0; i < 2000 && !refused; i++) {
    const res = await issue(app, kiosk, { serviceId: land }, `full-disk-${i}`)
    if (res.statusCode === 201) issued++
    else refused = res
  }
  t.ok(refused, 'the disk filled up')
  t.equal(refused!.statusCode, 503, 'the kiosk is told to try again')
  t.equal(refused!.json().code, 'storage_unavailable')
  t.equal(await sqlValue(app, 'select count(*) from tickets'), issued, 'every acknowledged ticket is there, and no other')

  const health = await app.inject({ url: '/api/health' })
  t.equal(health.statusCode, 503, 'health no longer says ok')
  t.equal(health.json().database, 'unwritable')

  sqlite.pragma('max_page_count = 1073741823') // room again
  const key = `full-disk-${issued - 1}`
  const retried = await issue(app, kiosk, { serviceId: land }, key)
  t.equal(retried.statusCode, 201, "the kiosk's retry gets its ticket")
  t.equal((await app.inject({ url: '/api/health' })).json().database, 'ok', 'and health is ok again')
})
