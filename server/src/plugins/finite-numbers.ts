/**
 * Every number a request carries is finite. ajv coerces the strings of a path or query ("Infinity",
 * "1e999", "-1e400") to ±Infinity without its finiteness check, and then skips `minimum` and
 * `maximum` for a number that is not finite: the value reached the handler and the database, and
 * failed there with a 500. (A JSON body cannot carry it: its type check does test isFinite.)
 * This hook runs after validation and before any handler, and refuses such a value with a 400.
 */
import fp from 'fastify-plugin'
import { HttpError } from './errors.js'

function notFinite(values: unknown): string | null {
  if (!values || typeof values !== 'object') return null
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return key
    if (Array.isArray(value) && value.some((v) => typeof v === 'number' && !Number.isFinite(v))) return key
  }
  return null
}

export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      for (const [where, values] of [
        ['params', request.params],
        ['querystring', request.query],
      ] as const) {
        const key = notFinite(values)
        if (key !== null) throw new HttpError(400, 'bad_request', `${where}/${key} must be a finite number`)
      }
    })
  },
  { name: 'finite-numbers' },
)
