/**
 * Views of queue objects as the server presents them to every client. Each is the static type of
 * its schema in shared/schemas.ts (where the fields are documented), so HTTP and sockets carry the
 * same fields; type-only imports, so front ends do not bundle TypeBox.
 */
import type { Static } from 'typebox'
import type {
  CallViewSchema,
  ClosedDaySchema,
  CounterViewSchema,
  DeviceConfigSchema,
  DeviceViewSchema,
  ErrorDetailsSchema,
  IssuedTicketSchema,
  OpeningHoursSchema,
  OpeningPeriodSchema,
  PrinterSettingSchema,
  PriorityGroupViewSchema,
  QueueSnapshotSchema,
  ServiceAvailabilitySchema,
  ServiceViewSchema,
  ServingCountersSchema,
  SiteViewSchema,
  TicketViewSchema,
  UserViewSchema,
} from './schemas.js'

/** An issuing window in local time, e.g. { from: '07:30', to: '11:15' }. */
export type OpeningPeriod = Static<typeof OpeningPeriodSchema>

/** Opening hours: which ISO weekdays (1 = Monday … 7 = Sunday) and the issuing periods on them. */
export type OpeningHours = Static<typeof OpeningHoursSchema>

export type ServiceView = Static<typeof ServiceViewSchema>

/** Whether a kiosk can issue for a service right now, and if not, why. */
export type ServiceAvailability = Static<typeof ServiceAvailabilitySchema>

export type PriorityGroupView = Static<typeof PriorityGroupViewSchema>

export type TicketView = Static<typeof TicketViewSchema>

export type CounterView = Static<typeof CounterViewSchema>

/** A day the centre does not open (a public holiday): no tickets are issued. */
export type ClosedDay = Static<typeof ClosedDaySchema>

export type SiteView = Static<typeof SiteViewSchema>

/** A recent call as a display shows it. */
export type CallView = Static<typeof CallViewSchema>

/**
 * Everything a screen needs to draw the queue of one site, as of `seq`.
 * Clients keep it current by applying events with `applyQueueEvent`.
 */
export type QueueSnapshot = Static<typeof QueueSnapshotSchema>

export type UserView = Static<typeof UserViewSchema>

export type DeviceView = Static<typeof DeviceViewSchema>

export type PrinterSetting = Static<typeof PrinterSettingSchema>

export type DeviceConfig = Static<typeof DeviceConfigSchema>

/** The ticket as a kiosk shows it just after issuing it. */
export type IssuedTicket = Static<typeof IssuedTicketSchema>

/**
 * The specifics of a refusal, beside its stable code, for screens to put in their own words:
 * "Số 1004 đã được quầy 1 gọi." comes from `{ ticket: '1004', status: 'called', counter: 1 }`.
 */
export type ErrorDetails = Static<typeof ErrorDetailsSchema>

/** The counters that can call a ticket: some open, only paused ones, or none open or paused. */
export type ServingCounters = Static<typeof ServingCountersSchema>
