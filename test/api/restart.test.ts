// SQLite only: a restart on the same SQLite file on disk (WAL, synchronous=FULL).
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aDevice, build, counterId, FakeClock, issue, login, serviceId } from '../helpers/build.js'
import { buildSnapshot } from '../../server/src/domain/snapshot.js'

t.test('a restarted server has exactly the state it had', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-restart-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'qms.sqlite')
  const clock = new FakeClock()

  const before = await build(t, { databasePath, clock })
  const app = before.app
  const kiosk = await aDevice(app, 'kiosk')
  const lan = await login(app, 'canbo1')
  const hoa = await login(app, 'canbo5')
  for (const code of ['DD', 'DD', 'KD', 'KD', 'HT']) await issue(app, kiosk, { serviceId: await serviceId(app, code) })
  const post = (staff: typeof lan, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })
  await post(lan, `/api/counters/${await counterId(app, 1)}/open`)
  const called = (await post(lan, `/api/counters/${await counterId(app, 1)}/call-next`)).json()
  await post(lan, `/api/counters/${await counterId(app, 1)}/tickets/${called.id}/start`)
  await post(hoa, `/api/counters/${await counterId(app, 5)}/open`)
  await post(hoa, `/api/counters/${await counterId(app, 5)}/pause`, { reason: 'Họp giao ban' })
  const snapshotBefore = await app.store.read((r) => buildSnapshot(r, 1, clock.now(), 'http://qms.test'))
  await app.close()

  const after = await build(t, { databasePath, clock })
  const snapshotAfter = await after.app.store.read((r) => buildSnapshot(r, 1, clock.now(), 'http://qms.test'))
  t.same(snapshotAfter, snapshotBefore, 'waiting queues, current calls, counter states and the sequence survive')
  t.equal(snapshotAfter.counters.find((c) => c.number === 1)?.currentTicketId, called.id)
  t.equal(snapshotAfter.counters.find((c) => c.number === 5)?.pauseReason, 'Họp giao ban')
  t.same(
    snapshotAfter.tickets.filter((x) => x.status === 'waiting').map((x) => x.number),
    ['1002', '4001', '4002', '2001'],
  )

  // Sessions survive too: the same staff member carries on without logging in again.
  const finished = await after.app.inject({
    method: 'POST',
    url: `/api/counters/${await counterId(after.app, 1)}/tickets/${called.id}/finish`,
    headers: lan.headers,
  })
  t.equal(finished.statusCode, 200)
  t.equal(finished.json().status, 'done')
  const next = await after.app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { ...kiosk.headers, 'idempotency-key': 'after-restart-1' },
    payload: { serviceId: await serviceId(after.app, 'DD') },
  })
  t.equal(next.json().ticket.number, '1003', 'numbering carries on where it was')
})
