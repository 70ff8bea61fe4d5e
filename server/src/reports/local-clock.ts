/**
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

/** A real calendar day written YYYY-MM-DD: 2026-02-30 and 2026-13-01 match the pattern but are not days. */
export function isCalendarDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(dayNumber(value)) && dayString(dayNumber(value)) === value
}

export function addDays(day: string, by: number): string {
  return dayString(dayNumber(day) + by)
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
