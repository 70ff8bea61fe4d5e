/**
 * PostgreSQL's failures as the store and the error handler see them. Drizzle wraps the driver's
 * error in a DrizzleQueryError (the driver's is its `cause`); connecting fails with the socket's
 * error (an AggregateError when the host has several addresses) or, past the pool's timeout, with
 * a bare message.
 */
import pg from 'pg'

/** The error, the errors it wraps (`cause`) and those it gathers (an AggregateError's `errors`). */
function chain(error: unknown): unknown[] {
  const seen: unknown[] = []
  const visit = (e: unknown) => {
    if (e === null || e === undefined || seen.includes(e) || seen.length > 10) return
    seen.push(e)
    visit((e as { cause?: unknown }).cause)
    if (e instanceof AggregateError) e.errors.forEach(visit)
  }
  visit(error)
  return seen
}

/** The SQLSTATE PostgreSQL failed with, wrapped or not. */
export function sqlState(error: unknown): string | undefined {
  for (const e of chain(error)) if (e instanceof pg.DatabaseError && e.code) return e.code
  return undefined
}

/**
 * Failures that pass, after which the client may try again (its transaction was rolled back):
 * connection exceptions (class 08), insufficient resources (53: disk full, out of memory, too
 * many connections), the server shutting down or starting (57P01–57P03), a lock not available
 * (55P03), and a serialization failure or deadlock (40001, 40P01) still there after the store's
 * own attempts.
 */
const TRANSIENT_STATE = /^(08...|53...|57P0[123]|55P03|40001|40P01)$/
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])
/** node-postgres says these in words only: the pool's connect timeout, a connection lost (mid-query or before). */
const TRANSIENT_MESSAGE = /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error)/

export function isTransientPgError(error: unknown): boolean {
  return chain(error).some((e) => {
    if (e instanceof pg.DatabaseError) return TRANSIENT_STATE.test(e.code ?? '')
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && TRANSIENT_SOCKET.has(code)) return true
    return e instanceof Error && TRANSIENT_MESSAGE.test(e.message)
  })
}
