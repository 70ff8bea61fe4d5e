/**
 * Sets up the system under test through its own admin API, as an administrator would: 13 counters
 * serving overlapping services, 13 staff, 3 kiosks and the displays, each with its own token.
 * Starts from the demo site (DEMO_DATA=true): services DD, HT, CT, KD, XD, TKQ, counters 1–6,
 * staff canbo1…canbo6, who share the administrator's password.
 */
import type { CounterLogin } from './workers/counter-worker.js'
import { HttpClient, type HttpResult } from './lib/http.js'

/** Counter number → service codes in the order it serves them; 1–6 are the demo's, 7–13 added. */
const EXTRA_COUNTERS: [number, string[]][] = [
  [7, ['HT', 'CT']],
  [8, ['CT', 'TKQ']],
  [9, ['DD', 'KD']],
  [10, ['KD', 'DD']],
  [11, ['TKQ', 'HT']],
  [12, ['HT', 'DD']],
  [13, ['CT', 'KD', 'TKQ']],
]
/** Share of arrivals per service, from the history generator's profiles; XD is closed most hours. */
const WEIGHTS: Record<string, number> = { DD: 0.2, HT: 0.2, CT: 0.25, KD: 0.09, TKQ: 0.16 }
/**
 * One service day of the bench issues far more than the demo's 999 numbers per service:
 * six-digit prefix numbering, as an administrator would set for a very large centre.
 */
const PREFIX: Record<string, string> = { DD: 'A', HT: 'B', CT: 'C', KD: 'D', TKQ: 'T' }

export interface SystemSetup {
  kioskTokens: string[]
  displayTokens: string[]
  counters: CounterLogin[]
  services: { id: number; weight: number }[]
  priorityGroupIds: number[]
  /** The service only counter 1 (index 0) serves first: sequential-call latency uses it. */
  soloServiceId: number
}

function must(res: HttpResult, what: string, ...ok: number[]): Record<string, unknown> {
  if (!ok.includes(res.status)) throw new Error(`setup: ${what} answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body as Record<string, unknown>
}

async function login(client: HttpClient, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await client.request('POST', '/api/auth/login', { body: { username, password } })
  const body = must(res, `login ${username}`, 200)
  const setCookie = res.headers['set-cookie']?.[0] ?? ''
  return { cookie: setCookie.split(';')[0] ?? '', csrf: String(body.csrfToken) }
}

export async function setupSystem(url: string, password: string, opts: { displays: number; kiosks: number }): Promise<SystemSetup> {
  const client = new HttpClient(url, 4)
  try {
    const admin = await login(client, 'admin', password)
    const as = { cookie: admin.cookie, 'x-csrf-token': admin.csrf }
    const req = (method: string, path: string, body?: unknown) => client.request(method, path, { headers: as, body })

    const services = must(await req('GET', '/api/admin/services'), 'list services', 200).services as { id: number; code: string }[]
    const serviceId = new Map(services.map((s) => [s.code, s.id]))
    for (const [code, prefix] of Object.entries(PREFIX)) {
      must(await req('PATCH', `/api/admin/services/${serviceId.get(code)}`, { numbering: 'prefix', prefix, digits: 6 }), `number ${code}`, 200)
    }

    for (const [number, codes] of EXTRA_COUNTERS) {
      const body = { number, name: `Quầy ${number}`, serviceIds: codes.map((c) => serviceId.get(c)) }
      must(await req('POST', '/api/admin/counters', body), `counter ${number}`, 201)
    }
    const counters = must(await req('GET', '/api/admin/counters'), 'list counters', 200).counters as { id: number; number: number }[]
    counters.sort((a, b) => a.number - b.number)

    for (let n = 7; n <= 13; n++) {
      const body = { username: `canbo${n}`, displayName: `Cán bộ ${n}`, role: 'staff', password }
      must(await req('POST', '/api/admin/users', body), `user canbo${n}`, 201)
    }
    const groups = must(await req('GET', '/api/admin/priority-groups'), 'priority groups', 200).groups as { id: number }[]

    const register = async (kind: string, i: number) =>
      String(must(await req('POST', '/api/admin/devices', { kind, name: `Bench ${kind} ${i}` }), `device ${kind} ${i}`, 201).token)
    const kioskTokens: string[] = []
    for (let i = 1; i <= opts.kiosks; i++) kioskTokens.push(await register('kiosk', i))
    const displayTokens: string[] = []
    for (let i = 1; i <= opts.displays; i++) displayTokens.push(await register('display', i))

    // Each staff member logs in and opens their counter, as at the start of a morning.
    const logins: CounterLogin[] = []
    for (const [i, counter] of counters.slice(0, 13).entries()) {
      const staff = await login(client, `canbo${i + 1}`, password)
      must(
        await client.request('POST', `/api/counters/${counter.id}/open`, { headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf } }),
        `open ${counter.number}`,
        200,
      )
      logins.push({ counterId: counter.id, ...staff })
    }

    return {
      kioskTokens,
      displayTokens,
      counters: logins,
      services: Object.entries(WEIGHTS).map(([code, weight]) => ({ id: serviceId.get(code) ?? 0, weight })),
      priorityGroupIds: groups.map((g) => g.id),
      soloServiceId: serviceId.get('DD') ?? 0,
    }
  } finally {
    client.close()
  }
}
