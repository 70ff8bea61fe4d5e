/**
 * Pairing a device by a short code: the device asks for a code and polls with its secret; an
 * administrator types the code; only the device that showed it receives the token. Codes expire
 * (the app's fake clock), are used once, and wrong guesses are limited.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, build, login, sqlRows, sqlValue, type Staff } from '../helpers/build.js'
import { auditRows } from './helpers.js'
import { pairDevice } from '../../server/src/domain/admin/devices.js'
import type { DomainError } from '../../server/src/domain/errors.js'
import { hashToken } from '../../server/src/auth/passwords.js'

interface Pending {
  id: string
  secret: string
  code: string
  expiresInMs: number
  pollMs: number
  confirmUrl: string
}

async function ask(app: FastifyInstance, kind: 'kiosk' | 'display'): Promise<Pending> {
  const res = await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind } })
  if (res.statusCode !== 201) throw new Error(`pairing request: ${res.statusCode} ${res.body}`)
  return res.json() as Pending
}

const poll = (app: FastifyInstance, id: string, secret: string) => app.inject({ method: 'POST', url: `/api/pairing/${id}/poll`, payload: { secret } })
const lookup = (app: FastifyInstance, admin: Staff, code: string) =>
  app.inject({ method: 'GET', url: `/api/admin/pairing/${encodeURIComponent(code)}`, headers: admin.headers })
const confirm = (app: FastifyInstance, admin: Staff, code: string, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/admin/pairing/${encodeURIComponent(code)}/confirm`, headers: admin.headers, payload: body })
const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })
const deviceCount = async (app: FastifyInstance) => Number(await sqlValue(app, 'select count(*) from devices'))

t.test('a display shows a code, an administrator confirms it, and only the display receives its token', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const pending = await ask(app, 'display')
  t.match(pending.code, /^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/, 'six characters, none that read two ways (0/O, 1/I/L, 2/Z, 5/S, 8/B)')
  t.equal(pending.expiresInMs, 10 * 60_000, 'valid for ten minutes')
  t.equal(pending.confirmUrl, `http://qms.test/counter/#/admin/devices/pair/${pending.code}`, 'the QR code leads the administrator to the confirm page')
  t.ok(pending.secret.length >= 40, 'the device holds a long secret')

  const waiting = await poll(app, pending.id, pending.secret)
  t.equal(waiting.statusCode, 200)
  t.same(waiting.json(), { status: 'pending', code: pending.code, expiresInMs: 10 * 60_000 })
  t.equal(waiting.headers['cache-control'], 'no-store')

  const typed = `${pending.code.slice(0, 3).toLowerCase()}-${pending.code.slice(3).toLowerCase()}`
  const seen = await lookup(app, admin, typed)
  t.equal(seen.statusCode, 200, 'the code is found typed in lower case with a dash')
  t.same(seen.json(), { code: pending.code, kind: 'display', expiresInMs: 10 * 60_000 }, 'the administrator learns it is a display')

  const before = await deviceCount(app)
  const done = await confirm(app, admin, typed, { name: '  Màn hình sảnh tầng 2 – Khu tiếp nhận hồ sơ đất đai  ' })
  t.equal(done.statusCode, 200)
  const device = done.json().device
  t.equal(device.kind, 'display', 'the kind is the one the device asked for')
  t.equal(device.name, 'Màn hình sảnh tầng 2 – Khu tiếp nhận hồ sơ đất đai')
  t.same(device.config, { languages: ['vi'], theme: 'dark' }, 'a display gets the display defaults')
  t.equal(await deviceCount(app), before + 1)
  t.notMatch(done.body, /token/i, 'the administrator does not see the token')

  // Someone who read the code off the TV, and even learned the request id, still lacks the secret.
  const bystander = await poll(app, pending.id, 'a-guessed-secret-that-is-not-the-devices-one-x')
  t.equal(bystander.statusCode, 404)
  t.equal(bystander.json().code, 'pairing_request_unknown')
  t.notMatch(bystander.body, /token/)

  const paired = await poll(app, pending.id, pending.secret)
  t.equal(paired.statusCode, 200)
  const answer = paired.json()
  t.equal(answer.status, 'paired')
  t.equal(answer.deviceId, device.id)
  t.equal(answer.kind, 'display')
  const who = await me(app, answer.token)
  t.equal(who.statusCode, 200, 'the token works')
  t.equal(who.json().device.name, 'Màn hình sảnh tầng 2 – Khu tiếp nhận hồ sơ đất đai', 'and names the display the administrator named')

  const again = await confirm(app, admin, pending.code, { name: 'Một màn hình khác' })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'pairing_code_used', 'a used code cannot be used again')
  t.equal(await deviceCount(app), before + 1, 'and the refusal creates nothing')
  t.equal((await lookup(app, admin, pending.code)).json().code, 'pairing_code_used')

  const row = (await auditRows(app, 'device.pair'))[0]
  t.equal(row?.targetId, device.id, 'the pairing is in the audit log')
  t.equal(row?.userId, admin.id)
})

t.test('pairing onto an existing record replaces its token; a kind that does not match is refused', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const display = await ask(app, 'display')

  const wrong = await confirm(app, admin, display.code, { deviceId: kiosk.id })
  t.equal(wrong.statusCode, 422)
  t.equal(wrong.json().code, 'pairing_kind_mismatch', 'a display cannot take over a kiosk record')
  t.equal((await me(app, kiosk.token)).statusCode, 200, 'the refusal changes nothing: the kiosk keeps its token')
  t.equal((await poll(app, display.id, display.secret)).json().status, 'pending', 'and the code can still be confirmed')

  const pending = await ask(app, 'kiosk')
  const done = await confirm(app, admin, pending.code, { deviceId: kiosk.id })
  t.equal(done.statusCode, 200)
  t.equal(done.json().device.id, kiosk.id)
  t.same(done.json().device.config, { printer: { kind: 'none' } }, 'the record keeps its settings')
  t.equal((await me(app, kiosk.token)).statusCode, 401, 'the old token stops working')
  const token = (await poll(app, pending.id, pending.secret)).json().token
  t.equal((await me(app, token)).json().device.id, kiosk.id, 'the new device is that kiosk')

  const ghost = await confirm(app, admin, display.code, { deviceId: 9999 })
  t.equal(ghost.statusCode, 404)
  t.equal(ghost.json().code, 'not_found')
})

t.test('codes expire after ten minutes by the server clock; a confirmed token waits for its device only so long', async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const first = await ask(app, 'display')
  clock.advance(9 * 60_000 + 59_000)
  t.equal((await poll(app, first.id, first.secret)).json().expiresInMs, 1_000, 'still valid a second before ten minutes')
  clock.advance(1_000)
  const late = await poll(app, first.id, first.secret)
  t.equal(late.statusCode, 410)
  t.equal(late.json().code, 'pairing_code_expired', 'the device hears that its code expired')
  const typed = await confirm(app, admin, first.code, { name: 'Màn hình' })
  t.equal(typed.statusCode, 410)
  t.equal(typed.json().code, 'pairing_code_expired', 'and the administrator too')

  const second = await ask(app, 'display')
  t.not(second.code, first.code, 'the device shows a new code')
  t.equal((await confirm(app, admin, second.code, { name: 'Màn hình' })).statusCode, 200)
  clock.advance(10 * 60_000)
  const uncollected = await poll(app, second.id, second.secret)
  t.equal(uncollected.statusCode, 404, 'a token not collected within ten minutes is dropped')
  t.equal(uncollected.json().code, 'pairing_request_unknown')
})

t.test('wrong codes are limited per administrator and address; a refused code changes nothing', async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const pending = await ask(app, 'kiosk')
  const wrongCode = pending.code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA'
  const unknown = await lookup(app, admin, wrongCode)
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'pairing_code_unknown')
  const malformed = await lookup(app, admin, 'O0I1L!')
  t.equal(malformed.statusCode, 400, 'characters that are never in a code are bad input')
  t.equal(malformed.json().code, 'pairing_code_malformed')
  t.equal((await lookup(app, admin, 'ACD')).json().code, 'pairing_code_malformed', 'so is a code too short')
  // Neither counted: nine more wrong codes make the ten.
  for (let i = 1; i < 10; i++) await lookup(app, admin, wrongCode)
  const before = await deviceCount(app)
  const stopped = await confirm(app, admin, pending.code, { name: 'Máy lấy số sảnh chính' })
  t.equal(stopped.statusCode, 429)
  t.equal(stopped.json().code, 'pairing_too_many_attempts', 'after ten wrong codes even the right one is refused')
  t.equal(await deviceCount(app), before, 'and nothing was created')
  const other = await login(app, 'admin')
  t.equal((await lookup(app, other, pending.code)).statusCode, 429, 'a new login from the same address is stopped too')

  clock.advance(10 * 60_000 - 1)
  t.equal((await lookup(app, admin, pending.code)).statusCode, 429, 'until the ten minutes are over')
  // The code expired meanwhile (ten minutes): the device asks for a new one and the administrator types it.
  clock.advance(1)
  const fresh = await ask(app, 'kiosk')
  const done = await confirm(app, admin, fresh.code, { name: 'Máy lấy số sảnh chính' })
  t.equal(done.statusCode, 200, 'afterwards the right code works')
})

t.test('bad input and the wrong people get clear refusals', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const manager = await login(app, 'lanhdao')
  const pending = await ask(app, 'display')

  const printer = await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'printer' } })
  t.equal(printer.statusCode, 400)
  t.equal(printer.json().code, 'bad_request')
  const noSecret = await app.inject({ method: 'POST', url: `/api/pairing/${pending.id}/poll`, payload: {} })
  t.equal(noSecret.json().code, 'bad_request')

  for (const body of [{}, { deviceId: 1, name: 'x' }, { name: '   ' }, { deviceId: 1, config: {} }]) {
    const res = await confirm(app, admin, pending.code, body)
    t.equal(res.statusCode, 400, `refused: ${JSON.stringify(body)}`)
    t.equal(res.json().code, 'bad_request')
  }
  const ghostCounter = await confirm(app, admin, pending.code, { name: 'Màn hình', config: { counterIds: [999] } })
  t.equal(ghostCounter.json().code, 'counter_not_found')
  t.equal((await confirm(app, admin, 'X'.repeat(30), { name: 'x' })).statusCode, 400, 'a code far too long is bad input')

  const asManager = await confirm(app, manager, pending.code, { name: 'Màn hình' })
  t.equal(asManager.statusCode, 403, 'a manager cannot pair devices')
  const anonymous = await app.inject({ method: 'POST', url: `/api/admin/pairing/${pending.code}/confirm`, payload: { name: 'Màn hình' } })
  t.equal(anonymous.statusCode, 401)
  t.equal((await poll(app, pending.id, pending.secret)).json().status, 'pending', 'none of this used the code')
})

t.test('asking for codes is rate-limited per address', async (t) => {
  const { app } = await build(t)
  const answers: number[] = []
  for (let i = 0; i < 11; i++) answers.push((await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'display' } })).statusCode)
  t.same(answers.slice(0, 10), Array(10).fill(201), 'ten codes a minute')
  t.equal(answers[10], 429, 'then the address waits')
})

t.test('at most 200 codes wait at once; more is refused with pairing_busy until some run out', async (t) => {
  const { app, clock } = await build(t)
  const statuses: number[] = []
  // Twenty addresses of ten requests each stay under the per-address limit (inject sends nothing over a network).
  for (let host = 2; host < 22; host++) {
    for (let i = 0; i < 10; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'display' }, remoteAddress: `127.0.0.${host}` })
      statuses.push(res.statusCode)
    }
  }
  t.equal(statuses.filter((s) => s === 201).length, 200, '200 pending codes')
  const busy = await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'display' }, remoteAddress: '127.0.0.30' })
  t.equal(busy.statusCode, 503)
  t.equal(busy.json().code, 'pairing_busy')
  clock.advance(10 * 60_000)
  const later = await app.inject({ method: 'POST', url: '/api/pairing', payload: { kind: 'display' }, remoteAddress: '127.0.0.30' })
  t.equal(later.statusCode, 201, 'once they expire, a device gets a code again')
})

t.test('the request is kept in the database: a code shown before a restart is confirmed after it, and the token arrives', async (t) => {
  const first = await build(t)
  const pending = await ask(first.app, 'display')
  await first.app.close()
  // Another server process on the same database would see what this restarted one sees.
  const { app } = await build(t, { sameDatabaseAs: first })
  t.equal((await poll(app, pending.id, pending.secret)).json().status, 'pending', 'the device carries on polling')
  const admin = await login(app, 'admin')
  t.equal((await lookup(app, admin, pending.code)).json().kind, 'display', 'the administrator finds the code')
  const done = await confirm(app, admin, pending.code, { name: 'Màn hình sảnh' })
  t.equal(done.statusCode, 200)
  const answer = (await poll(app, pending.id, pending.secret)).json()
  t.equal(answer.status, 'paired')
  t.equal((await me(app, answer.token)).json().device.id, done.json().device.id, 'and its token works')
})

t.test('the database holds neither the secret nor the token; the token is gone once collected', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const pending = await ask(app, 'kiosk')
  const row = async () => (await sqlRows(app, 'select * from pairing_requests where id = ?', [pending.id]))[0]!
  t.notMatch(JSON.stringify(await row()), pending.secret, 'the secret is not stored, only its hash')
  t.equal((await confirm(app, admin, pending.code, { name: 'Máy lấy số' })).statusCode, 200)
  const sealed = (await row()).sealed_token
  t.type(sealed, 'string', 'the confirmed token waits, sealed')

  const answer = (await poll(app, pending.id, pending.secret)).json()
  t.equal(answer.status, 'paired')
  t.notMatch(JSON.stringify(await row()), answer.token, 'the token was never stored readable')
  t.notMatch(String(sealed), answer.token)
  t.equal((await row()).sealed_token, null, 'and is removed once collected')
  const again = await poll(app, pending.id, pending.secret)
  t.equal(again.statusCode, 404, 'a second poll gets nothing')
  t.equal(again.json().code, 'pairing_request_unknown')
  t.equal((await lookup(app, admin, pending.code)).json().code, 'pairing_code_used', 'the code is still remembered as used')
})

t.test('two confirmations of one code make one device, whichever order they run in', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const pending = await ask(app, 'display')
  const before = await deviceCount(app)
  const answers = await Promise.all([confirm(app, admin, pending.code, { name: 'Màn hình A' }), confirm(app, admin, pending.code, { name: 'Màn hình B' })])
  t.same(answers.map((a) => a.statusCode).sort(), [200, 409], 'one is paired, the other hears the code was used')
  t.equal(await deviceCount(app), before + 1, 'one device record')

  // Both past the lookup before either runs (two processes, each with its own lookup): the
  // command itself refuses the second.
  const next = await ask(app, 'display')
  const request = await app.store.read((r) => r.pairings.get(next.id))
  if (!request) throw new Error('the request is not stored')
  const pairAs = (name: string) =>
    app.commands
      .run(
        pairDevice,
        { siteId: 1, actor: { type: 'staff', id: admin.id } },
        { pairing: { id: request.id, sealedToken: `sealed-for-${name}`, rememberMs: 60_000 }, tokenHash: hashToken(name), name },
      )
      .then(
        () => 'paired',
        (err: DomainError) => err.code,
      )
  t.same(await Promise.all([pairAs('Màn hình C'), pairAs('Màn hình D')]), ['paired', 'pairing_code_used'])
  t.equal(await deviceCount(app), before + 2, 'the refused one created nothing')
})

t.test('requests and guesses that are over are purged from the database', async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const count = async (table: string) => Number(await sqlValue(app, `select count(*) from ${table}`))
  for (let i = 0; i < 3; i++) await ask(app, 'display')
  await lookup(app, admin, 'AAAAAA')
  t.equal(await count('pairing_requests'), 3)
  t.ok((await count('pairing_guesses')) > 0, 'the wrong guess is counted')
  clock.advance(10 * 60_000 + 60 * 60_000)
  await ask(app, 'display')
  t.equal(await count('pairing_requests'), 1, 'expired requests are forgotten an hour after they expired')
  t.equal(await count('pairing_guesses'), 0, 'and windows of wrong guesses once they are over')
})
