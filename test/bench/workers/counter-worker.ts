/**
 * A load process holding the counters. Each counter is a logged-in staff member (session cookie
 * and CSRF token) working through the queue: call next, serve for a while, start, finish, again.
 * Records when each call request started and which ticket it called, for call-to-display latency.
 */
import { now, random, sleep } from '../lib/clock.js'
import { errorCode, HttpClient, type HttpResult } from '../lib/http.js'
import { serve } from '../lib/rpc.js'

export interface CounterLogin {
  counterId: number
  /** Absent for the baseline, which has no auth. */
  cookie?: string
  csrf?: string
}
interface Counter extends CounterLogin {
  client: HttpClient
}

let counters: Counter[] = []
let arrivalsDone = false
let stopNow = false
let pick = random(2)

function headersOf(c: Counter): Record<string, string> {
  return c.cookie && c.csrf ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {}
}

async function post(c: Counter, path: string): Promise<HttpResult | string> {
  try {
    return await c.client.request('POST', path, { headers: headersOf(c) })
  } catch (err) {
    return err instanceof Error && err.message.startsWith('timeout') ? 'timeout' : 'network'
  }
}

function idOf(res: HttpResult): number {
  return (res.body as { id: number }).id
}

/** Start then finish: the ticket leaves the counter. Returns an error code or null. */
async function complete(c: Counter, ticketId: number): Promise<string | null> {
  for (const action of ['start', 'finish']) {
    const res = await post(c, `/api/counters/${c.counterId}/tickets/${ticketId}/${action}`)
    if (typeof res === 'string') return res
    if (res.status !== 200) return `${action}:${errorCode(res)}`
  }
  return null
}

serve({
  /** `urls`: several server processes behind one database; counters take them in turn. */
  init(p: { url: string; urls?: string[]; counters: CounterLogin[]; seed: number }) {
    for (const c of counters) c.client.close()
    const urls = p.urls ?? [p.url]
    // A counter PC is one browser: a few connections to the server.
    counters = p.counters.map((c, i) => ({ ...c, client: new HttpClient(urls[i % urls.length] as string, 2) }))
    pick = random(p.seed)
    return { counters: counters.length }
  },

  /**
   * Every counter works until the queue is empty after `arrivalsDone`, or `stop`, or the time cap.
   * `serviceMs` is how long a citizen stays at the counter, drawn uniformly from the range.
   */
  async work(p: { serviceMs: [number, number]; timeCapMs: number; drainOnly?: boolean; record?: boolean }) {
    arrivalsDone = p.drainOnly ?? false
    stopNow = false
    const start = now()
    const calls: [ticketId: number, startedAt: number][] = []
    const errors: Record<string, number> = {}
    const count = (code: string) => (errors[code] = (errors[code] ?? 0) + 1)
    let called = 0
    let finished = 0
    let lastDoneAt = start
    const loop = async (c: Counter) => {
      while (!stopNow && now() - start < p.timeCapMs) {
        const res = await post(c, `/api/counters/${c.counterId}/call-next`)
        if (typeof res === 'string') {
          count(res)
          await sleep(20)
          continue
        }
        if (res.status !== 200) {
          const code = errorCode(res)
          if (code !== 'queue_empty') count(code)
          if (code === 'queue_empty' && arrivalsDone) return
          // Staff with an empty queue look again a little later, they do not hammer the button.
          await sleep(code === 'queue_empty' ? 200 : 20)
          continue
        }
        called++
        const ticketId = idOf(res)
        if (p.record !== false) calls.push([ticketId, res.startedAt])
        const [lo, hi] = p.serviceMs
        if (hi > 0) await sleep(lo + pick() * (hi - lo))
        const failed = await complete(c, ticketId)
        if (failed) count(failed)
        else {
          finished++
          lastDoneAt = now()
        }
      }
    }
    await Promise.all(counters.map(loop))
    return { called, finished, calls, errors, elapsedMs: lastDoneAt - start, cappedOut: now() - start >= p.timeCapMs }
  },

  /** No more arrivals: each counter stops at its first empty queue. */
  arrivalsDone() {
    arrivalsDone = true
    return { ok: true }
  },

  stop() {
    stopNow = true
    return { ok: true }
  },

  /** One call at one counter, for latency with nothing else going on. `path` overrides the route. */
  async callOne(p: { index: number; path?: string }) {
    const c = counters[p.index] as Counter
    const res = await post(c, p.path ?? `/api/counters/${c.counterId}/call-next`)
    if (typeof res === 'string') return { error: res }
    if (res.status !== 200) return { error: errorCode(res) }
    return { ticketId: idOf(res), startedAt: res.startedAt, ms: res.ms }
  },

  async completeOne(p: { index: number; ticketId: number }) {
    const failed = await complete(counters[p.index] as Counter, p.ticketId)
    return { error: failed }
  },

  close() {
    for (const c of counters) c.client.close()
    counters = []
    return { ok: true }
  },
})
