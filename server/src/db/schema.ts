/**
 * The database schema. Instants are UTC milliseconds; a service day is the local date
 * (YYYY-MM-DD) in the site's time zone. Migrations are generated from this file with
 * `npm run db:generate` and applied at start-up.
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'
import type { ClosedDay, DeviceConfig, OpeningHours } from '../../../shared/types.js'
import type { Language } from '../../../shared/constants.js'
import type { RatingReason } from '../../../shared/ratings.js'
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/lifecycle.js'

export const sites = sqliteTable('sites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  timeZone: text('time_zone').notNull().default('Asia/Ho_Chi_Minh'),
  logoUrl: text('logo_url'),
  ticketFooter: text('ticket_footer').notNull().default(''),
  displayNotice: text('display_notice').notNull().default(''),
  /** Anti-starvation: at most this many priority tickets in a row at one counter. */
  maxPriorityInRow: integer('max_priority_in_row').notNull().default(3),
  numberReading: text('number_reading', { enum: ['whole', 'digits'] })
    .notNull()
    .default('whole'),
  /** The last event sequence number handed out for this site. */
  eventSeq: integer('event_seq').notNull().default(0),
  /** The last service day that was closed. */
  lastClosedDay: text('last_closed_day'),
  /** Public holidays and other days without service, kept by the administrator (lunar dates move every year). */
  closedDays: text('closed_days', { mode: 'json' })
    .$type<ClosedDay[]>()
    .notNull()
    .default(sql`'[]'`),
  /** Short code the province knows the centre by (HCC, XA-DONGHOI); unique among non-empty codes. */
  code: text('code').notNull().default(''),
  address: text('address').notNull().default(''),
  /** The centre's opening hours: a service without its own hours issues within these. Null: always. */
  hours: text('hours', { mode: 'json' }).$type<OpeningHours | null>(),
  /** Languages the kiosk and the citizen's pages offer, the first being the default. */
  languages: text('languages', { mode: 'json' })
    .$type<Language[]>()
    .notNull()
    .default(sql`'["vi","en"]'`),
  /** A deactivated centre issues nothing and leaves the province's lists; its history stays. */
  /** After this many minutes set aside, a ticket comes back to its officer's attention (console). */
  asideAlertMinutes: integer('aside_alert_minutes').notNull().default(15),
  /** The satisfaction scale the centre offers: 5 levels (the default) or 4 (shared/ratings.ts). */
  ratingScale: integer('rating_scale').notNull().default(5),
  /** Reasons offered when a citizen is not satisfied, in the centre's order; null: the default list. */
  ratingReasons: text('rating_reasons', { mode: 'json' }).$type<RatingReason[] | null>(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Whether a counter must record what was done (an outcome per procedure) before finishing a visit. */
  outcomeRequired: integer('outcome_required', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
})

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    code: text('code').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull(),
    numbering: text('numbering', { enum: ['prefix', 'block'] })
      .notNull()
      .default('prefix'),
    prefix: text('prefix').notNull().default(''),
    blockStart: integer('block_start').notNull().default(1),
    blockEnd: integer('block_end').notNull().default(999),
    digits: integer('digits').notNull().default(3),
    dailyCap: integer('daily_cap'),
    hours: text('hours', { mode: 'json' }).$type<OpeningHours | null>(),
    targetWaitMinutes: integer('target_wait_minutes').notNull().default(15),
    /** Used for wait estimates until there is history for the day. */
    defaultServiceMinutes: integer('default_service_minutes').notNull().default(8),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('services_site_code').on(t.siteId, t.code)],
)

/**
 * Procedures (thủ tục hành chính) within a service (lĩnh vực): what a citizen picks at the kiosk after
 * the field, with the papers to bring. Optional: a field without procedures issues at once. The code is
 * the province's procedure code, unique within a centre (a CSV re-import updates by it).
 */
export const procedures = sqliteTable(
  'procedures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    code: text('code').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull().default(''),
    /** The papers to bring, one entry each, in order. */
    papers: text('papers', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('procedures_site_code').on(t.siteId, t.code), index('procedures_service').on(t.serviceId)],
)

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** The role at the home centre (`siteId`). */
  role: text('role', { enum: ['admin', 'manager', 'staff'] }).notNull(),
  /** A role over every centre of the province, beside the home one; null for a centre's own people. */
  provinceRole: text('province_role', { enum: ['admin', 'manager'] }),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
})

/** Rotation: a staff member also working at another centre, with their role there (one account, many centres). */
export const assignments = sqliteTable(
  'assignments',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    role: text('role', { enum: ['admin', 'manager', 'staff'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteId] }), index('assignments_site').on(t.siteId)],
)

export const counters = sqliteTable(
  'counters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['open', 'paused', 'closed'] })
      .notNull()
      .default('closed'),
    pauseReason: text('pause_reason'),
    strategy: text('strategy', { enum: ['service_order', 'longest_wait'] })
      .notNull()
      .default('service_order'),
    staffId: integer('staff_id').references(() => users.id),
    /** Priority tickets called in a row at this counter, for the anti-starvation rule. */
    priorityStreak: integer('priority_streak').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('counters_site_number').on(t.siteId, t.number)],
)

