/** Request logs carry no secrets: no tracking code of a ticket's link, no cookie, no device token. */
import t from 'tap'
import { Writable } from 'node:stream'
import type { IssuedTicket } from '../../shared/types.js'
import { loggerOptions, maskUrl } from '../../server/src/logging.js'
import { aDevice, build, issue, login, serviceId } from '../helpers/build.js'

t.test('a tracking link is logged without its code', async (t) => {
  t.equal(maskUrl('/t/12/Ab3dE-f_9/rating?lang=en'), '/t/12/***/rating?lang=en')
  t.equal(maskUrl('/t/12/Ab3dE'), '/t/12/***')
  t.equal(maskUrl('/api/queue/snapshot?x=/t/1/2'), '/api/queue/snapshot?x=/t/1/2', 'other paths are left alone')

  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  const { app } = await build(t, { logger: loggerOptions('info', stream) })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const staff = await login(app, 'canbo1')
  const ticket = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const path = new URL(ticket.trackingUrl).pathname
  const code = path.split('/')[3]!
  t.equal((await app.inject({ url: path })).statusCode, 200)
  await app.inject({ url: '/api/queue/snapshot', headers: staff.headers })

  const log = lines.join('\n')
  t.match(log, `"url":"/t/${ticket.ticket.id}/***"`, 'the page request is logged, masked')
  t.notMatch(log, code, 'the tracking code is nowhere in the log')
  t.notMatch(log, kiosk.token, 'nor the device token')
  t.notMatch(log, staff.cookie.split('=')[1]!, 'nor the session cookie')
  t.notMatch(log, staff.csrf, 'nor the CSRF token')
})
