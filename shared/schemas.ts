/**
 * Every shape that crosses HTTP or a socket, once, as a TypeBox schema. The TypeScript types in
 * shared/types.ts, shared/admin.ts, shared/reports.ts and shared/contract.ts are `Static<>` of
 * these, and the server's HTTP response schemas are these same objects: a field added here is
 * typed everywhere, sent on sockets and written by the HTTP serializer (fast-json-stringify writes
 * only the properties a response schema declares).
 *
 * Front ends import the types only (`import type`), so their bundles never carry TypeBox; only
 * the server imports this module's values.
 *
 * For the serializer's sake: a nullable number or string is one schema with two types
 * (`{ type: ['integer', 'null'] }`), not a union, because fast-json-stringify checks each union
 * branch with a validator on every value, and the snapshot has thousands of them.
 */
import { Type, type TSchema } from 'typebox'
import {
  CALL_STRATEGIES,
  COUNTER_STATUSES,
  DEVICE_KINDS,
  LANGUAGES,
  NUMBER_READINGS,
  NUMBERING_KINDS,
  OUTCOME_KINDS,
  PROVINCE_ROLES,
  ROLES,
  TICKET_STATUSES,
} from './constants.js'

type Primitive = 'integer' | 'number' | 'string' | 'boolean'
const nullable = <T>(type: Primitive) => Type.Unsafe<T | null>({ type: [type, 'null'] })
/** An integer, or null. */
const IntOrNull = () => nullable<number>('integer')
/** A number (milliseconds, shares, means), or null. */
const NumOrNull = () => nullable<number>('number')
const StrOrNull = () => nullable<string>('string')
/** An object, or null: a union, for the few places that have one (services' hours, deleted items). */
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
/**
 * One of some strings. Typed `string` as well as listed: the serializer then writes it as a string
 * straight away instead of inspecting an untyped value (a third faster on a long queue's snapshot).
 */
const StringEnum = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

export const TicketStatusSchema = StringEnum(TICKET_STATUSES)

// ---------------------------------------------------------------------------------------------
// shared/types.ts: the queue as every client sees it
// ---------------------------------------------------------------------------------------------

/** The counters that can call a ticket: some open, only paused ones, or none open or paused. */
export const ServingCountersSchema = StringEnum(['open', 'paused', 'none'])

/** An issuing window in local time, e.g. { from: '07:30', to: '11:15' }. */
export const OpeningPeriodSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
})

/** Opening hours: which ISO weekdays (1 = Monday … 7 = Sunday) and the issuing periods on them. */
export const OpeningHoursSchema = Type.Object({
  days: Type.Array(Type.Integer()),
  periods: Type.Array(OpeningPeriodSchema),
})

export const ServiceViewSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  numbering: StringEnum(NUMBERING_KINDS),
  prefix: Type.String(),
  blockStart: Type.Integer(),
  blockEnd: Type.Integer(),
  digits: Type.Integer(),
  dailyCap: IntOrNull(),
  hours: OrNull(OpeningHoursSchema),
  targetWaitMinutes: Type.Integer(),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
})

/** Whether a kiosk can issue for a service right now, and if not, why. */
export const ServiceAvailabilitySchema = Type.Object({
  serviceId: Type.Integer(),
  open: Type.Boolean(),
  /** Error code explaining why the service is closed: service_inactive, service_outside_hours, daily_cap_reached … */
  reason: StrOrNull(),
  waiting: Type.Integer(),
  /** Estimated wait for a ticket issued now, in minutes. */
  estimatedWaitMinutes: Type.Number(),
  /** Whether a counter is open to call a ticket issued now. */
  servingCounters: ServingCountersSchema,
  issuedToday: Type.Integer(),
})

export const PriorityGroupViewSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
})

