/**
 * "Infinity", "1e999" and friends in every path parameter, query and JSON body field that takes a
 * number: a 400 with a stable code, never a 500, and nothing changed.
 */
import t from 'tap'
import { login } from '../helpers/build.js'
import { changes, tablesDigest } from '../helpers/digest.js'
import { buildWithRoutes } from './route-inventory.js'

// Past ±2^53 too: 1e308 is finite, and PostgreSQL's bigint refused it with a 500 (the audit log's `to`).
const NOT_FINITE = ['Infinity', '-Infinity', '1e999', '-1e400', 'NaN', '1e308', '9007199254740993']

interface ObjectSchema {
  properties?: Record<string, { type?: unknown; anyOf?: { type?: unknown }[] }>
}

function numericFields(schema: unknown): string[] {
  const props = (schema as ObjectSchema | undefined)?.properties ?? {}
  const isNumeric = (s: { type?: unknown }) => [s.type].flat().some((x) => x === 'integer' || x === 'number')
  return Object.entries(props)
    .filter(([, s]) => isNumeric(s) || (s.anyOf ?? []).some(isNumeric))
    .map(([name]) => name)
}

t.test('no route takes a number that is not finite', async (t) => {
  const { app, routes } = await buildWithRoutes(t)
  const admin = await login(app, 'admin')
  const before = await tablesDigest(app)
  const failures: string[] = []
  let requests = 0
  for (const route of routes) {
    if (!route.url.startsWith('/api/') || (route.method === 'GET' && !route.url.includes(':') && numericFields(route.schema?.querystring).length === 0))
      continue
    const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!)
    const numericParams = new Set(numericFields(route.schema?.params))
    const bodyFields = numericFields(route.schema?.body)
    const queryFields = numericFields(route.schema?.querystring)
    for (const bad of NOT_FINITE) {
      const probes: { url: string; payload?: string }[] = []
      for (const p of paramNames) {
        if (!numericParams.has(p) && numericParams.size > 0) continue
        probes.push({ url: route.url.replace(/:(\w+)/g, (_m, name: string) => (name === p ? encodeURIComponent(bad) : '1')) })
      }
      const url = route.url.replace(/:(\w+)/g, '1')
      for (const q of queryFields) probes.push({ url: `${url}?${q}=${encodeURIComponent(bad)}` })
      // JSON has no Infinity or NaN literal, but 1e999 parses to Infinity; and a string in a body is
      // coerced to a number as in a query (`{"number":"1e999"}` once stored a counter without a number).
      if (/^-?1e\d+$/.test(bad)) for (const f of bodyFields) probes.push({ url, payload: `{"${f}":${bad}}` })
      for (const f of bodyFields) probes.push({ url, payload: `{"${f}":"${bad}"}` })
      for (const probe of probes) {
        requests++
        const res = await app.inject({
          method: route.method as 'POST',
          url: probe.url,
          headers: { ...admin.headers, ...(probe.payload ? { 'content-type': 'application/json' } : {}) },
          ...(probe.payload ? { payload: probe.payload } : route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        })
        if (res.statusCode >= 500 || (res.statusCode < 400 && res.statusCode !== 404)) {
          failures.push(`${route.method} ${probe.url} ${probe.payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 120)}`)
        }
      }
    }
  }
  t.ok(requests > 100, `${requests} requests with numbers that are not finite`)
  t.same(failures, [], 'every one refused, none answered 5xx or accepted')
  t.same(changes(before, await tablesDigest(app)), {}, 'and not one row changed')
})
