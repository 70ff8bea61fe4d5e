/**
 * Every number a request carries is finite, and its text is storable: no U+0000, no lone surrogate.
 *
 * Numbers: ajv coerces strings ("Infinity", "1e999", "-1e400") to
 * ±Infinity without its finiteness check, and then skips `minimum` and `maximum` for a number that
 * is not finite: the value reached the handler and the database. In a path or query that failed
 * there with a 500. In a JSON body it did worse: `{"number": "1e999"}` (a string, which the body's
 * coercion turns into a number too) created a counter whose number was stored as null, the request
 * failed after its commit, and every later read of the counters and the queue failed with it.
 *
 * Text: PostgreSQL's text cannot hold U+0000, nor its JSON a lone surrogate (`"x\udfff"`, which
 * JSON.parse lets through), while SQLite takes both: a name or a reason with either failed on
 * PostgreSQL with a 500 (the audit row's detail is JSON), and the same request was accepted on
 * SQLite. Neither is text anybody types.
 *
 * This hook runs after validation and before any handler, and refuses such a value with a 400,
 * wherever it sits in the params, the query or the body.
 */
import fp from 'fastify-plugin'
import { HttpError } from './errors.js'

/** U+0000, or half of a surrogate pair without the other half. */
// eslint-disable-next-line no-control-regex -- U+0000 is what it looks for
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Where the first number that is not finite or unstorable text sits (`serviceIds/2`), or null. Iterative: a body may nest deep. */
function unstorable(values: unknown): string | null {
  const stack: [string, unknown][] = [['', values]]
  while (stack.length > 0) {
    const [path, value] = stack.pop()!
    // Past 2^53 a number is no longer exact, and no field of ours means one (PostgreSQL's bigint ends near 9.2e18).
    if (typeof value === 'number' && !(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) return path
    if (typeof value === 'string' && UNSTORABLE_TEXT.test(value)) return path
    if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) stack.push([path ? `${path}/${key}` : key, v])
  }
  return null
}

export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      for (const [where, values] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        const key = unstorable(values)
        if (key !== null)
          throw new HttpError(400, 'bad_request', `${where}/${key} must be a finite number within ±2^53, or text without U+0000 and lone surrogates`)
      }
    })
  },
  { name: 'finite-numbers' },
)