export const TicketViewSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  serviceId: Type.Integer(),
  serviceDay: Type.String(),
  priorityGroupId: IntOrNull(),
  status: TicketStatusSchema,
  issuedAt: Type.Number(),
  queuedAt: Type.Number(),
  calledAt: NumOrNull(),
  servingAt: NumOrNull(),
  finishedAt: NumOrNull(),
  counterId: IntOrNull(),
  staffId: IntOrNull(),
  recallCount: Type.Integer(),
  transferredFromId: IntOrNull(),
  transferNote: StrOrNull(),
  /** A transfer to a counter reserves the ticket for that counter. */
  targetCounterId: IntOrNull(),
  /** Since when the ticket is set aside (null unless it is `set_aside`). */
  asideAt: NumOrNull(),
  /** Time spent set aside before now, in ms (service time leaves it out). */
  asideMs: Type.Integer(),
  /** The procedure (thủ tục) chosen at the kiosk, if any. */
  procedureId: IntOrNull(),
})

/** A procedure (thủ tục) within a service, with the papers to bring. */
export const ProcedureViewSchema = Type.Object({
  id: Type.Integer(),
  serviceId: Type.Integer(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  papers: Type.Array(Type.String()),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
})

/** What a counter recorded for one procedure of a visit. */
export const OutcomeViewSchema = Type.Object({
  procedureId: IntOrNull(),
  outcome: StringEnum(OUTCOME_KINDS),
  caseCode: StrOrNull(),
  reason: StrOrNull(),
})

export const CounterViewSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  status: StringEnum(COUNTER_STATUSES),
  pauseReason: StrOrNull(),
  strategy: StringEnum(CALL_STRATEGIES),
  serviceIds: Type.Array(Type.Integer()),
  staffId: IntOrNull(),
  staffName: StrOrNull(),
  /** The ticket called or being served at this counter, if any. */
  currentTicketId: IntOrNull(),
  updatedAt: Type.Number(),
  /** Priority tickets called here in a row: the console shows who the next call takes (shared/call-order.ts). */
  priorityStreak: Type.Integer(),
})

/** A day the centre does not open (a public holiday): no tickets are issued. */
export const ClosedDaySchema = Type.Object({
  /** Service day, YYYY-MM-DD. */
  day: Type.String(),
  /** Why, as shown to staff: "Quốc khánh". */
  name: Type.String(),
})

export const SiteViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  timeZone: Type.String(),
  logoUrl: StrOrNull(),
  ticketFooter: Type.String(),
  displayNotice: Type.String(),
  maxPriorityInRow: Type.Integer(),
  numberReading: StringEnum(NUMBER_READINGS),
  /** Public holidays and other days the centre is closed, in date order. */
  closedDays: Type.Array(ClosedDaySchema),
  publicUrl: Type.String(),
  /** The short code the province knows the centre by. */
  code: Type.String(),
  address: Type.String(),
  /** The centre's opening hours (a service without its own issues within them); null: no limit. */
  hours: OrNull(OpeningHoursSchema),
  /** Languages offered to citizens, the first being the default. */
  languages: Type.Array(StringEnum(LANGUAGES)),
  active: Type.Boolean(),
  /** After this many minutes set aside, a ticket comes back to its officer's attention. */
  asideAlertMinutes: Type.Integer(),
  /** Whether counters must record an outcome before finishing a visit. */
  outcomeRequired: Type.Boolean(),
  /** The satisfaction scale offered to citizens: 5 levels or 4 (shared/ratings.ts). */
  ratingScale: Type.Union([Type.Literal(5), Type.Literal(4)]),
  /** Reasons offered when a citizen is not satisfied, in order. */
  ratingReasons: Type.Array(Type.Object({ vi: Type.String(), en: Type.String() })),
})

/** A recent call as a display shows it. */
export const CallViewSchema = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String(),
  counterId: Type.Integer(),
  serviceId: Type.Integer(),
  at: Type.Number(),
  recall: Type.Boolean(),
})

/**
 * Everything a screen needs to draw the queue of one site, as of `seq`.
 * Clients keep it current by applying events with `applyQueueEvent`.
 */
