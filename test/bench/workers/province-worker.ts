/**
 * A load process holding a province's counters and kiosks, many sites at once. Open loop: each
 * active counter calls at instants drawn in advance (Poisson, `meanIntervalMs` apart on average),
 * then starts and finishes the ticket at once (the citizen's time at the counter is the gap to the
 * next call); each active site's kiosks issue tickets at the rate its counters call. Records when
 * each call request started and which ticket it called, for call-to-display latency.
 */
import { randomUUID } from 'node:crypto'
import { now, random, sleep } from '../lib/clock.js'
import { errorCode, HttpClient, type HttpResult } from '../lib/http.js'
import { serve } from '../lib/rpc.js'

export interface ProvinceCounter {
  siteId: number
  counterId: number
  url: string
  cookie: string
  csrf: string
}
export interface ProvinceKiosk {
  siteId: number
  token: string
  url: string
}

let counters: (ProvinceCounter & { client: HttpClient })[] = []
let kiosks: (ProvinceKiosk & { client: HttpClient })[] = []
let servicesOf = new Map<number, number[]>()

async function post(client: HttpClient, path: string, headers: Record<string, string>, body?: unknown): Promise<HttpResult | string> {
  try {
    return await client.request('POST', path, { headers, body, timeoutMs: 20_000 })
  } catch (err) {
    return err instanceof Error && err.message.startsWith('timeout') ? 'timeout' : 'network'
  }
}

interface Tally {
  issued: number
  called: number
  started: number
  finished: number
  empty: number
  /** Calls that went out later than drawn because the counter's previous ticket was still in flight, and by how much at most (ms). */
  late: number
  maxLateMs: number
  errors: Record<string, number>
  calls: [ticketId: number, startedAt: number][]
  /** How long each successful call-next request took, request start to response (ms). */
  callMs: number[]
}

function newTally(): Tally {
  return { issued: 0, called: 0, started: 0, finished: 0, empty: 0, late: 0, maxLateMs: 0, errors: {}, calls: [], callMs: [] }
}

function fail(t: Tally, res: HttpResult | string, what: string): void {
  const code = typeof res === 'string' ? res : `${what}:${errorCode(res)}`
  t.errors[code] = (t.errors[code] ?? 0) + 1
}

async function issue(k: (typeof kiosks)[number], serviceId: number, t: Tally): Promise<void> {
  const res = await post(k.client, '/api/kiosk/tickets', { authorization: `Bearer ${k.token}`, 'idempotency-key': randomUUID() }, { serviceId })
  if (typeof res !== 'string' && (res.status === 201 || res.status === 200)) t.issued++
  else fail(t, res, 'issue')
}

serve({
  init(p: { counters: ProvinceCounter[]; kiosks: ProvinceKiosk[]; services: [number, number[]][] }) {
    for (const c of counters) c.client.close()
    for (const k of kiosks) k.client.close()
    // A counter PC is one browser; a kiosk keeps a couple of connections.
    counters = p.counters.map((c) => ({ ...c, client: new HttpClient(c.url, 1) }))
    kiosks = p.kiosks.map((k) => ({ ...k, client: new HttpClient(k.url, 2) }))
    servicesOf = new Map(p.services)
    return { counters: counters.length, kiosks: kiosks.length }
  },

  /** Tickets waiting at each of the given sites before a step starts, so the first calls find someone. */
  async prefill(p: { siteIds: number[]; perSite: number; timeCapMs: number }) {
    const t = newTally()
    const start = now()
    const jobs = p.siteIds.map(async (siteId) => {
      const mine = kiosks.filter((k) => k.siteId === siteId)
      const services = servicesOf.get(siteId) ?? []
      for (let i = 0; i < p.perSite && now() - start < p.timeCapMs; i++) {
        await issue(mine[i % mine.length] as (typeof kiosks)[number], services[i % services.length] as number, t)
      }
    })
    await Promise.all(jobs)
    return { issued: t.issued, errors: t.errors }
  },

  async run(p: { siteIds: number[]; meanIntervalMs: number; durationMs: number; seed: number }) {
    const t = newTally()
    const rnd = random(p.seed)
    const exp = (mean: number) => -Math.log(1 - rnd()) * mean
    const active = new Set(p.siteIds)
    const start = now()
    const end = start + p.durationMs
    const inFlight: Promise<void>[] = []

    const counterLoop = async (c: (typeof counters)[number]) => {
      const headers = { cookie: c.cookie, 'x-csrf-token': c.csrf }
      let due = start + exp(p.meanIntervalMs)
      while (due < end) {
        const wait = due - now()
        if (wait > 0) await sleep(wait)
        else if (wait < -50) {
          t.late++
          t.maxLateMs = Math.max(t.maxLateMs, -wait)
        }
        const res = await post(c.client, `/api/counters/${c.counterId}/call-next`, headers)
        if (typeof res !== 'string' && res.status === 200) {
          t.called++
          const id = (res.body as { id: number }).id
          t.calls.push([id, res.startedAt])
          t.callMs.push(res.ms)
          for (const action of ['start', 'finish'] as const) {
            const r = await post(c.client, `/api/counters/${c.counterId}/tickets/${id}/${action}`, headers)
            if (typeof r !== 'string' && r.status === 200) t[action === 'start' ? 'started' : 'finished']++
            else {
              fail(t, r, action)
              break
            }
          }
        } else if (typeof res !== 'string' && errorCode(res) === 'queue_empty') t.empty++
        else fail(t, res, 'call')
        due += exp(p.meanIntervalMs)
      }
    }

    // Arrivals: each site's citizens come at the rate its counters call (seven counters per site).
    const arrivalLoop = async (siteId: number, perSiteMeanMs: number) => {
      const mine = kiosks.filter((k) => k.siteId === siteId)
      const services = servicesOf.get(siteId) ?? []
      if (mine.length === 0 || services.length === 0) return
      let due = start + exp(perSiteMeanMs)
      let i = 0
      while (due < end) {
        const wait = due - now()
        if (wait > 0) await sleep(wait)
        // Open loop: citizens walk in whatever the server is doing; the request is not awaited here.
        inFlight.push(issue(mine[i % mine.length] as (typeof kiosks)[number], services[Math.floor(rnd() * services.length)] as number, t))
        i++
        due += exp(perSiteMeanMs)
      }
    }

    const mine = counters.filter((c) => active.has(c.siteId))
    const perSite = new Map<number, number>()
    for (const c of mine) perSite.set(c.siteId, (perSite.get(c.siteId) ?? 0) + 1)
    await Promise.all([...mine.map(counterLoop), ...[...perSite].map(([siteId, n]) => arrivalLoop(siteId, p.meanIntervalMs / n))])
    await Promise.race([Promise.all(inFlight), sleep(30_000)])
    return { ...t, elapsedMs: now() - start }
  },

  close() {
    for (const c of counters) c.client.close()
    for (const k of kiosks) k.client.close()
    counters = []
    kiosks = []
    return { ok: true }
  },
})
