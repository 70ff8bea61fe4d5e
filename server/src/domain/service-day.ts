/** Local dates and times in a site's time zone. Vietnam has no daylight saving, but other zones may. */
import type { OpeningHours } from '../../../shared/types.js'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number
  /** Minutes since local midnight. */
  minutes: number
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

export function localTime(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

/** The service day an instant belongs to: its local date in the site's time zone. */
export function serviceDayOf(instant: number, timeZone: string): string {
  return localTime(instant, timeZone).date
}

export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm)
  if (!m) throw new Error(`not a time of day: ${hhmm}`)
  return Number(m[1]) * 60 + Number(m[2])
}

/** Whether tickets may be issued at this local time. No hours configured means always open. */
export function isWithinHours(hours: OpeningHours | null, at: LocalTime): boolean {
  if (!hours) return true
  if (!hours.days.includes(at.weekday)) return false
  return hours.periods.some((p) => at.minutes >= parseClock(p.from) && at.minutes < parseClock(p.to))
}