export const QueueSnapshotSchema = Type.Object({
  siteId: Type.Integer(),
  seq: Type.Integer(),
  serviceDay: Type.String(),
  serverTime: Type.Number(),
  site: SiteViewSchema,
  services: Type.Array(ServiceViewSchema),
  priorityGroups: Type.Array(PriorityGroupViewSchema),
  /** The active procedures of every service, by service and order (a service may have none). */
  procedures: Type.Array(ProcedureViewSchema),
  counters: Type.Array(CounterViewSchema),
  /** Tickets waiting, called or being served today, in queue order. */
  tickets: Type.Array(TicketViewSchema),
  recentCalls: Type.Array(CallViewSchema),
})

export const UserViewSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(ROLES),
  active: Type.Boolean(),
  siteId: Type.Integer(),
})

/** An account as the province sees it: its home centre and role, its province role, and where else it works. */
export const ProvinceUserViewSchema = Type.Object({
  ...UserViewSchema.properties,
  provinceRole: OrNull(StringEnum(PROVINCE_ROLES)),
  assignments: Type.Array(Type.Object({ siteId: Type.Integer(), role: StringEnum(ROLES) })),
})

const PaperWidth = Type.Union([Type.Literal(58), Type.Literal(80)])
/** Where a kiosk prints: nowhere, in the browser's print dialog, or to an ESC/POS printer on the LAN. */
export const PrinterSettingSchema = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('browser'), paperWidth: PaperWidth }),
  Type.Object({ kind: Type.Literal('network'), url: Type.String(), paperWidth: PaperWidth }),
])

export const DeviceConfigSchema = Type.Object({
  /** Kiosks: where tickets are printed. */
  printer: Type.Optional(PrinterSettingSchema),
  /** Rating devices: the counter whose desk it sits on. */
  counterId: Type.Optional(Type.Integer()),
  /** Displays: counters shown (empty or absent: all). */
  counterIds: Type.Optional(Type.Array(Type.Integer())),
  /** Displays: services whose waiting counts are shown (empty or absent: all). */
  serviceIds: Type.Optional(Type.Array(Type.Integer())),
  /** Displays: announcement languages in order, e.g. ['vi'] or ['vi', 'en']. */
  languages: Type.Optional(Type.Array(StringEnum(['vi', 'en']))),
  theme: Type.Optional(StringEnum(['dark', 'light'])),
})

export const DeviceViewSchema = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(DEVICE_KINDS),
  name: Type.String(),
  config: DeviceConfigSchema,
  lastSeenAt: NumOrNull(),
  printerStatus: StrOrNull(),
  printerError: StrOrNull(),
  revoked: Type.Boolean(),
  createdAt: Type.Number(),
})

/** The ticket as a kiosk shows it just after issuing it. */
export const IssuedTicketSchema = Type.Object({
  ticket: TicketViewSchema,
  serviceNameVi: Type.String(),
  serviceNameEn: Type.String(),
  /** The procedure's names, empty when none was chosen. */
  procedureNameVi: Type.String(),
  procedureNameEn: Type.String(),
  waitingAhead: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  /** Whether a counter is open to call this ticket; the wait means nothing without one. */
  servingCounters: ServingCountersSchema,
  trackingUrl: Type.String(),
  /** What happened to the paper ticket: printed, browser (print it in the page), failed, none. */
  print: Type.Object({
    status: StringEnum(['printed', 'browser', 'failed', 'none', 'pending']),
    error: Type.Optional(Type.String()),
  }),
})

/**
 * The specifics of a refusal, beside its stable code, for screens to put in their own words:
 * "Số 1004 đã được quầy 1 gọi." comes from `{ ticket: '1004', status: 'called', counter: 1 }`.
 */
export const ErrorDetailsSchema = Type.Object({
  /** The number of the ticket refused. */
  ticket: Type.Optional(Type.String()),
  /** That ticket's status now. */
  status: Type.Optional(TicketStatusSchema),
  /** The counter involved: the one holding the ticket, or the counter refused. */
  counter: Type.Optional(Type.Integer()),
  /** Who holds that counter, for `counter_taken`. */
  holder: Type.Optional(Type.String()),
})

/** Kiosks' service list: each service's availability now. */
export const AvailabilitySchema = Type.Object({ services: Type.Array(ServiceAvailabilitySchema) })

