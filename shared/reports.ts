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
} from './schemas.js'

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

export type ReportFigures = Static<typeof ReportFiguresSchema>

export type ReportRow = Static<typeof ReportRowSchema>

export type ReportDay = Static<typeof ReportDaySchema>

export type HeatmapCell = Static<typeof HeatmapCellSchema>

export type ReportLookups = Static<typeof ReportLookupsSchema>

/** Every figure of a report: the totals and each breakdown. */
export type ReportBreakdowns = Static<typeof ReportBreakdownsSchema>

export type ReportSummary = Static<typeof ReportSummarySchema>

export const REPORT_PRESETS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month'] as const
export type ReportPreset = (typeof REPORT_PRESETS)[number]

function shift(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The service days a preset covers, given today's service day. Weeks start on Monday. */
export function presetRange(preset: ReportPreset, today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7
  const monthStart = `${today.slice(0, 8)}01`
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'yesterday':
      return { from: shift(today, -1), to: shift(today, -1) }
    case 'this_week':
      return { from: shift(today, -weekday), to: today }
    case 'last_week':
      return { from: shift(today, -weekday - 7), to: shift(today, -weekday - 1) }
    case 'this_month':
      return { from: monthStart, to: today }
    case 'last_month': {
      const lastOfPrevious = shift(monthStart, -1)
      return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious }
    }
  }
}

/** Today's service day in a time zone. */
export function serviceDayIn(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}
