/**
 * What a centre publishes about itself, for anyone: its lobby TV, the province's portal, a citizen's
 * phone. Counts and shares only: no ticket numbers, no names of staff or citizens, no notes. The
 * response schema is what the server sends (fast-json-stringify drops anything else).
 */
import { Type, type Static } from 'typebox'

// Nullable as a type list, not a union (see shared/schemas.ts).
const NumOrNull = () => Type.Unsafe<number | null>({ type: ['number', 'null'] })
const StrOrNull = () => Type.Unsafe<string | null>({ type: ['string', 'null'] })

export const PublicPeriodSchema = Type.Object({ from: Type.String(), to: Type.String() })

export const PublicServiceSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  /** People holding a number for this service and not called yet. */
  waiting: Type.Integer(),
  /** Whether a number can be taken for it now; if not, why (a stable code: service_outside_hours …). */
  open: Type.Boolean(),
  closedReason: StrOrNull(),
  /** Estimated wait for a number taken now, in minutes. */
  estimatedWaitMinutes: Type.Number(),
  /** Today's issuing periods (local time), or null when the service keeps no hours of its own. */
  hoursToday: Type.Unsafe<Static<typeof PublicPeriodSchema>[] | null>({ type: ['array', 'null'], items: PublicPeriodSchema }),
})

export const PublicCentreSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  timeZone: Type.String(),
  /** The service day (YYYY-MM-DD, the centre's time zone) and when these figures were taken (ms). */
  serviceDay: Type.String(),
  updatedAt: Type.Integer(),
  /** The reason the centre is closed today (a public holiday), or null. */
  closedToday: StrOrNull(),
  waiting: Type.Integer(),
  services: Type.Array(PublicServiceSchema),
  today: Type.Object({
    issued: Type.Integer(),
    served: Type.Integer(),
    /** Mean wait from taking a number to being called, in minutes; null before anyone is called. */
    meanWaitMinutes: NumOrNull(),
  }),
  month: Type.Object({
    from: Type.String(),
    to: Type.String(),
    served: Type.Integer(),
    /** Share of citizens called within their service's target wait. */
    withinTargetShare: NumOrNull(),
    ratings: Type.Integer(),
    /** Share of ratings "Hài lòng" or better. */
    satisfiedShare: NumOrNull(),
  }),
})

export const PublicProvinceSchema = Type.Object({
  updatedAt: Type.Integer(),
  centres: Type.Array(PublicCentreSchema),
})

export type PublicService = Static<typeof PublicServiceSchema>
export type PublicCentre = Static<typeof PublicCentreSchema>
export type PublicProvince = Static<typeof PublicProvinceSchema>
