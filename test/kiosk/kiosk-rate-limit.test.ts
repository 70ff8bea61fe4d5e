/** One kiosk's token cannot use up a service's numbers: issuing is limited per kiosk, not per address. */
import t from 'tap'
import { aDevice, build, issue, serviceId, sqlValue } from '../helpers/build.js'

t.test('a kiosk issues what people at a touchscreen can take, and no more', async (t) => {
  const { app } = await build(t, { env: { KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '5' } })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const other = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  const codes: number[] = []
  for (let i = 0; i < 7; i++) codes.push((await issue(app, kiosk, { serviceId: land })).statusCode)
  t.same(codes, [201, 201, 201, 201, 201, 429, 429], 'five a minute, then refused')
  const refused = await issue(app, kiosk, { serviceId: land })
  t.equal(refused.json().code, 'rate_limited', 'with the stable code')
  t.ok(Number(refused.headers['retry-after']) > 0, 'and when to try again')
  t.equal((await issue(app, other, { serviceId: land })).statusCode, 201, 'the other kiosk, from the same address, still issues')
  const numbers = await sqlValue(app, 'select count(*) from tickets')
  t.equal(numbers, 6, 'no number was used by a refused request')
})
