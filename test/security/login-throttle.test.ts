/**
 * Guessing one account's password from many addresses: failures are counted per account, with a
 * back-off, and a stranger cannot lock a real user out for long.
 */
import t from 'tap'
import { PASSWORD, build } from '../helpers/build.js'

t.test('wrong passwords from twenty addresses slow down the account, not just each address', async (t) => {
  const { app, clock } = await build(t)
  const attempt = (password: string, i: number, username = 'canbo1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.0.0.${(i % 20) + 1}`, payload: { username, password } })
  const first = []
  for (let i = 0; i < 5; i++) first.push((await attempt(`guess-${i}`, i)).statusCode)
  t.same(first, [401, 401, 401, 401, 401], 'five guesses are answered')
  const sixth = await attempt('guess-5', 5)
  t.equal(sixth.statusCode, 429, 'the sixth guess, from yet another address, waits')
  t.equal(sixth.json().code, 'rate_limited')
  t.equal(sixth.headers['retry-after'], '30', 'and is told how long')
  t.equal((await attempt(PASSWORD, 6)).statusCode, 429, 'the right password waits too, or guessing would go on')
  t.equal((await attempt(PASSWORD, 7, 'canbo2')).statusCode, 200, 'another account is not affected')

  clock.advance(30_000)
  t.equal((await attempt('guess-6', 8)).statusCode, 401, 'after the wait, one more try')
  const again = await attempt('guess-7', 9)
  t.equal(again.headers['retry-after'], '60', 'and then the wait doubles')

  // A stranger keeps guessing for an hour: the lock never grows past five minutes.
  for (let i = 0; i < 40; i++) {
    clock.advance(90_000)
    await attempt(`guess-${10 + i}`, i)
  }
  const capped = Number((await attempt('guess-x', 1)).headers['retry-after'] ?? 0)
  t.ok(capped > 0 && capped <= 300, `the longest lock is five minutes (${capped} s)`)
  clock.advance(5 * 60_000)
  const real = await attempt(PASSWORD, 3)
  t.equal(real.statusCode, 200, 'the real user gets in once the lock ends')
  clock.advance(1000)
  t.equal((await attempt('guess-y', 4)).statusCode, 401, 'and a success clears the count')
})
