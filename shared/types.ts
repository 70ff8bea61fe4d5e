/**
 * Views of queue objects as the server presents them to every client. Each is the static type of
 * its schema in shared/schemas.ts (where the fields are documented), so HTTP and sockets carry the
 * same fields; type-only imports, so front ends do not bundle TypeBox.
 */
import type { Static } from 'typebox'
import type {
  AvailabilitySchema,
  CallViewSchema,
  ClosedDaySchema,
  CounterViewSchema,
  DeviceConfigSchema,
  DeviceSelfSchema,
  DeviceTokenSchema,
  DeviceViewSchema,
  ErrorDetailsSchema,
  HealthSchema,
  IssuedTicketSchema,
  OpeningHoursSchema,
  OpeningPeriodSchema,
  PairingLookupSchema,
  PairingOfferSchema,
  PairingPollSchema,
  PrinterSettingSchema,
  PriorityGroupViewSchema,
  ProcedureViewSchema,
  OutcomeViewSchema,
  QueueSnapshotSchema,
  ReprintResultSchema,
  ServiceAvailabilitySchema,
  ServiceViewSchema,
  ServingCountersSchema,
  SessionSchema,
  WorkplaceSchema,
  ProvinceUserViewSchema,
  SiteViewSchema,
  TicketViewSchema,
  TransferResultSchema,
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

export type ProcedureView = Static<typeof ProcedureViewSchema>

export type OutcomeView = Static<typeof OutcomeViewSchema>

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

// The other answers of the HTTP API, for screens that read them.

/** Kiosks' service list: each service's availability now. */
export type Availability = Static<typeof AvailabilitySchema>
/** A staff member's session: who they are, and the token every changing request must carry. */
export type Session = Static<typeof SessionSchema>
export type Workplace = Static<typeof WorkplaceSchema>
export type ProvinceUserView = Static<typeof ProvinceUserViewSchema>
/** A ticket moved to another service or counter: the entry that left and its new waiting entry. */
export type TransferResult = Static<typeof TransferResultSchema>
/** How a reprint on a kiosk's network printer ended. */
export type ReprintResult = Static<typeof ReprintResultSchema>
export type Health = Static<typeof HealthSchema>
/** A device asks who it is: its record and its site. */
export type DeviceSelf = Static<typeof DeviceSelfSchema>
/** A new device token, shown once. */
export type DeviceToken = Static<typeof DeviceTokenSchema>
/** An unpaired device's code to show, and the secret only it holds to poll with. */
export type PairingOffer = Static<typeof PairingOfferSchema>
/** The device's poll: still waiting for an administrator, or paired (and its token, once). */
export type PairingPoll = Static<typeof PairingPollSchema>
/** What kind of device shows a code, for the administrator confirming it. */
export type PairingLookup = Static<typeof PairingLookupSchema>
