/**
 * Pairing requests on PostgreSQL, where several server processes share them: the pairing book's
 * rules on the PostgreSQL repository, and the races between processes (two confirmations of one
 * code, two polls collecting one token, creations at once) decided by the database, each
 * connection of the pool standing for a process; then two app instances on one database, as two
 * server processes behind the proxy: the TV on one, the administrator on the other.
 */
import t from 'tap'
import type pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { openPg } from '../../server/src/db/pg/client.js'
import * as schema from '../../server/src/db/pg/schema.js'
import { pairingRepository } from '../../server/src/db/pg/pairings.js'
import type { PairingRepository } from '../../server/src/db/repositories.js'
import { pgStore } from '../../server/src/db/pg/store.js'
import { PAIRING_GUESS_LIMIT, PairingBook } from '../../server/src/auth/pairing.js'
import { FakeClock, build, login } from '../helpers/build.js'
import { SKIP_PG, freshPgDatabase } from '../helpers/engines.js'

t.setTimeout(120_000)

/** One connection in an open transaction: a process in the middle of a command. */
async function openTransaction(pool: pg.Pool): Promise<{ pairings: PairingRepository; commit(): Promise<void> }> {
  const client = await pool.connect()
  await client.query('BEGIN')
  return {
    pairings: pairingRepository(drizzle(client, { schema })),
    async commit() {
      await client.query('COMMIT')
      client.release()
    },
  }
}

const confirmation = (name: string, at: number) => ({ deviceId: 1, deviceName: name, sealedToken: `sealed-${name}`, forgetAt: at + 60_000 })

t.test('on PostgreSQL', { skip: SKIP_PG }, async (t) => {
  const url = await freshPgDatabase(t)
  const pool = await openPg({ url, poolSize: 6 })
  t.teardown(() => pool.end())
  const store = pgStore(pool)
  const clock = new FakeClock()
  const book = new PairingBook(store, clock.now)

  t.test('the pairing book keeps its rules', async (t) => {
    const { request, secret } = await book.create('display', '10.0.0.1')
    t.same(await book.poll(request.id, secret), { status: 'pending', code: request.code, expiresInMs: 10 * 60_000 })
    const found = await book.lookup(request.code.toLowerCase(), ['user:1', 'ip:10.0.0.9'])
    t.equal(found.id, request.id, 'the administrator finds the code')

    const token = 'the-device-token'
    const confirmed = await store.write((tx) =>
      tx.pairings.confirm(found.id, clock.now(), { ...confirmation('Màn hình', clock.now()), sealedToken: book.seal(found, token) }),
    )
    t.ok(confirmed)
    const raw = await pool.query('select * from pairing_requests where id = $1', [request.id])
    t.notMatch(JSON.stringify(raw.rows[0]), token, 'the token is not readable in the database')
    t.notMatch(JSON.stringify(raw.rows[0]), secret, 'nor the secret')
    t.match(await book.poll(request.id, secret), { status: 'paired', token, deviceName: 'Màn hình', kind: 'display' }, 'the device opens its token')
    await t.rejects(book.poll(request.id, secret), { code: 'pairing_request_unknown' }, 'once')
    await t.rejects(book.lookup(request.code, ['user:1']), { code: 'pairing_code_used' })

    const late = await book.create('kiosk', '10.0.0.1')
    clock.advance(10 * 60_000)
    await t.rejects(book.poll(late.request.id, late.secret), { code: 'pairing_code_expired' }, 'codes expire by the app clock')
    await t.rejects(book.lookup(late.request.code, ['user:1']), { code: 'pairing_code_expired' })

    for (let i = 0; i < PAIRING_GUESS_LIMIT; i++) await t.rejects(book.lookup('AAAAAA', ['user:2', 'ip:10.0.0.2']), { code: 'pairing_code_unknown' })
    const fresh = await book.create('kiosk', '10.0.0.1')
    await t.rejects(book.lookup(fresh.request.code, ['user:3', 'ip:10.0.0.2']), { code: 'pairing_too_many_attempts' }, 'wrong guesses add up per address')
    clock.advance(10 * 60_000)
    const after = await book.create('kiosk', '10.0.0.1')
    t.equal((await book.lookup(after.request.code, ['user:3', 'ip:10.0.0.2'])).id, after.request.id, 'until the window is over')

    clock.advance(2 * 60 * 60_000)
    await book.create('kiosk', '10.0.0.1')
    const left = await pool.query<{ n: number }>('select count(*)::int as n from pairing_requests')
    t.equal(left.rows[0]?.n, 1, 'what is over is purged')
  })

  t.test('a second confirmation waits for the first and then finds the code used', async (t) => {
    const { request } = await book.create('display', '10.0.0.1')
    const a = await openTransaction(pool)
    const b = await openTransaction(pool)
    t.ok(await a.pairings.confirm(request.id, clock.now(), confirmation('A', clock.now())), 'the first confirms')
    let bDone = false
    const second = b.pairings.confirm(request.id, clock.now(), confirmation('B', clock.now())).finally(() => {
      bDone = true
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    t.notOk(bDone, 'the second waits for the first to commit')
    await a.commit()
    t.equal(await second, false, 'and then finds the code no longer live')
    await b.commit()
    const row = await store.read((r) => r.pairings.get(request.id))
    t.equal(row?.deviceName, 'A')
  })

  t.test('two polls at once collect the token once', async (t) => {
    const { request } = await book.create('display', '10.0.0.1')
    await store.write((tx) => tx.pairings.confirm(request.id, clock.now(), confirmation('C', clock.now())))
    const taken = await Promise.all([store.write((tx) => tx.pairings.takeToken(request.id)), store.write((tx) => tx.pairings.takeToken(request.id))])
    t.same(
      taken.filter((x) => x !== undefined),
      ['sealed-C'],
    )
  })

  t.test('requests created at once, through several connections, get different codes', async (t) => {
    const liveCount = async () => (await pool.query<{ n: number }>('select count(*)::int as n from pairing_requests where live_code is not null')).rows[0]?.n
    const before = await liveCount()
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => book.create('kiosk', `10.0.1.${i}`)))
    t.equal(new Set(made.map((m) => m.request.code)).size, 30, 'thirty codes, all different')
    t.equal(await liveCount(), (before ?? 0) + 30, 'and all can be confirmed')
  })
})

