/** Schemas shared by routes: one schema gives both the runtime check and the TypeScript type. */
import { Type } from 'typebox'
import { ERROR_CODES, TICKET_STATUSES, COUNTER_STATUSES, CALL_STRATEGIES } from '../../../shared/constants.js'

export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 31 })
export const IdParams = Type.Object({ id: Id })
export const CounterTicketParams = Type.Object({ id: Id, ticketId: Id })

export const ErrorResponse = Type.Object({
  code: Type.Enum([...ERROR_CODES]),
  message: Type.String(),
  /** Specifics for screens to word the refusal themselves (shared/types.ts ErrorDetails). */
  details: Type.Optional(
    Type.Object({
      ticket: Type.Optional(Type.String()),
      status: Type.Optional(Type.Enum([...TICKET_STATUSES])),
      counter: Type.Optional(Type.Integer()),
      holder: Type.Optional(Type.String()),
    }),
  ),
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const TicketSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  serviceId: Type.Integer(),
  serviceDay: Type.String(),
  priorityGroupId: Nullable(Type.Integer()),
  status: Type.Enum([...TICKET_STATUSES]),
  issuedAt: Type.Number(),
  queuedAt: Type.Number(),
  calledAt: Nullable(Type.Number()),
  servingAt: Nullable(Type.Number()),
  finishedAt: Nullable(Type.Number()),
  counterId: Nullable(Type.Integer()),
  staffId: Nullable(Type.Integer()),
  recallCount: Type.Integer(),
  transferredFromId: Nullable(Type.Integer()),
  transferNote: Nullable(Type.String()),
  targetCounterId: Nullable(Type.Integer()),
})

export const CounterSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  status: Type.Enum([...COUNTER_STATUSES]),
  pauseReason: Nullable(Type.String()),
  strategy: Type.Enum([...CALL_STRATEGIES]),
  serviceIds: Type.Array(Type.Integer()),
  staffId: Nullable(Type.Integer()),
  staffName: Nullable(Type.String()),
  currentTicketId: Nullable(Type.Integer()),
  updatedAt: Type.Number(),
  priorityStreak: Type.Integer(),
})

/** For large views (snapshots, reports) whose shape is fixed by shared/types.ts. */
export const AnyObject = Type.Object({}, { additionalProperties: true })

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
