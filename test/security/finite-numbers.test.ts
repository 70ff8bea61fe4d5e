/**
 * "Infinity", "1e999" and friends in every path parameter, query and JSON body field that takes a
 * number: a 400 with a stable code, never a 500, and nothing changed.
 */
import t from 'tap'
import { login, sqlRows, type Built } from '../helpers/build.js'
import { buildWithRoutes } from './route-inventory.js'

const NOT_FINITE = ['Infinity', '-Infinity', '1e999', '-1e400', 'NaN']

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

/** Every row of every table, sorted (PostgreSQL returns rows in no particular order). */
async function tablesDigest(app: Built['app']): Promise<Map<string, string[]>> {
  const tables = await sqlRows<{ name: string }>(
    app,
    app.database.kind === 'postgres'
      ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
  )
  const digest = new Map<string, string[]>()
  for (const { name } of tables) {
    const rows = await sqlRows(app, `select * from "${name}"`)
    digest.set(name, rows.map((r) => JSON.stringify(r)).sort())
  }
  return digest
}

/** The rows that differ, table by table: what a refused request must not have done. */
function changes(before: Map<string, string[]>, after: Map<string, string[]>): Record<string, { gone: string[]; new: string[] }> {
  const out: Record<string, { gone: string[]; new: string[] }> = {}
  for (const [table, rows] of after) {
    const was = new Set(before.get(table) ?? [])
    const now = new Set(rows)
    const gone = [...was].filter((r) => !now.has(r))
    const added = rows.filter((r) => !was.has(r))
    if (gone.length || added.length) out[table] = { gone: gone.slice(0, 5), new: added.slice(0, 5) }
  }
  return out
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
      // JSON has no Infinity or NaN literal, but 1e999 parses to Infinity.
      if (/^-?1e\d+$/.test(bad)) for (const f of bodyFields) probes.push({ url, payload: `{"${f}":${bad}}` })
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
