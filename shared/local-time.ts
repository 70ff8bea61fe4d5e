/**
 * Local dates and times in a site's time zone, the one module for them (server, reports, printing
 * and every front end). A service day is the local date YYYY-MM-DD in the site's zone; instants are
 * UTC milliseconds. Vietnam has no daylight saving, but other zones may.
 */
import type { OpeningHours } from './types.js'

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

/*
 * Service days ↔ UTC instants for reports and the history generator. A report range is a list of
 * service days; what matters is the UTC offset in force during opening hours. Offsets are taken
 * at local noon: zones with daylight saving switch at night, when no centre is open.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
    offsetFormatters.set(timeZone, f)
  }
  return f
}

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Ho_Chi_Minh: +7 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const p: Record<string, number> = {}
  for (const part of offsetFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value)
  }
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (the date itself, no zone involved). */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000)
}

export function dayString(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10)
}

/** 2026-11-23 → 23/11/2026, as Vietnamese forms write a day; anything else as it is. */
export function dayToText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso
}

/** A real calendar day written YYYY-MM-DD: 2026-02-30 and 2026-13-01 match the pattern but are not days. */
export function isCalendarDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(dayNumber(value)) && dayString(dayNumber(value)) === value
}

export function addDays(day: string, by: number): string {
  return dayString(dayNumber(day) + by)
}

/** Only zones this runtime knows: a typo would shift every service day. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay()
  return d === 0 ? 7 : d
}

/** Offsets per service day, cached: a year's report asks for 365 of them, not 500,000. */
export class LocalClock {
  readonly #offsets = new Map<number, number>()
  constructor(readonly timeZone: string) {}

  /** The UTC offset (ms) in force on a service day, given as a day number. */
  offsetOnDay(dayNo: number): number {
    let offset = this.#offsets.get(dayNo)
    if (offset === undefined) {
      offset = zoneOffsetMs(dayNo * 86_400_000 + 12 * 3_600_000, this.timeZone)
      this.#offsets.set(dayNo, offset)
    }
    return offset
  }

  /** The UTC instant of a local time on a service day. */
  toInstant(day: string, minutes: number): number {
    const dayNo = dayNumber(day)
    return dayNo * 86_400_000 + minutes * 60_000 - this.offsetOnDay(dayNo)
  }

  /** Local midnight at the start of a service day, as a UTC instant. */
  startOfDay(day: string): number {
    return this.toInstant(day, 0)
  }
}

/** How a ticket writes its issue time: dd/MM/yyyy HH:mm in the site's zone, as Vietnamese forms do. */
export function formatTicketTime(utcMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(utcMs)
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`
}