/** A centre a staff member may work at, with their role there (the centre switcher's list). */
export const WorkplaceSchema = Type.Object({ siteId: Type.Integer(), name: Type.String(), code: Type.String(), role: StringEnum(ROLES) })

/**
 * A staff member's session: who they are at the centre they work at now (`user.siteId`, `user.role`),
 * the token every changing request must carry, their province role, and where else they may work.
 */
export const SessionSchema = Type.Object({
  user: UserViewSchema,
  csrfToken: Type.String(),
  homeSiteId: Type.Integer(),
  provinceRole: OrNull(StringEnum(PROVINCE_ROLES)),
  workplaces: Type.Array(WorkplaceSchema),
})

/** What closing the service day by hand closed. */
export const DayCloseResultSchema = Type.Object({ serviceDay: Type.String(), closedTicketIds: Type.Array(Type.Integer()) })

/** A ticket moved to another service or counter: the entry that left and its new waiting entry. */
export const TransferResultSchema = Type.Object({
  /** The ticket that left, now `transferred`. */
  from: TicketViewSchema,
  /** Its new waiting entry, same number. */
  ticket: TicketViewSchema,
})

/** Today's absent tickets, latest first. */
export const TicketListSchema = Type.Object({ tickets: Type.Array(TicketViewSchema) })

/** How a reprint on a kiosk's network printer ended. */
export const ReprintResultSchema = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String(),
  deviceId: Type.Integer(),
  kioskName: Type.String(),
  status: StringEnum(['printed', 'failed']),
  error: Type.Optional(Type.String()),
})

/** `GET /api/health`: is the server up and can it read its database. */
export const HealthSchema = Type.Object({
  /** `unavailable` (and status 503) only when the database is not `ok`: without it nothing works. */
  status: StringEnum(['ok', 'unavailable']),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  /** `unwritable`: its latest write failed (disk full, read-only, I/O error) and none has succeeded since. */
  database: StringEnum(['ok', 'unreadable', 'corrupt', 'unwritable']),
  /**
   * The link to the other server processes (REDIS_URL); `not_used` with one process. `unavailable`
   * does not make the server unhealthy: commands still commit and this process's screens stay live;
   * only screens connected to other processes miss updates until Redis is back, and then resync.
   * A reverse proxy must not take every process out of service for it.
   */
  redis: StringEnum(['ok', 'unavailable', 'not_used']),
  /** Sockets connected to this process (screens, counter consoles, phones). */
  connectedClients: Type.Integer(),
  /** The day of the newest daily copy of the database (YYYY-MM-DD), or null when there is none. */
  lastBackup: StrOrNull(),
})

// ---------------------------------------------------------------------------------------------
// Devices: what a device learns about itself, registration and pairing by code
// ---------------------------------------------------------------------------------------------

/** A device asks who it is: its record and its site (null if the site vanished). */
export const DeviceSelfSchema = Type.Object({ device: DeviceViewSchema, site: OrNull(SiteViewSchema) })

export const DeviceResultSchema = Type.Object({ device: DeviceViewSchema })

export const DeviceListSchema = Type.Object({ devices: Type.Array(DeviceViewSchema) })

/** A new token, shown once: only its hash is stored. */
export const DeviceTokenSchema = Type.Object({ device: DeviceViewSchema, token: Type.String(), setupUrl: Type.String() })

/** An unpaired device's code to show, and the secret only it holds to poll with. */
export const PairingOfferSchema = Type.Object({
  id: Type.String(),
  secret: Type.String(),
  code: Type.String(),
  expiresInMs: Type.Integer(),
  pollMs: Type.Integer(),
  /** The address the QR code beside the code leads an administrator to. */
  confirmUrl: Type.String(),
})

/** The device's poll: still waiting for an administrator, or paired (and its token, once). */
export const PairingPollSchema = Type.Union([
  Type.Object({ status: Type.Literal('pending'), code: Type.String(), expiresInMs: Type.Integer() }),
  Type.Object({ status: Type.Literal('paired'), token: Type.String(), deviceId: Type.Integer(), deviceName: Type.String(), kind: StringEnum(DEVICE_KINDS) }),
])

