/** Views of queue objects as the server presents them to every client. */
import type {
  CallStrategy,
  CounterStatus,
  DeviceKind,
  NumberingKind,
  NumberReading,
  Role,
  TicketStatus,
} from './constants.js'

/** An issuing window in local time, e.g. { from: '07:30', to: '11:15' }. */
export interface OpeningPeriod {
  from: string
  to: string
}

/** Opening hours: which ISO weekdays (1 = Monday … 7 = Sunday) and the issuing periods on them. */
export interface OpeningHours {
  days: number[]
  periods: OpeningPeriod[]
}

export interface ServiceView {
  id: number
  code: string
  nameVi: string
  nameEn: string
  numbering: NumberingKind
  prefix: string
  blockStart: number
  blockEnd: number
  digits: number
  dailyCap: number | null
  hours: OpeningHours | null
  targetWaitMinutes: number
  active: boolean
  sortOrder: number
}

/** Whether a kiosk can issue for a service right now, and if not, why. */
export interface ServiceAvailability {
  serviceId: number
  open: boolean
  /** Error code explaining why the service is closed: service_inactive, service_outside_hours, daily_cap_reached … */
  reason: string | null
  waiting: number
  /** Estimated wait for a ticket issued now, in minutes. */
  estimatedWaitMinutes: number
  /** Whether a counter is open to call a ticket issued now. */
  servingCounters: ServingCounters
  issuedToday: number
}

export interface PriorityGroupView {
  id: number
  code: string
  nameVi: string
  nameEn: string
  active: boolean
  sortOrder: number
}

export interface TicketView {
  id: number
  number: string
  serviceId: number
  serviceDay: string
  priorityGroupId: number | null
  status: TicketStatus
  issuedAt: number
  queuedAt: number
  calledAt: number | null
  servingAt: number | null
  finishedAt: number | null
  counterId: number | null
  staffId: number | null
  recallCount: number
  transferredFromId: number | null
  transferNote: string | null
  /** A transfer to a counter reserves the ticket for that counter. */
  targetCounterId: number | null
}

export interface CounterView {
  id: number
  number: number
  name: string
  status: CounterStatus
  pauseReason: string | null
  strategy: CallStrategy
  serviceIds: number[]
  staffId: number | null
  staffName: string | null
  /** The ticket called or being served at this counter, if any. */
  currentTicketId: number | null
  updatedAt: number
  /** Priority tickets called here in a row: the console shows who the next call takes (shared/call-order.ts). */
  priorityStreak: number
}

/** A day the centre does not open (a public holiday): no tickets are issued. */
export interface ClosedDay {
  /** Service day, YYYY-MM-DD. */
  day: string
  /** Why, as shown to staff: "Quốc khánh". */
  name: string
}

export interface SiteView {
  id: number
  name: string
  nameEn: string
  timeZone: string
  logoUrl: string | null
  ticketFooter: string
  displayNotice: string
  maxPriorityInRow: number
  numberReading: NumberReading
  /** Public holidays and other days the centre is closed, in date order. */
  closedDays: ClosedDay[]
  publicUrl: string
}

/** A recent call as a display shows it. */
export interface CallView {
  ticketId: number
  number: string
  counterId: number
  serviceId: number
  at: number
  recall: boolean
}

/**
 * Everything a screen needs to draw the queue of one site, as of `seq`.
 * Clients keep it current by applying events with `applyQueueEvent`.
 */
export interface QueueSnapshot {
  siteId: number
  seq: number
  serviceDay: string
  serverTime: number
  site: SiteView
  services: ServiceView[]
  priorityGroups: PriorityGroupView[]
  counters: CounterView[]
  /** Tickets waiting, called or being served today, in queue order. */
  tickets: TicketView[]
  recentCalls: CallView[]
}

export interface UserView {
  id: number
  username: string
  displayName: string
  role: Role
  active: boolean
  siteId: number
}

export interface DeviceView {
  id: number
  kind: DeviceKind
  name: string
  config: DeviceConfig
  lastSeenAt: number | null
  printerStatus: string | null
  printerError: string | null
  revoked: boolean
  createdAt: number
}

export type PrinterSetting =
  | { kind: 'none' }
  | { kind: 'browser'; paperWidth: 58 | 80 }
  | { kind: 'network'; url: string; paperWidth: 58 | 80 }

export interface DeviceConfig {
  /** Kiosks: where tickets are printed. */
  printer?: PrinterSetting
  /** Displays: counters shown (empty or absent: all). */
  counterIds?: number[]
  /** Displays: services whose waiting counts are shown (empty or absent: all). */
  serviceIds?: number[]
  /** Displays: announcement languages in order, e.g. ['vi'] or ['vi', 'en']. */
  languages?: ('vi' | 'en')[]
  theme?: 'dark' | 'light'
}

/** The ticket as a kiosk shows it just after issuing it. */
export interface IssuedTicket {
  ticket: TicketView
  serviceNameVi: string
  serviceNameEn: string
  waitingAhead: number
  estimatedWaitMinutes: number
  /** Whether a counter is open to call this ticket; the wait means nothing without one. */
  servingCounters: ServingCounters
  trackingUrl: string
  /** What happened to the paper ticket: printed, browser (print it in the page), failed, none. */
  print: { status: 'printed' | 'browser' | 'failed' | 'none' | 'pending'; error?: string }
}

/**
 * The specifics of a refusal, beside its stable code, for screens to put in their own words:
 * "Số 1004 đã được quầy 1 gọi." comes from `{ ticket: '1004', status: 'called', counter: 1 }`.
 */
export interface ErrorDetails {
  /** The number of the ticket refused. */
  ticket?: string
  /** That ticket's status now. */
  status?: TicketStatus
  /** The counter involved: the one holding the ticket, or the counter refused. */
  counter?: number
  /** Who holds that counter, for `counter_taken`. */
  holder?: string
}

/** The counters that can call a ticket: some open, only paused ones, or none open or paused. */
export type ServingCounters = 'open' | 'paused' | 'none'