export const counterServices = sqliteTable(
  'counter_services',
  {
    counterId: integer('counter_id')
      .notNull()
      .references(() => counters.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.counterId, t.serviceId] })],
)

export const priorityGroups = sqliteTable('priority_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  code: text('code').notNull(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
})

export const devices = sqliteTable('devices', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  kind: text('kind', { enum: ['kiosk', 'display', 'rating'] }).notNull(),
  name: text('name').notNull(),
  /** SHA-256 of the device token; the token itself is shown once, at registration. */
  tokenHash: text('token_hash').notNull().unique(),
  config: text('config', { mode: 'json' }).$type<DeviceConfig>().notNull(),
  lastSeenAt: integer('last_seen_at'),
  printerStatus: text('printer_status'),
  printerError: text('printer_error'),
  revokedAt: integer('revoked_at'),
  createdAt: integer('created_at').notNull(),
})

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    serviceDay: text('service_day').notNull(),
    /** The number as printed and announced: A001 or 1023. Kept across transfers. */
    number: text('number').notNull(),
    /** The ordinal of the issue within the service and day (1, 2, …). */
    seqNo: integer('seq_no').notNull(),
    priorityGroupId: integer('priority_group_id').references(() => priorityGroups.id),
    /** One of the lifecycle table's statuses (shared/lifecycle.ts): a new status needs no edit here. */
    status: text('status', { enum: TICKET_STATUSES as [TicketStatus, ...TicketStatus[]] }).notNull(),
    issuedAt: integer('issued_at').notNull(),
    /** Place in the queue: the issue instant, or the instant a transfer arrived. */
    queuedAt: integer('queued_at').notNull(),
    calledAt: integer('called_at'),
    servingAt: integer('serving_at'),
    finishedAt: integer('finished_at'),
    counterId: integer('counter_id').references(() => counters.id),
    staffId: integer('staff_id').references(() => users.id),
    recallCount: integer('recall_count').notNull().default(0),
    transferredFromId: integer('transferred_from_id'),
    transferNote: text('transfer_note'),
    targetCounterId: integer('target_counter_id').references(() => counters.id),
    /** The procedure chosen at the kiosk, if the field has procedures. */
    procedureId: integer('procedure_id').references(() => procedures.id),
    deviceId: integer('device_id').references(() => devices.id),
    idempotencyKey: text('idempotency_key'),
    /** A secret for the citizen's tracking link, so numbers cannot be enumerated. */
    trackingCode: text('tracking_code').notNull(),
    /** Since when the ticket is set aside; null unless its status is `set_aside`. */
    asideAt: integer('aside_at'),
    /** Time set aside so far, in ms, over every time it was set aside: service time leaves it out. */
    asideMs: integer('aside_ms').notNull().default(0),
  },
  (t) => [
    index('tickets_queue').on(t.siteId, t.status, t.serviceId, t.queuedAt),
    // A day's tickets; reports also find each day's highest ticket id here in one seek, so checking a
    // year of cached report days does not read every ticket. The id is named, though SQLite's row id
    // ends every index anyway, so that PostgreSQL's index is the same (server/src/db/pg/schema.ts).
    index('tickets_day').on(t.siteId, t.serviceDay, t.id),
    index('tickets_counter').on(t.counterId, t.status),
    uniqueIndex('tickets_idempotency').on(t.deviceId, t.idempotencyKey),
    // Recent service times per service for wait estimates.
    index('tickets_service_finished').on(t.serviceId, t.status, t.finishedAt),
  ],
)

/** Last ordinal handed out per service and day: numbering never repeats, even after cancels. */
export const numberCounters = sqliteTable(
  'number_counters',
  {
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    serviceDay: text('service_day').notNull(),
    lastSeqNo: integer('last_seq_no').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.serviceDay] })],
)

/** Append-only log of every queue change, numbered per site. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    ticketId: integer('ticket_id'),
    counterId: integer('counter_id'),
    serviceId: integer('service_id'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorType: text('actor_type', { enum: ['staff', 'device', 'system'] }).notNull(),
    actorId: integer('actor_id'),
    at: integer('at').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex('events_site_seq').on(t.siteId, t.seq),
    index('events_ticket').on(t.ticketId),
    // Reports find the few returned no-shows of a date range without reading the whole log.
    index('events_site_type_at').on(t.siteId, t.type, t.at),
  ],
)

export const sessions = sqliteTable('sessions', {
  /** SHA-256 of the session cookie value. */
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  /** The centre this login works at now (a province role or a rotation can switch); null: the home centre. */
  siteId: integer('site_id').references(() => sites.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
})

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id').notNull(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_site_at').on(t.siteId, t.at)],
)