/** What kind of device shows a code, for the administrator confirming it. */
export const PairingLookupSchema = Type.Object({ code: Type.String(), kind: StringEnum(DEVICE_KINDS), expiresInMs: Type.Integer() })

// ---------------------------------------------------------------------------------------------
// shared/admin.ts: administration views
// ---------------------------------------------------------------------------------------------

/** A service as administrators edit it: the public view plus the estimate default. */
export const AdminServiceViewSchema = Type.Object({
  ...ServiceViewSchema.properties,
  defaultServiceMinutes: Type.Integer(),
})

/** Outcomes of one row of the outcomes report, by kind, with their total. */
export const OutcomeCountsSchema = Type.Object({
  received: Type.Integer(),
  returned: Type.Integer(),
  supplement: Type.Integer(),
  refused: Type.Integer(),
  information: Type.Integer(),
  total: Type.Integer(),
})

/** What counters recorded over a period: by service and procedure, and by staff member. */
export const OutcomeReportSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  byProcedure: Type.Array(
    Type.Object({
      serviceId: Type.Integer(),
      serviceName: Type.String(),
      /** Null: outcomes recorded without a procedure. */
      procedureId: IntOrNull(),
      procedureCode: Type.String(),
      procedureName: Type.String(),
      counts: OutcomeCountsSchema,
      /** Citizens' ratings of these visits (the ticket's procedure), and how many were satisfied (Hài lòng or better). */
      rating: Type.Object({ count: Type.Integer(), satisfied: Type.Integer() }),
    }),
  ),
  byStaff: Type.Array(Type.Object({ staffId: IntOrNull(), staffName: Type.String(), counts: OutcomeCountsSchema })),
  total: OutcomeCountsSchema,
})

/** Why a row of a procedure list (CSV) cannot be imported. */
export const PROCEDURE_IMPORT_ERRORS = [
  'field_unknown',
  'code_missing',
  'code_invalid',
  'code_repeated',
  'name_missing',
  'name_too_long',
  'papers_too_many',
  'paper_too_long',
] as const

/** One row of a procedure list as the import reads it, and what saving it would do. */
export const ProcedureImportRowSchema = Type.Object({
  line: Type.Integer(),
  fieldCode: Type.String(),
  serviceId: IntOrNull(),
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  papers: Type.Array(Type.String()),
  /** create, update (a procedure with this code exists), unchanged; null when the row has errors. */
  action: Type.Union([StringEnum(['create', 'update', 'unchanged']), Type.Null()]),
  errors: Type.Array(StringEnum(PROCEDURE_IMPORT_ERRORS)),
})

export const ProcedureImportResultSchema = Type.Object({
  rows: Type.Array(ProcedureImportRowSchema),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  /** Rows with errors: while there is one, nothing is saved. */
  invalid: Type.Integer(),
  /** Whether the rows were saved (a preview saves nothing). */
  saved: Type.Boolean(),
})

/** What `DELETE` did: removed, or kept but deactivated because tickets refer to it. */
export const DeleteResultSchema = <T extends TSchema>(item: T) => Type.Object({ deleted: Type.Boolean(), item: OrNull(item) })

export const AuditEntryViewSchema = Type.Object({
  id: Type.Integer(),
  at: Type.Number(),
  userId: IntOrNull(),
  username: StrOrNull(),
  displayName: StrOrNull(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: IntOrNull(),
  /** What changed, as the command recorded it: free-form, written as it is. */
  detail: Type.Unsafe<Record<string, unknown> | null>({}),
})

/** The site's objects by id, for the audit log's sentences. */
export const AuditNamesSchema = Type.Object({
  site: Type.String(),
  services: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() })),
  counters: Type.Array(Type.Object({ id: Type.Integer(), number: Type.Integer(), name: Type.String() })),
  users: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
  priorityGroups: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() })),
  devices: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
})

