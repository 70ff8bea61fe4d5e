/**
 * Wait-time reports: the API's query and answer, and the date-range presets. Durations are in
 * milliseconds; how each figure treats no-shows, returns, transfers, recalls and tickets left open
 * at day close is defined in server/src/reports/README.md.
 */
import type { TicketStatus } from './constants.js'
import { addDays, isoWeekday } from './local-time.js'

/** The longest range one report covers, in days: a year (leap or not). */
export const MAX_REPORT_DAYS = 366

export interface ReportQuery {
  /** First service day, YYYY-MM-DD in the site's time zone. */
  from: string
  /** Last service day, inclusive. */
  to: string
  serviceId?: number | null
  counterId?: number | null
  staffId?: number | null
  priorityGroupId?: number | null
}

export interface DurationStats {
  /** How many entries the figure is taken over. */
  count: number
  mean: number | null
  median: number | null
  /** 90th percentile, interpolated like Excel's PERCENTILE.INC. */
  p90: number | null
  max: number | null
}

export interface ReportFigures {
  /** Visits issued: transfers are not counted again. */
  issued: number
  /** Entries finished as done. */
  served: number
  /** Entries that ended absent (a no-show who came back and was served counts as served). */
  noShow: number
  cancelled: number
  /** Entries moved to another service or counter. */
  transferred: number
  /** Entries still open when the day was closed. */
  closed: number
  /** Entries still waiting, called or being served (today only). */
  open: number
  /** Entries that were absent once and came back. */
  returned: number
  /** Repeated announcements. */
  recalls: number
  /** Entry → first call. */
  wait: DurationStats
  /** Start of service → finish, entries served only. */
  service: DurationStats
  /** Called within their service's target wait, out of all called entries. */
  withinTarget: { count: number; of: number; share: number | null }
  /**
   * Citizens' satisfaction ratings of served entries (1 Không hài lòng … 4 Rất hài lòng): how many,
   * their mean, and the share rated Hài lòng or better.
   */
  rating: { count: number; mean: number | null; satisfiedShare: number | null }
}

/** The counts of ReportFigures that split entries by how they ended. */
export type StatusFigure = 'served' | 'noShow' | 'cancelled' | 'transferred' | 'closed' | 'open'

/**
 * Which count an entry adds to, by its status (every status must say: a new status fails the
 * typecheck here until the reports know how to count it). Live statuses count as `open`.
 */
export const STATUS_FIGURE = {
  waiting: 'open',
  called: 'open',
  serving: 'open',
  done: 'served',
  no_show: 'noShow',
  transferred: 'transferred',
  cancelled: 'cancelled',
  closed: 'closed',
} as const satisfies Record<TicketStatus, StatusFigure>

export interface ReportRow extends ReportFigures {
  /** Service, counter, staff or priority group id (null: none), hour 0–23 or ISO weekday 1–7. */
  key: number | null
}

export interface ReportDay extends ReportFigures {
  day: string
}

export interface HeatmapCell {
  /** ISO weekday, 1 = Monday. */
  weekday: number
  hour: number
  arrivals: number
  /** Average arrivals in that hour on one open day of that weekday. */
  perDay: number
}

export interface ReportLookups {
  services: { id: number; code: string; nameVi: string; nameEn: string; targetWaitMinutes: number }[]
  counters: { id: number; number: number; name: string }[]
  staff: { id: number; displayName: string; username: string }[]
  priorityGroups: { id: number; code: string; nameVi: string; nameEn: string }[]
}

/** Every figure of a report: the totals and each breakdown. */
export interface ReportBreakdowns {
  totals: ReportFigures
  byService: ReportRow[]
  byCounter: ReportRow[]
  byStaff: ReportRow[]
  byPriorityGroup: ReportRow[]
  byHour: ReportRow[]
  byWeekday: ReportRow[]
  daily: ReportDay[]
  heatmap: HeatmapCell[]
}

export interface ReportSummary extends ReportBreakdowns {
  query: { from: string; to: string; serviceId: number | null; counterId: number | null; staffId: number | null; priorityGroupId: number | null }
  timeZone: string
  /** The centre's name (Vietnamese), for the printed header and the workbook's title row. */
  siteName: string
  /** Calendar days in the range, and those with at least one ticket. */
  days: number
  openDays: number
  lookups: ReportLookups
}

export const REPORT_PRESETS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month'] as const
export type ReportPreset = (typeof REPORT_PRESETS)[number]

/** The service days a preset covers, given today's service day. Weeks start on Monday. */
export function presetRange(preset: ReportPreset, today: string): { from: string; to: string } {
  const weekday = isoWeekday(today) - 1
  const monthStart = `${today.slice(0, 8)}01`
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) }
    case 'this_week':
      return { from: addDays(today, -weekday), to: today }
    case 'last_week':
      return { from: addDays(today, -weekday - 7), to: addDays(today, -weekday - 1) }
    case 'this_month':
      return { from: monthStart, to: today }
    case 'last_month': {
      const lastOfPrevious = addDays(monthStart, -1)
      return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious }
    }
  }
}