t.test('two server processes on one PostgreSQL: a code shown through one is confirmed through the other', { skip: SKIP_PG }, async (t) => {
  const url = await freshPgDatabase(t)
  const clock = new FakeClock()
  // Started one after the other: the first migrates and seeds, the second finds it done.
  const a = await build(t, { clock, env: { DATABASE_URL: url } })
  const b = await build(t, { clock, env: { DATABASE_URL: url } })
  const tv = await b.app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'display' } })
  t.equal(tv.statusCode, 201, 'the TV asks process B for a code')
  const pending = tv.json() as { id: string; secret: string; code: string }
  const admin = await login(a.app, 'admin')
  const seen = await a.app.inject({ method: 'GET', url: `/api/admin/pairing/${pending.code}`, headers: admin.headers })
  t.equal(seen.json().kind, 'display', 'the administrator, on process A, finds it')
  const done = await a.app.inject({
    method: 'POST',
    url: `/api/admin/pairing/${pending.code}/confirm`,
    headers: admin.headers,
    payload: { name: 'Màn hình sảnh' },
  })
  t.equal(done.statusCode, 200, 'and confirms it')
  const again = await b.app.inject({
    method: 'POST',
    url: `/api/admin/pairing/${pending.code}/confirm`,
    headers: (await login(b.app, 'admin')).headers,
    payload: { name: 'Màn hình khác' },
  })
  t.equal(again.json().code, 'pairing_code_used', 'a second confirmation, through process B, is refused')
  const polled = await b.app.inject({ method: 'POST', url: `/api/pairing/${pending.id}/poll`, payload: { secret: pending.secret } })
  t.equal(polled.json().status, 'paired', 'the TV, polling process B, receives its token')
  const me = await b.app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${polled.json().token as string}` } })
  t.equal(me.json().device.id, done.json().device.id, 'which works')
  const stored = await a.app.database.pg?.query('select sealed_token from pairing_requests where id = $1', [pending.id])
  t.equal(stored?.rows[0]?.sealed_token, null, 'and is gone from the database')
})