export const AuditPageSchema = Type.Object({
  entries: Type.Array(AuditEntryViewSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  /** Names of what the entries refer to by id, so the log reads in words, not ids. */
  names: Type.Optional(AuditNamesSchema),
})

// ---------------------------------------------------------------------------------------------
// shared/reports.ts: wait-time reports (durations in milliseconds)
// ---------------------------------------------------------------------------------------------

export const DurationStatsSchema = Type.Object({
  /** How many entries the figure is taken over. */
  count: Type.Integer(),
  mean: NumOrNull(),
  median: NumOrNull(),
  /** 90th percentile, interpolated like Excel's PERCENTILE.INC. */
  p90: NumOrNull(),
  max: NumOrNull(),
})

const reportFigures = {
  /** Visits issued: transfers are not counted again. */
  issued: Type.Integer(),
  /** Entries finished as done. */
  served: Type.Integer(),
  /** Entries that ended absent (a no-show who came back and was served counts as served). */
  noShow: Type.Integer(),
  cancelled: Type.Integer(),
  /** Entries moved to another service or counter. */
  transferred: Type.Integer(),
  /** Entries still open when the day was closed. */
  closed: Type.Integer(),
  /** Entries still waiting, called or being served (today only). */
  open: Type.Integer(),
  /** Entries that were absent once and came back. */
  returned: Type.Integer(),
  /** Repeated announcements. */
  recalls: Type.Integer(),
  /** Entry → first call. */
  wait: DurationStatsSchema,
  /** Start of service → finish, entries served only. */
  service: DurationStatsSchema,
  /** Called within their service's target wait, out of all called entries. */
  withinTarget: Type.Object({ count: Type.Integer(), of: Type.Integer(), share: NumOrNull() }),
  /**
   * Citizens' satisfaction ratings of served entries, on the five-level scale (1 Rất không hài lòng …
   * 5 Rất hài lòng, shared/ratings.ts): how many, their mean, the share rated Hài lòng or Rất hài
   * lòng over all, how many at each level (`levels[0]` is level 1), and by channel.
   */
  rating: Type.Object({
    count: Type.Integer(),
    mean: NumOrNull(),
    satisfiedShare: NumOrNull(),
    levels: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
    /** From the rating device on the counter's desk. */
    device: Type.Object({ count: Type.Integer(), satisfiedShare: NumOrNull() }),
    /** From the citizen's phone (the ticket's QR page). */
    phone: Type.Object({ count: Type.Integer(), satisfiedShare: NumOrNull() }),
  }),
}

export const ReportFiguresSchema = Type.Object(reportFigures)

export const ReportRowSchema = Type.Object({
  /** Service, counter, staff or priority group id (null: none), hour 0–23 or ISO weekday 1–7. */
  key: IntOrNull(),
  ...reportFigures,
})

export const ReportDaySchema = Type.Object({ day: Type.String(), ...reportFigures })

export const HeatmapCellSchema = Type.Object({
  /** ISO weekday, 1 = Monday. */
  weekday: Type.Integer(),
  hour: Type.Integer(),
  arrivals: Type.Integer(),
  /** Average arrivals in that hour on one open day of that weekday. */
  perDay: Type.Number(),
})

export const ReportLookupsSchema = Type.Object({
  services: Type.Array(
    Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String(), targetWaitMinutes: Type.Integer() }),
  ),
  counters: Type.Array(Type.Object({ id: Type.Integer(), number: Type.Integer(), name: Type.String() })),
  staff: Type.Array(Type.Object({ id: Type.Integer(), displayName: Type.String(), username: Type.String() })),
  priorityGroups: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), nameVi: Type.String(), nameEn: Type.String() })),
})

const reportBreakdowns = {
  totals: ReportFiguresSchema,
  byService: Type.Array(ReportRowSchema),
  byCounter: Type.Array(ReportRowSchema),
  byStaff: Type.Array(ReportRowSchema),
  byPriorityGroup: Type.Array(ReportRowSchema),
  byHour: Type.Array(ReportRowSchema),
  byWeekday: Type.Array(ReportRowSchema),
  daily: Type.Array(ReportDaySchema),
  heatmap: Type.Array(HeatmapCellSchema),
}

/** Every figure of a report: the totals and each breakdown. */
export const ReportBreakdownsSchema = Type.Object(reportBreakdowns)