export const ratings = sqliteTable('ratings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  siteId: integer('site_id').notNull(),
  ticketId: integer('ticket_id')
    .notNull()
    .unique()
    .references(() => tickets.id),
  counterId: integer('counter_id').references(() => counters.id),
  staffId: integer('staff_id').references(() => users.id),
  /** The common five-level scale: 1 Rất không hài lòng … 5 Rất hài lòng (shared/ratings.ts). */
  score: integer('score').notNull(),
  /** The scale the citizen was offered (4 or 5 levels); ratings from before the five-level scale: 4. */
  scale: integer('scale').notNull().default(5),
  channel: text('channel', { enum: ['device', 'phone'] })
    .notNull()
    .default('phone'),
  /** Why the citizen was not satisfied: the reasons' Vietnamese texts as they were offered. */
  reasons: text('reasons', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  at: integer('at').notNull(),
})

/**
 * What a counter did in a visit, one row per procedure handled (a visit may cover several): a dossier
 * received or a result returned (with the case code of the province's one-stop system), guidance to
 * complete the dossier, a refusal (with its reason) or information only.
 */
export const visitOutcomes = sqliteTable(
  'visit_outcomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    procedureId: integer('procedure_id').references(() => procedures.id),
    outcome: text('outcome', { enum: ['received', 'returned', 'supplement', 'refused', 'information'] }).notNull(),
    caseCode: text('case_code'),
    reason: text('reason'),
    staffId: integer('staff_id').references(() => users.id),
    counterId: integer('counter_id').references(() => counters.id),
    at: integer('at').notNull(),
  },
  (t) => [index('visit_outcomes_ticket').on(t.ticketId), index('visit_outcomes_site_at').on(t.siteId, t.at)],
)

/**
 * Report facts of a finished service day: one packed record per ticket entry (see
 * server/src/reports/facts.ts). A cache of the tickets and events tables, never the truth: a row is
 * used only while the day's ticket count and highest ticket id still match, and rebuilt otherwise.
 */
export const reportDays = sqliteTable(
  'report_days',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceDay: text('service_day').notNull(),
    /** Layout of `facts`; a new layout makes old rows stale. */
    format: integer('format').notNull(),
    ticketCount: integer('ticket_count').notNull(),
    maxTicketId: integer('max_ticket_id').notNull(),
    facts: blob('facts', { mode: 'buffer' }).notNull(),
    builtAt: integer('built_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.serviceDay] })],
)

/**
 * A finished day's summary by field (reports/day-summary.ts) for the province's report, made from
 * that day's row of report_days (the same format and highest ticket id; building the facts again
 * deletes it). A table of its own, not a column beside the facts: a year of a hundred centres'
 * summaries is read at the first province report after a start, and a row beside its facts blob
 * made that read walk past every blob.
 */
export const reportSummaries = sqliteTable(
  'report_summaries',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceDay: text('service_day').notNull(),
    /** The format of the facts it was made from. */
    format: integer('format').notNull(),
    maxTicketId: integer('max_ticket_id').notNull(),
    /** What it was made with (its layout and the services' targets): another key makes it stale. */
    summaryKey: text('summary_key').notNull(),
    summary: blob('summary', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.serviceDay] })],
)

/**
 * Devices asking to be paired by a short code (server/src/auth/pairing.ts), kept here rather than in
 * one process's memory so that the code a TV shows through one server process can be confirmed
 * through another. A row outlives its use until `forget_at`, to answer "expired" or "used" rather
 * than "unknown"; then it is purged.
 */
export const pairingRequests = sqliteTable(
  'pairing_requests',
  {
    /** Random, URL-safe: the device polls with it (and its secret). */
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    /** The code while it can still be confirmed, null once confirmed or expired: unique among live requests. */
    liveCode: text('live_code'),
    kind: text('kind', { enum: ['kiosk', 'display', 'rating'] }).notNull(),
    /** SHA-256 of the secret only the device holds. */
    secretHash: text('secret_hash').notNull(),
    /** The X25519 public key derived from that secret: the token is sealed to it (auth/pairing-seal.ts). */
    sealKey: text('seal_key').notNull(),
    address: text('address').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    deviceId: integer('device_id'),
    deviceName: text('device_name'),
    /** The device's token, sealed so that only the holder of the secret can open it; removed once collected. */
    sealedToken: text('sealed_token'),
    /** When the row is purged. */
    forgetAt: integer('forget_at').notNull(),
  },
  (t) => [
    uniqueIndex('pairing_requests_live_code').on(t.liveCode),
    index('pairing_requests_code').on(t.code),
    index('pairing_requests_forget_at').on(t.forgetAt),
  ],
)

/** Wrong pairing codes typed per administrator (`user:<id>`) and per address (`ip:<address>`) in the current window. */
export const pairingGuesses = sqliteTable(
  'pairing_guesses',
  {
    who: text('who').primaryKey(),
    since: integer('since').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('pairing_guesses_since').on(t.since)],
)
