/**
 * A province runs several server processes behind a proxy, and a client's requests may reach any of
 * them: the login throttle and the rate limits count in their shared Redis, not per process. Two
 * app instances on one Redis stand for two processes (each has its own SQLite file here: what is
 * shared is the Redis). Without Redis, or with Redis down, nobody is turned away.
 */
import t from 'tap'
import { PASSWORD, aDevice, build, issue, serviceId } from '../helpers/build.js'
import { NO_REDIS_URL, SKIP_REDIS, aRedis, redisKeys } from '../helpers/redis.js'

const attempt = (app: Awaited<ReturnType<typeof build>>['app'], password: string, i: number, username = 'canbo1') =>
  app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.0.0.${(i % 20) + 1}`, payload: { username, password } })

t.test('five wrong passwords through one process lock the account in the other too', { skip: SKIP_REDIS }, async (t) => {
  const redis = await aRedis(t)
  const one = await build(t, { env: { REDIS_URL: redis } })
  const two = await build(t, { env: { REDIS_URL: redis } })
  const first = []
  for (let i = 0; i < 5; i++) first.push((await attempt(one.app, `guess-${i}`, i)).statusCode)
  t.same(first, [401, 401, 401, 401, 401], 'five guesses through the first process are answered')
  t.same(redisKeys(redis, 'hang-cho:login-failures:*'), ['hang-cho:login-failures:canbo1'], 'the count is in Redis')
  const sixth = await attempt(two.app, 'guess-5', 5)
  t.equal(sixth.statusCode, 429, 'the sixth, through the second process, waits')
  t.equal(sixth.json().code, 'rate_limited')
  t.equal(sixth.headers['retry-after'], '30')
  t.equal((await attempt(two.app, PASSWORD, 6)).statusCode, 429, 'the right password waits too')
  t.equal((await attempt(two.app, PASSWORD, 7, 'canbo2')).statusCode, 200, 'another account is not affected')

  // Both processes run on the app's clock (here two fake clocks at the same instant).
  one.clock.advance(30_000)
  two.clock.advance(30_000)
  t.equal((await attempt(two.app, PASSWORD, 8)).statusCode, 200, 'after the wait the real user gets in')
  t.same(redisKeys(redis, 'hang-cho:login-failures:*'), [], 'and the success clears the count for every process')
  t.equal((await attempt(one.app, 'guess-again', 9)).statusCode, 401, 'so the first process answers the next guess')
})

t.test('a kiosk issuing through two processes is limited once, not once per process', { skip: SKIP_REDIS }, async (t) => {
  const redis = await aRedis(t)
  const env = { REDIS_URL: redis, KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '5' }
  const one = await build(t, { env })
  const two = await build(t, { env })
  // The same kiosk (the same record in both databases: both are seeded alike).
  const kioskOnOne = await aDevice(one.app, 'kiosk', { printer: { kind: 'none' } })
  const kioskOnTwo = await aDevice(two.app, 'kiosk', { printer: { kind: 'none' } })
  t.equal(kioskOnOne.id, kioskOnTwo.id)
  const codes: number[] = []
  for (let i = 0; i < 3; i++) codes.push((await issue(one.app, kioskOnOne, { serviceId: await serviceId(one.app, 'DD') })).statusCode)
  for (let i = 0; i < 3; i++) codes.push((await issue(two.app, kioskOnTwo, { serviceId: await serviceId(two.app, 'DD') })).statusCode)
  t.same(codes, [201, 201, 201, 201, 201, 429], 'five a minute across both processes, then refused')
  const refused = await issue(one.app, kioskOnOne, { serviceId: await serviceId(one.app, 'DD') })
  t.equal(refused.statusCode, 429, 'by either process')
  t.equal(refused.json().code, 'rate_limited')
  t.ok(redisKeys(redis, 'hang-cho:rate-limit:*').length > 0, 'the count is in Redis')
})

t.test('with Redis down, nobody is locked out and guessing is still slowed', async (t) => {
  const started = Date.now()
  const { app } = await build(t, { env: { REDIS_URL: NO_REDIS_URL, KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '5' } })
  t.ok(Date.now() - started < 10_000, 'the server starts without waiting for Redis')
  t.equal((await attempt(app, PASSWORD, 1)).statusCode, 200, 'staff log in')
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  t.equal((await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).statusCode, 201, 'kiosks issue (the rate limit is skipped)')
  const guesses = []
  for (let i = 0; i < 6; i++) guesses.push((await attempt(app, `guess-${i}`, i, 'canbo2')).statusCode)
  t.same(guesses, [401, 401, 401, 401, 401, 429], 'the login throttle counts in this process meanwhile')
})