// In the order the report is built, so the JSON reads as it always did.
/**
 * One officer's day (server/src/reports/staff-figures.ts defines each figure). Durations in ms; a
 * mean is null when nothing was measured.
 */
export const StaffDaySchema = Type.Object({
  day: Type.String(),
  staffId: Type.Integer(),
  /** Entries the officer finished as served. */
  served: Type.Integer(),
  /** Mean start → finish of those, without the time they were set aside. */
  serviceMean: NumOrNull(),
  /** Mean call → start of service: how long citizens took to come to the counter. */
  callToStartMean: NumOrNull(),
  /** Time the officer's counter was open (open and not paused). */
  openMs: Type.Number(),
  /** Open time without a ticket called or being served; null when no opening of the counter is logged that day. */
  idleMs: NumOrNull(),
  /** Time the officer's tickets spent set aside (finished stretches). */
  asideMs: Type.Number(),
  /** Tickets set aside at least once. */
  asideTickets: Type.Integer(),
  /** Visits by outcome (dossier received, result returned, …): filled by the outcomes of the procedures branch. */
  outcomes: Type.Array(Type.Object({ outcome: Type.String(), count: Type.Integer() })),
})

export const ReportSummarySchema = Type.Object({
  query: Type.Object({
    from: Type.String(),
    to: Type.String(),
    serviceId: IntOrNull(),
    counterId: IntOrNull(),
    staffId: IntOrNull(),
    priorityGroupId: IntOrNull(),
  }),
  timeZone: Type.String(),
  /** The centre's name (Vietnamese), for the printed header and the workbook's title row. */
  siteName: Type.String(),
  /** Calendar days in the range, and those with at least one ticket. */
  days: Type.Integer(),
  openDays: Type.Integer(),
  ...reportBreakdowns,
  /** Per officer and day, by day then officer (in the order of `lookups.staff`). */
  staffDays: Type.Array(StaffDaySchema),
  lookups: ReportLookupsSchema,
})

// ---------------------------------------------------------------------------------------------
// shared/contract.ts: the citizen's ticket page
// ---------------------------------------------------------------------------------------------

/**
 * What a citizen's ticket page shows, in the page's language: the visit's own state and nothing
 * else (no staff, no notes, no other tickets). The same for the page's first render, its socket and
 * its fallback poll.
 */
export const TicketProgressSchema = Type.Object({
  number: Type.String(),
  status: TicketStatusSchema,
  /** The counter calling or serving the ticket. */
  counterNumber: IntOrNull(),
  /** Grows with each recall, so the phone alerts again. */
  recallCount: Type.Integer(),
  serviceName: Type.String(),
  serviceNameOther: Type.String(),
  /** The procedure (thủ tục) chosen at the kiosk, empty when none. */
  procedureName: Type.String(),
  statusText: Type.String(),
  /** Said when the ticket was moved to another service. */
  transferredText: Type.String(),
  /** People ahead and the wait, while waiting. */
  ahead: IntOrNull(),
  waitText: StrOrNull(),
  /** Done, cancelled or closed: nothing more will change (a served visit can now be rated). */
  final: Type.Boolean(),
  updatedText: Type.String(),
})

/** One centre's row in the province's side-by-side report (figures null: it has no such service). */
export const ProvinceCentreRowSchema = Type.Object({
  siteId: Type.Integer(),
  name: Type.String(),
  code: Type.String(),
  active: Type.Boolean(),
  figures: OrNull(ReportFiguresSchema),
})

/**
 * Every centre side by side for a period: each centre's totals, or with `service` (a field's code,
 * the same at every centre that took it from the catalogue) that field's figures at each centre.
 */
export const ProvinceReportSchema = Type.Object({
  query: Type.Object({ from: Type.String(), to: Type.String(), service: StrOrNull() }),
  centres: Type.Array(ProvinceCentreRowSchema),
  /** The fields offered at one centre or more, by code, for the "by field" choice. */
  services: Type.Array(Type.Object({ code: Type.String(), nameVi: Type.String(), nameEn: Type.String() })),
})
