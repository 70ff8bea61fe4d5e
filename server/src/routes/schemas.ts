/**
 * Schemas shared by routes: one schema gives both the runtime check and the TypeScript type. The
 * answers' shapes are the views in shared/schemas.ts, the same the sockets carry: a response
 * schema is never an open object, since the serializer writes only the properties it declares.
 */
import { Type } from 'typebox'
import { ERROR_CODES } from '../../../shared/constants.js'
import { ErrorDetailsSchema } from '../../../shared/schemas.js'

export * from '../../../shared/schemas.js'

/** Ids are PostgreSQL `integer`s: 2^31 itself failed there with a 500 (found by test/reliability/fuzz.test.ts). */
export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })
export const IdParams = Type.Object({ id: Id })
export const CounterTicketParams = Type.Object({ id: Id, ticketId: Id })

export const ErrorResponse = Type.Object({
  code: Type.Enum([...ERROR_CODES]),
  message: Type.String(),
  /** Specifics for screens to word the refusal themselves (shared/types.ts ErrorDetails). */
  details: Type.Optional(ErrorDetailsSchema),
})

/** The 4xx answers a staff command can give. */
export const CommandErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
}

/** Where a ticket is transferred to (a service, a counter, or both), with a note for the next counter. */
export const TransferBody = Type.Object(
  {
    toServiceId: Type.Optional(Type.Union([Id, Type.Null()])),
    toCounterId: Type.Optional(Type.Union([Id, Type.Null()])),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
)
