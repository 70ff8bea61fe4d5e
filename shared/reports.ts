/**
 * Wait-time reports: the API's query and answer, and the date-range presets. Durations are in
 * milliseconds; how each figure treats no-shows, returns, transfers, recalls and tickets left open
 * at day close is defined in server/src/reports/README.md. The answer's shapes are the schemas in
 * shared/schemas.ts, where each figure is documented.
 */
import type { Static } from 'typebox'
import type {
  DurationStatsSchema,
  HeatmapCellSchema,
  ReportBreakdownsSchema,
  ReportDaySchema,
  ReportFiguresSchema,
  ReportLookupsSchema,
  ReportRowSchema,
  ReportSummarySchema,
  ProvinceReportSchema,
  ProvinceCentreRowSchema,
  StaffDaySchema,
  OutcomeCountsSchema,
  OutcomeReportSchema,
} from './schemas.js'
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

export type DurationStats = Static<typeof DurationStatsSchema>

export type OutcomeCounts = Static<typeof OutcomeCountsSchema>
export type OutcomeReport = Static<typeof OutcomeReportSchema>

export type ReportFigures = Static<typeof ReportFiguresSchema>

export type ReportRow = Static<typeof ReportRowSchema>

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
  set_aside: 'open',
  done: 'served',
  no_show: 'noShow',
  transferred: 'transferred',
  cancelled: 'cancelled',
  closed: 'closed',
} as const satisfies Record<TicketStatus, StatusFigure>

export type ReportDay = Static<typeof ReportDaySchema>

export type HeatmapCell = Static<typeof HeatmapCellSchema>

export type ReportLookups = Static<typeof ReportLookupsSchema>

/** Every figure of a report: the totals and each breakdown. */
export type ReportBreakdowns = Static<typeof ReportBreakdownsSchema>

export type ReportSummary = Static<typeof ReportSummarySchema>

/** One officer's day: served, mean service time, call → start, open and idle time, time aside, outcomes. */
export type StaffDay = Static<typeof StaffDaySchema>

export type ProvinceReport = Static<typeof ProvinceReportSchema>
export type ProvinceCentreRow = Static<typeof ProvinceCentreRowSchema>

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
