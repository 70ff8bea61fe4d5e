/**
 * The realtime contract between the server and every front end.
 * Broadcasts are past tense (`ticket:called`); requests answer through an acknowledgement.
 */
import type { Static } from 'typebox'
import type { ErrorCode } from './constants.js'
import type { TicketProgressSchema } from './schemas.js'
import type { CounterView, QueueSnapshot, TicketView } from './types.js'
import { EVENT_NAMES, type EventName } from './lifecycle.js'
import type { DisplaySnapshot, DisplayUpdate } from './display-stream.js'
import type { RatingReason, RatingScale } from './ratings.js'

export type Response<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string }

/** Every event names the site, its sequence number in that site, and the instant it happened. */
interface EventBase {
  siteId: number
  seq: number
  at: number
}

export interface TicketEvent extends EventBase {
  ticket: TicketView
  /** The counter whose state the change touched, as it is after the change. */
  counter?: CounterView
}

export interface TransferEvent extends EventBase {
  /** The ticket that left, now `transferred`. */
  from: TicketView
  /** Its new waiting entry, same number. */
  ticket: TicketView
  counter?: CounterView
}

export interface CounterEvent extends EventBase {
  counter: CounterView
}

export interface DayClosedEvent extends EventBase {
  serviceDay: string
  closedTicketIds: number[]
}

/** Configuration changed (services, counters, site): clients fetch a new snapshot. */
export interface SiteChangedEvent extends EventBase {
  what: string
}

export interface QueueEventMap {
  'ticket:issued': TicketEvent
  'ticket:called': TicketEvent
  'ticket:recalled': TicketEvent
  'ticket:serving': TicketEvent
  'ticket:finished': TicketEvent
  'ticket:set_aside': TicketEvent
  'ticket:resumed': TicketEvent
  'ticket:no_show': TicketEvent
  'ticket:returned': TicketEvent
  'ticket:cancelled': TicketEvent
  'ticket:transferred': TransferEvent
  'counter:updated': CounterEvent
  'day:closed': DayClosedEvent
  'site:changed': SiteChangedEvent
}
export type QueueEventName = keyof QueueEventMap
/**
 * Every queue event's name, from the lifecycle table's events (shared/lifecycle.ts). The table and
 * QueueEventMap must name the same events: a name missing on either side fails the typecheck here.
 */
export const QUEUE_EVENT_NAMES: readonly QueueEventName[] = EVENT_NAMES

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type MustBeTrue<T extends true> = T
/** Compile-time check only: the lifecycle's event names are exactly QueueEventMap's keys. */
export type QueueEventNamesMatchLifecycle = MustBeTrue<Same<EventName, QueueEventName>>

/** A queue event with its name, as the server publishes it after commit. */
export type QueueEvent = { [K in QueueEventName]: { name: K; payload: QueueEventMap[K] } }[QueueEventName]

export interface PrintResult {
  ticketId: number
  status: 'printed' | 'failed'
  error?: string
}

/** A device's printer state, for administrators. */
export interface DeviceStatusEvent {
  deviceId: number
  printerStatus: string | null
  printerError: string | null
  lastSeenAt: number | null
}

export type ServerToClientEvents = {
  [K in QueueEventName]: (payload: QueueEventMap[K]) => void
} & {
  /** Sent once after a connection is authenticated, and again when asked with `sync:request`. */
  'queue:snapshot': (snapshot: QueueSnapshot) => void
  /**
   * Events may have been lost on the server's side (its link to the other server processes was
   * down), with no gap to show it yet: ask for a fresh snapshot with `sync:request`, after a short
   * random delay so that a whole province of screens does not ask at the same instant.
   */
  'sync:hint': () => void
  'device:status': (status: DeviceStatusEvent) => void
  /** To a kiosk: how printing a ticket it issued ended, when that was not known at once. */
  'print:result': (result: PrintResult) => void
  /** To a citizen's phone following one ticket: what its page shows, on connect and on every change. */
  'ticket:progress': (progress: TicketProgress) => void
  /** To a waiting-room display, instead of the queue's snapshot and events: what its board shows (shared/display-stream.ts). */
  'display:snapshot': (snapshot: DisplaySnapshot) => void
  'display:changed': (update: DisplayUpdate) => void
  /** To a rating device, instead of the queue's snapshot and events: its counter as it shows it, on connect and on every change. */
  'rating:state': (state: RatingDeviceState) => void
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot, e.g. after seeing a gap in sequence numbers. */
  'sync:request': (ack: (res: Response<QueueSnapshot>) => void) => void
  /** A display's resync: a fresh snapshot of what it shows. */
  'display:sync': (ack: (res: Response<DisplaySnapshot>) => void) => void
}

/** How a client proves who it is when it connects. Staff use their session cookie instead. */
export interface HandshakeAuth {
  /** Kiosks and displays. */
  deviceToken?: string
  /** A citizen's phone following its ticket, with the secret code from the ticket's QR link. */
  follow?: { ticketId: number; code: string; lang?: 'vi' | 'en' }
}

/**
 * What a citizen's ticket page shows, in the page's language: the visit's own state and nothing
 * else (no staff, no notes, no other tickets). The same for the page's first render, its socket and
 * its fallback poll. Fields documented in shared/schemas.ts.
 */
export type TicketProgress = Static<typeof TicketProgressSchema>

/**
 * What a rating device on a counter's desk shows: the counter, its officer and the number being
 * served, and, once the counter finished a visit that is not rated yet, the question about it.
 * Nothing else about the queue (no other counters, no staff notes).
 */
export interface RatingDeviceState {
  /** Null until an administrator sets the device's counter. */
  counter: { id: number; number: number; name: string } | null
  /** The officer at the counter now (or who served the visit asked about). */
  staffName: string | null
  /** The number called or being served at the counter. */
  serving: { number: string; status: 'called' | 'serving' } | null
  /** The visit the counter finished last, not rated yet and recent: the device asks about it. */
  ask: { ticketId: number; number: string; staffName: string | null } | null
  scale: RatingScale
  reasons: RatingReason[]
  serverTime: number
}

/** Socket.IO rooms. One helper names them for the server, so no room name is typed twice. */
export const rooms = {
  /** A site's staff (and managers, administrators): every event, whole. */
  site: (id: number) => `site:${id}`,
  /** A site's kiosks: the same events without what is internal to staff (withoutNotes). */
  kiosks: (siteId: number) => `kiosks:${siteId}`,
  /** Every waiting-room display of a site: the display stream, not the queue's events. */
  displays: (siteId: number) => `displays:${siteId}`,
  /** The displays of a site that show only some counters… */
  displaysRestricted: (siteId: number) => `displays:${siteId}:some`,
  /** … and, among those, the ones that show this counter. */
  displaysOfCounter: (siteId: number, counterId: number) => `displays:${siteId}:counter:${counterId}`,
  display: (id: number) => `display:${id}`,
  device: (id: number) => `device:${id}`,
  user: (id: number) => `user:${id}`,
  admins: (siteId: number) => `admins:${siteId}`,
}
