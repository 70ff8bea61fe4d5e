import t from 'tap'
import { aDevice, aUser, baseUrl, build, serviceId, sqlRows, sqlValue, type Device } from '../helpers/build.js'
import { httpClient } from '../helpers/http.js'

const COUNTERS = 13
/**
 * Forty calls per counter, all competing: enough for every counter to race every other many times
 * on each dialect. The cluster test (ten thousand calls over two processes) and the crash cycles
 * (npm run reliability) carry the long runs.
 */
const TICKETS = 520
const KIOSKS = 3

t.test(`${COUNTERS} counters calling at once over separate connections never share or skip a ticket`, async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const services = [await serviceId(app, 'DD'), await serviceId(app, 'HT'), await serviceId(app, 'CT')]

  // Thirteen counters that all serve the same three services (each in its own order), so every call competes.
  const counterIds = await app.store.write(async (tx) => {
    const ids = (await tx.counters.all(1)).map((c) => c.id)
    for (let n = ids.length + 1; n <= COUNTERS; n++) {
      ids.push((await tx.counters.insert({ siteId: 1, number: n, name: `Quầy ${n}`, updatedAt: app.clock() })).id)
    }
    for (const id of ids) {
      const order = services.map((serviceId, position) => ({ serviceId, position: (position + id) % 3 }))
      await tx.counters.setServices(
        id,
        order.sort((a, b) => a.position - b.position).map((o) => o.serviceId),
      )
    }
    return ids
  })

  // Three kiosks issue concurrently over their own connections.
  const kiosks: { device: Device; http: ReturnType<typeof httpClient> }[] = []
  for (let k = 0; k < KIOSKS; k++) kiosks.push({ device: await aDevice(app, 'kiosk'), http: httpClient(url) })
  let issuedCount = 0
  const issuedNumbers: string[] = []
  await Promise.all(
    kiosks.map(async (kiosk, k) => {
      for (let i = k; i < TICKETS; i += KIOSKS) {
        const res = await kiosk.http.request('POST', '/api/kiosk/tickets', {
          headers: { ...kiosk.device.headers, 'idempotency-key': `kiosk-${k}-ticket-${i}` },
          body: { serviceId: services[i % 3] },
        })
        if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${JSON.stringify(res.body)}`)
        issuedCount++
        issuedNumbers.push(`${res.body.ticket.serviceId}:${res.body.ticket.number}`)
      }
    }),
  )
  t.equal(issuedCount, TICKETS)
  t.equal(new Set(issuedNumbers).size, TICKETS, 'no number was issued twice in a service')

  // Thirteen staff, each at a counter, call until the queues are empty.
  const staff = await Promise.all(counterIds.map((_, i) => aUser(app, 'staff', `quay${i + 1}`)))
  const handled = new Map<number, number[]>()
  const failures: string[] = []
  await Promise.all(
    counterIds.map(async (counterId, i) => {
      const me = staff[i]!
      const http = httpClient(url)
      const post = (path: string) => http.request('POST', path, { headers: me.headers })
      const opened = await post(`/api/counters/${counterId}/open`)
      if (opened.status !== 200) failures.push(`open ${counterId}: ${opened.status}`)
      const mine: number[] = []
      for (;;) {
        const called = await post(`/api/counters/${counterId}/call-next`)
        if (called.status === 409 && called.body.code === 'queue_empty') break
        if (called.status !== 200) {
          failures.push(`call ${counterId}: ${called.status} ${called.body?.code}`)
          break
        }
        const ticketId: number = called.body.id
        mine.push(ticketId)
        if (ticketId % 2 === 0) {
          const a = await post(`/api/counters/${counterId}/tickets/${ticketId}/no-show`)
          if (a.status !== 200) failures.push(`no-show ${ticketId}: ${a.status}`)
        } else {
          const s = await post(`/api/counters/${counterId}/tickets/${ticketId}/start`)
          const f = await post(`/api/counters/${counterId}/tickets/${ticketId}/finish`)
          if (s.status !== 200 || f.status !== 200) failures.push(`serve ${ticketId}: ${s.status}/${f.status}`)
        }
      }
      handled.set(counterId, mine)
      http.close()
    }),
  )
  for (const k of kiosks) k.http.close()
  t.same(failures, [], 'no request failed')

  const all = [...handled.values()].flat()
  t.equal(all.length, TICKETS, 'every ticket was called')
  t.equal(new Set(all).size, TICKETS, 'no ticket was called by two counters')
  t.ok([...handled.values()].filter((h) => h.length > 0).length >= COUNTERS - 1, 'the work was shared among the counters')

  const left = await sqlRows(app, "select number, status from tickets where status not in ('done', 'no_show')")
  t.same(left, [], 'every ticket ended done or absent')
  t.equal(await sqlValue(app, "select count(*) from events where type = 'ticket:called'"), TICKETS, 'one call event per ticket in the log')
  const seqs = await sqlRows<{ seq: number }>(app, 'select seq from events')
  t.equal(Math.max(...seqs.map((e) => e.seq)), seqs.length, 'the event sequence has no gaps')
})

t.test('concurrent retries with one idempotency key make one ticket', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk')
  const clients = Array.from({ length: 20 }, () => httpClient(url))
  const dd = await serviceId(app, 'DD')
  const results = await Promise.all(
    clients.map((c) =>
      c.request('POST', '/api/kiosk/tickets', {
        headers: { ...kiosk.headers, 'idempotency-key': 'same-key-after-timeout' },
        body: { serviceId: dd },
      }),
    ),
  )
  for (const c of clients) c.close()
  const ids = new Set(results.map((r) => r.body.ticket.id))
  t.equal(ids.size, 1, 'all twenty answers name the same ticket')
  t.same(results.map((r) => r.status).sort(), [...Array(19).fill(200), 201], 'one created, nineteen replayed')
  t.equal(await sqlValue(app, 'select count(*) from tickets'), 1)
})
