/**
 * One error handler: refusals and bad input become 4xx with a stable `code`; anything else is
 * logged with the request and answered with a bare 500 that reveals no internals.
 */
import Database from 'better-sqlite3'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorCode } from '../../../shared/constants.js'
import type { ErrorDetails } from '../../../shared/types.js'
import { DomainError } from '../domain/errors.js'
import { isTransientPgError } from '../db/pg/errors.js'

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message)
  }
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  details?: ErrorDetails
}

function body(error: DomainError | HttpError): ErrorBody {
  return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message }
}

function fastifyCode(error: FastifyError): ErrorCode | null {
  const status = error.statusCode ?? 500
  if (status === 429) return 'rate_limited'
  if (status === 404) return 'not_found'
  if (status === 413 || status === 415 || (status >= 400 && status < 500)) return 'bad_request'
  return null
}

/**
 * Storage failures that pass. SQLite: the database is locked by another program past the busy
 * timeout, the disk is full, or the file cannot be written just now. PostgreSQL: the server cannot
 * be reached, is out of connections or space, is shutting down, or gave up on a lock or a
 * serialization (db/pg/errors.ts). The command was rolled back, so the client may retry (kiosks
 * do, with the same idempotency key): 503, not 500.
 */
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN)/

function isTransientStorageError(error: unknown): boolean {
  return (error instanceof Database.SqliteError && TRANSIENT_SQLITE.test(error.code)) || isTransientPgError(error)
}

/**
 * Fastify's router answers two bad URLs itself, before any hook and without the error handler: a
 * path that does not decode (`/api/tickets/%ED%A0%80`, a lone surrogate) with 400 and a path
 * parameter past its length limit with 414, both with Fastify's own code (FST_ERR_BAD_URL,
 * FST_ERR_MAX_PARAM_LENGTH), which no client knows. Given as the server's `frameworkErrors` option
 * (main.ts; a plugin cannot set it), they carry a stable code like every other refusal.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(error.statusCode ?? 400).send({ code: 'bad_request', message: error.message } satisfies ErrorBody)
}

export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | DomainError | HttpError, request, reply) => {
      if (error instanceof DomainError) {
        return reply.status(error.status).send(body(error))
      }
      if (error instanceof HttpError) {
        return reply.status(error.statusCode).send(body(error))
      }
      if ('validation' in error && error.validation) {
        return reply.status(400).send({ code: 'bad_request', message: error.message } satisfies ErrorBody)
      }
      if (isTransientStorageError(error)) {
        request.log.error({ err: error }, 'the database refused a request; the client may retry')
        return reply
          .status(503)
          .header('retry-after', '2')
          .send({ code: 'storage_unavailable', message: 'The database is busy or cannot be written just now; try again' } satisfies ErrorBody)
      }
      const code = fastifyCode(error as FastifyError)
      if (code) {
        return reply.status((error as FastifyError).statusCode ?? 400).send({ code, message: error.message } satisfies ErrorBody)
      }
      request.log.error({ err: error }, 'request failed')
      return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on the server' } satisfies ErrorBody)
    })
    app.setNotFoundHandler((request, reply) => {
      return reply.status(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url}` } satisfies ErrorBody)
    })
  },
  { name: 'errors' },
)
