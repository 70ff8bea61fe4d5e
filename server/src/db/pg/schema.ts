/**
 * The database schema on PostgreSQL, column for column the SQLite schema (../schema.ts): the same
 * table and column names, the same nullability and defaults, and rows of the same TypeScript shape,
 * so that one set of repository interfaces serves both. Drizzle has no schema shared across
 * dialects, so the two files live side by side; test/db/schema-drift.test.ts fails when they drift
 * (at compile time for the row types, at run time for names, nullability, defaults and indexes).
 * Migrations: `npm run db:generate` writes both dialects' (server/drizzle, server/drizzle-pg).
 *
 * Instants are UTC milliseconds (bigint, read as JavaScript numbers); ids are identity columns.
 */
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import type { ClosedDay, DeviceConfig, OpeningHours } from '../../../../shared/types.js'
import type { Language } from '../../../../shared/constants.js'
import type { RatingReason } from '../../../../shared/ratings.js'
import { TICKET_STATUSES, type TicketStatus } from '../../../../shared/lifecycle.js'

/** An instant in UTC milliseconds: beyond 32 bits, well within a double. */
const instant = (name: string) => bigint(name, { mode: 'number' })
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity()
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const sites = pgTable('sites', {
  id: id(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  timeZone: text('time_zone').notNull().default('Asia/Ho_Chi_Minh'),
  logoUrl: text('logo_url'),
  ticketFooter: text('ticket_footer').notNull().default(''),
  displayNotice: text('display_notice').notNull().default(''),
  maxPriorityInRow: integer('max_priority_in_row').notNull().default(3),
  numberReading: text('number_reading', { enum: ['whole', 'digits'] })
    .notNull()
    .default('whole'),
  eventSeq: integer('event_seq').notNull().default(0),
  lastClosedDay: text('last_closed_day'),
  closedDays: jsonb('closed_days')
    .$type<ClosedDay[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  code: text('code').notNull().default(''),
  address: text('address').notNull().default(''),
  hours: jsonb('hours').$type<OpeningHours | null>(),
  languages: jsonb('languages')
    .$type<Language[]>()
    .notNull()
    .default(sql`'["vi","en"]'::jsonb`),
  /** After this many minutes set aside, a ticket comes back to its officer's attention (console). */
  asideAlertMinutes: integer('aside_alert_minutes').notNull().default(15),
  /** The satisfaction scale the centre offers: 5 levels (the default) or 4 (shared/ratings.ts). */
  ratingScale: integer('rating_scale').notNull().default(5),
  /** Reasons offered when a citizen is not satisfied, in the centre's order; null: the default list. */
  ratingReasons: jsonb('rating_reasons').$type<RatingReason[] | null>(),
  active: boolean('active').notNull().default(true),
  outcomeRequired: boolean('outcome_required').notNull().default(false),
  createdAt: instant('created_at').notNull(),
})

export const services = pgTable(
  'services',
  {
    id: id(),
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
    hours: jsonb('hours').$type<OpeningHours | null>(),
    targetWaitMinutes: integer('target_wait_minutes').notNull().default(15),
    defaultServiceMinutes: integer('default_service_minutes').notNull().default(8),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('services_site_code').on(t.siteId, t.code)],
)

export const procedures = pgTable(
  'procedures',
  {
    id: id(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    code: text('code').notNull(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en').notNull().default(''),
    papers: jsonb('papers')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('procedures_site_code').on(t.siteId, t.code), index('procedures_service').on(t.serviceId)],
)

export const users = pgTable('users', {
  id: id(),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'manager', 'staff'] }).notNull(),
  provinceRole: text('province_role', { enum: ['admin', 'manager'] }),
  active: boolean('active').notNull().default(true),
  createdAt: instant('created_at').notNull(),
})

export const assignments = pgTable(
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

export const counters = pgTable(
  'counters',
  {
    id: id(),
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
    priorityStreak: integer('priority_streak').notNull().default(0),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('counters_site_number').on(t.siteId, t.number)],
)

export const counterServices = pgTable(
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

export const priorityGroups = pgTable('priority_groups', {
  id: id(),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  code: text('code').notNull(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
})

export const devices = pgTable('devices', {
  id: id(),
  siteId: integer('site_id')
    .notNull()
    .references(() => sites.id),
  kind: text('kind', { enum: ['kiosk', 'display', 'rating'] }).notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  config: jsonb('config').$type<DeviceConfig>().notNull(),
  lastSeenAt: instant('last_seen_at'),
  printerStatus: text('printer_status'),
  printerError: text('printer_error'),
  revokedAt: instant('revoked_at'),
  createdAt: instant('created_at').notNull(),
})

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    serviceDay: text('service_day').notNull(),
    number: text('number').notNull(),
    seqNo: integer('seq_no').notNull(),
    priorityGroupId: integer('priority_group_id').references(() => priorityGroups.id),
    status: text('status', { enum: TICKET_STATUSES as [TicketStatus, ...TicketStatus[]] }).notNull(),
    issuedAt: instant('issued_at').notNull(),
    queuedAt: instant('queued_at').notNull(),
    calledAt: instant('called_at'),
    servingAt: instant('serving_at'),
    finishedAt: instant('finished_at'),
    counterId: integer('counter_id').references(() => counters.id),
    staffId: integer('staff_id').references(() => users.id),
    recallCount: integer('recall_count').notNull().default(0),
    transferredFromId: integer('transferred_from_id'),
    transferNote: text('transfer_note'),
    targetCounterId: integer('target_counter_id').references(() => counters.id),
    procedureId: integer('procedure_id').references(() => procedures.id),
    deviceId: integer('device_id').references(() => devices.id),
    idempotencyKey: text('idempotency_key'),
    trackingCode: text('tracking_code').notNull(),
    /** Since when the ticket is set aside; null unless its status is `set_aside`. */
    asideAt: instant('aside_at'),
    /** Time set aside so far, in ms, over every time it was set aside: service time leaves it out. */
    asideMs: integer('aside_ms').notNull().default(0),
  },
  (t) => [
    index('tickets_queue').on(t.siteId, t.status, t.serviceId, t.queuedAt),
    // The id ends the index, as SQLite's rowid ends every index there: a day's highest ticket id (the
    // reports' check of a cached day) is one backward seek, not a scan of the primary key (96 ms a day).
    index('tickets_day').on(t.siteId, t.serviceDay, t.id),
    index('tickets_counter').on(t.counterId, t.status),
    uniqueIndex('tickets_idempotency').on(t.deviceId, t.idempotencyKey),
    index('tickets_service_finished').on(t.serviceId, t.status, t.finishedAt),
  ],
)

export const numberCounters = pgTable(
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

export const events = pgTable(
  'events',
  {
    id: id(),
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
    at: instant('at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('events_site_seq').on(t.siteId, t.seq), index('events_ticket').on(t.ticketId), index('events_site_type_at').on(t.siteId, t.type, t.at)],
)

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  siteId: integer('site_id').references(() => sites.id),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
})

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    siteId: integer('site_id').notNull(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: instant('at').notNull(),
  },
  (t) => [index('audit_site_at').on(t.siteId, t.at)],
)

export const ratings = pgTable('ratings', {
  id: id(),
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
  reasons: jsonb('reasons')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  at: instant('at').notNull(),
})

export const visitOutcomes = pgTable(
  'visit_outcomes',
  {
    id: id(),
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
    at: instant('at').notNull(),
  },
  (t) => [index('visit_outcomes_ticket').on(t.ticketId), index('visit_outcomes_site_at').on(t.siteId, t.at)],
)

export const reportDays = pgTable(
  'report_days',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    serviceDay: text('service_day').notNull(),
    format: integer('format').notNull(),
    ticketCount: integer('ticket_count').notNull(),
    maxTicketId: integer('max_ticket_id').notNull(),
    facts: bytea('facts').notNull(),
    builtAt: instant('built_at').notNull(),
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
export const reportSummaries = pgTable(
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
    summary: bytea('summary').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.serviceDay] })],
)

export const pairingRequests = pgTable(
  'pairing_requests',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    liveCode: text('live_code'),
    kind: text('kind', { enum: ['kiosk', 'display', 'rating'] }).notNull(),
    secretHash: text('secret_hash').notNull(),
    sealKey: text('seal_key').notNull(),
    address: text('address').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    confirmedAt: instant('confirmed_at'),
    deviceId: integer('device_id'),
    deviceName: text('device_name'),
    sealedToken: text('sealed_token'),
    forgetAt: instant('forget_at').notNull(),
  },
  (t) => [
    uniqueIndex('pairing_requests_live_code').on(t.liveCode),
    index('pairing_requests_code').on(t.code),
    index('pairing_requests_forget_at').on(t.forgetAt),
  ],
)

export const pairingGuesses = pgTable(
  'pairing_guesses',
  {
    who: text('who').primaryKey(),
    since: instant('since').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('pairing_guesses_since').on(t.since)],
)
