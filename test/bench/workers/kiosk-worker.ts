/**
 * A load process holding the ticket kiosks. Each kiosk is a device with its own token and its own
 * small connection pool, issuing tickets with an idempotency key as the kiosk front end does.
 * Two ways to load: open-loop arrivals at given instants (citizens walk in whatever the server is
 * doing), and a closed-loop burst at a fixed concurrency (saturation).
 */
import { randomUUID } from 'node:crypto'
import { now, random, sleep } from '../lib/clock.js'
import { errorCode, HttpClient, type HttpResult } from '../lib/http.js'
import { serve } from '../lib/rpc.js'

interface Kiosk {
  token: string
  client: HttpClient
}
interface ServiceChoice {
  id: number
  weight: number
}

let kiosks: Kiosk[] = []
let services: ServiceChoice[] = []
let priorityGroupIds: number[] = []
let pick = random(1)

function chooseService(): number {
  const total = services.reduce((n, s) => n + s.weight, 0)
  let r = pick() * total
  for (const s of services) {
    r -= s.weight
    if (r <= 0) return s.id
  }
  return services[services.length - 1]?.id ?? 1
}

interface Outcome {
  latencies: number[]
  errors: Record<string, number>
  ok: number
}

function newOutcome(): Outcome {
  return { latencies: [], errors: {}, ok: 0 }
}

async function issueOne(kiosk: Kiosk, out: Outcome, serviceId = chooseService()): Promise<void> {
  // One citizen in twenty claims a priority group, as the kiosk's priority button allows.
  const priority = priorityGroupIds.length > 0 && pick() < 0.05 ? priorityGroupIds[Math.floor(pick() * priorityGroupIds.length)] : undefined
  let res: HttpResult
  try {
    res = await kiosk.client.request('POST', '/api/kiosk/tickets', {
      headers: { authorization: `Bearer ${kiosk.token}`, 'idempotency-key': randomUUID() },
      body: priority === undefined ? { serviceId } : { serviceId, priorityGroupId: priority },
    })
  } catch (err) {
    const code = err instanceof Error && err.message.startsWith('timeout') ? 'timeout' : 'network'
    out.errors[code] = (out.errors[code] ?? 0) + 1
    return
  }
  if (res.status === 201 || res.status === 200) {
    out.ok++
    out.latencies.push(res.ms)
  } else {
    const code = errorCode(res)
    out.errors[code] = (out.errors[code] ?? 0) + 1
  }
}

serve({
  /** `urls`: several server processes behind one database; kiosks take them in turn. */
  init(p: { url: string; urls?: string[]; tokens: string[]; services: ServiceChoice[]; priorityGroupIds: number[]; seed: number }) {
    for (const k of kiosks) k.client.close()
    const urls = p.urls ?? [p.url]
    kiosks = p.tokens.map((token, i) => ({ token, client: new HttpClient(urls[i % urls.length] as string, 6) }))
    services = p.services
    priorityGroupIds = p.priorityGroupIds
    pick = random(p.seed)
    return { kiosks: kiosks.length }
  },

  /** Open loop: one ticket at each offset (ms from now), kiosks in turn. */
  async arrivals(p: { offsetsMs: number[]; timeCapMs: number }) {
    const out = newOutcome()
    const start = now()
    const inFlight: Promise<void>[] = []
    for (let i = 0; i < p.offsetsMs.length; i++) {
      const due = start + (p.offsetsMs[i] as number)
      if (due - start > p.timeCapMs) break
      const wait = due - now()
      if (wait > 0) await sleep(wait)
      inFlight.push(issueOne(kiosks[i % kiosks.length] as Kiosk, out))
    }
    await Promise.race([Promise.all(inFlight), sleep(p.timeCapMs)])
    return { ...out, elapsedMs: now() - start }
  },

  /** Closed loop: `concurrency` requests always in flight until `count` tickets or the time cap. */
  async burst(p: { count: number; concurrency: number; timeCapMs: number; serviceId?: number }) {
    const out = newOutcome()
    const start = now()
    let started = 0
    const loop = async (lane: number) => {
      const kiosk = kiosks[lane % kiosks.length] as Kiosk
      while (started < p.count && now() - start < p.timeCapMs) {
        started++
        await issueOne(kiosk, out, p.serviceId)
      }
    }
    await Promise.all(Array.from({ length: p.concurrency }, (_, lane) => loop(lane)))
    return { ...out, elapsedMs: now() - start }
  },

  close() {
    for (const k of kiosks) k.client.close()
    kiosks = []
    return { ok: true }
  },
})
