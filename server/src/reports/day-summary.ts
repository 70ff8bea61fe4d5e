/**
 * Day summaries for the province's report: what one day of one centre adds to each of its fields
 * (services), small enough that a year of a hundred centres is some hundred thousand summaries to
 * merge rather than a million entries to aggregate. Counts are by kind (as `aggregate` counts
 * them), sums and maxima are exact, and durations are kept as histograms by whole second, so a
 * median or a 90th percentile merged from them is within half a second of the exact one (the
 * centre's own report; shown in minutes to one decimal, that is six seconds).
 *
 * A finished day's summary is kept in `report_summaries` (encodeDay, a few hundred
 * bytes a field), so that a restarted process reads it instead of summarizing a year of entries
 * again, and in this process while the day stays as it was: not today, no ticket still open, the
 * same highest ticket id (the per-day facts' own check: facts.ts) and the same targets.
 */
import type { DurationStats, ReportFigures } from '../../../shared/reports.js'
import { KINDS, countsOf, kindOf, ratingFigures } from './aggregate.js'
import { F, FIELDS, FORMAT, RATING_DEVICE, RATING_LEVEL_MASK } from './facts.js'
import { SATISFIED_LEVEL } from '../../../shared/ratings.js'

/** One day's durations counted by whole second ([second, count, …]), with their exact sum and maximum. */
interface Durations {
  count: number
  sum: number
  max: number
  bySecond: Int32Array
}

interface FieldDay {
  serviceId: number
  /** Entries by kind (aggregate.ts), the kinds present only: [kind, count, …]. */
  kinds: Int32Array
  recalls: number
  ratings: number
  ratingSum: number
  satisfied: number
  /** Ratings by level, 1 to 5. */
  levels: number[]
  /** Ratings from the counter's rating device, and how many of them satisfied. */
  device: number
  deviceSatisfied: number
  wait: Durations
  service: Durations
}

/** Durations while a day is read: by second in a map, turned into pairs when the day is done. */
class DayDurations {
  count = 0
  sum = 0
  max = 0
  readonly bySecond = new Map<number, number>()

  add(ms: number): void {
    this.count++
    this.sum += ms
    if (ms > this.max) this.max = ms
    const second = Math.round(ms / 1000)
    this.bySecond.set(second, (this.bySecond.get(second) ?? 0) + 1)
  }

  done(): Durations {
    const bySecond = new Int32Array(this.bySecond.size * 2)
    let i = 0
    for (const [second, n] of this.bySecond) {
      bySecond[i++] = second
      bySecond[i++] = n
    }
    return { count: this.count, sum: this.sum, max: this.max, bySecond }
  }
}

/** What one day's entries add to each field, encoded (DaySummary). `targetMs` by service id. */
export function summarizeDay(facts: Int32Array, targetMs: Map<number, number>): DaySummary {
  type Reading = Omit<FieldDay, 'wait' | 'service'> & { wait: DayDurations; service: DayDurations }
  const byService = new Map<number, Reading>()
  for (let at = 0; at < facts.length; at += FIELDS) {
    const serviceId = facts[at + F.service]!
    let field = byService.get(serviceId)
    if (!field) {
      field = {
        serviceId,
        kinds: new Int32Array(KINDS),
        recalls: 0,
        ratings: 0,
        ratingSum: 0,
        satisfied: 0,
        levels: [0, 0, 0, 0, 0],
        device: 0,
        deviceSatisfied: 0,
        wait: new DayDurations(),
        service: new DayDurations(),
      }
      byService.set(serviceId, field)
    }
    const wait = facts[at + F.wait]!
    field.kinds[kindOf(facts[at + F.flags]!, wait, targetMs.get(serviceId))]!++
    field.recalls += facts[at + F.recalls]!
    const rating = facts[at + F.rating]!
    if (rating > 0) {
      const score = rating & RATING_LEVEL_MASK
      const happy = score >= SATISFIED_LEVEL
      field.ratings++
      field.ratingSum += score
      field.levels[score - 1]!++
      if (happy) field.satisfied++
      if (rating & RATING_DEVICE) {
        field.device++
        if (happy) field.deviceSatisfied++
      }
    }
    if (wait >= 0) field.wait.add(wait)
    const serviceTime = facts[at + F.service_time]!
    if (serviceTime >= 0) field.service.add(serviceTime)
  }
  return encodeDay([...byService.values()].map((f) => ({ ...f, kinds: presentKinds(f.kinds), wait: f.wait.done(), service: f.service.done() })))
}

/** A day's few kinds out of the 128 possible, as pairs: summing a year of a province adds only these. */
function presentKinds(kinds: Int32Array): Int32Array {
  const pairs: number[] = []
  kinds.forEach((count, kind) => {
    if (count > 0) pairs.push(kind, count)
  })
  return Int32Array.from(pairs)
}

/**
 * The layout of a stored summary (encodeDay), part of its key: change it whenever the layout or
 * what summarizeDay counts changes, and stored summaries are made again.
 */
export const SUMMARY_FORMAT = 2

/** A summary's key: what it was made with (its layout, the facts' layout and the services' targets). */
export function summaryKeyOf(targets: string): string {
  return `${SUMMARY_FORMAT}:${FORMAT}|${targets}`
}

const TWO_32 = 2 ** 32

/**
 * A day's summary as one array of int32, as kept in report_summaries and in a process: per field its
 * service id, counts (ratings by level and by channel too), kinds and both durations, a duration's sum (which a busy day can take past
 * 2³¹ ms) as two words. Summed as it is (FiguresSum.addDay): a year of a hundred centres is some
 * 25,000 of these, not a million objects for the collector.
 */
export type DaySummary = Int32Array

/** A field's words before its kinds: id, recalls, ratings, their sum, satisfied, by device, satisfied by device, five levels. */
const HEAD = 12

function encodeDay(fields: FieldDay[]): DaySummary {
  const words: number[] = [fields.length]
  const durations = (d: Durations) => {
    const high = Math.floor(d.sum / TWO_32)
    words.push(d.count, high, d.sum - high * TWO_32, d.max, d.bySecond.length, ...d.bySecond)
  }
  for (const f of fields) {
    words.push(f.serviceId, f.recalls, f.ratings, f.ratingSum, f.satisfied, f.device, f.deviceSatisfied, ...f.levels, f.kinds.length, ...f.kinds)
    durations(f.wait)
    durations(f.service)
  }
  return Int32Array.from(words, (w) => w | 0)
}

/** A summary's bytes for report_summaries. */
export function summaryBytes(day: DaySummary): Buffer {
  return Buffer.from(day.buffer, day.byteOffset, day.byteLength)
}

/** A summary read back from report_summaries' bytes (a view where the bytes are aligned, else a copy). */
export function summaryOf(bytes: Buffer): DaySummary {
  if (bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2)
  return new Int32Array(new Uint8Array(bytes).buffer)
}

/** Seconds counted in a flat array up to eight hours (a wait longer than a working day is rare); beyond, in a map. */
const DENSE_SECONDS = 8 * 3600

/** Durations summed over days. */
class DurationsSum {
  count = 0
  sum = 0
  max = 0
  readonly dense = new Int32Array(DENSE_SECONDS)
  readonly beyond = new Map<number, number>()

  reset(): void {
    this.count = 0
    this.sum = 0
    this.max = 0
    this.dense.fill(0)
    this.beyond.clear()
  }

  /** Adds the encoded durations at `at` in `day` (or only skips them); returns where the next part starts. */
  addAt(day: DaySummary, at: number, skip: boolean): number {
    const pairs = day[at + 4]!
    const end = at + 5 + pairs
    if (skip) return end
    const count = day[at]!
    if (count === 0) return end
    this.count += count
    this.sum += day[at + 1]! * TWO_32 + (day[at + 2]! >>> 0)
    if (day[at + 3]! > this.max) this.max = day[at + 3]!
    for (let i = at + 5; i < end; i += 2) {
      const second = day[i]!
      if (second < DENSE_SECONDS) this.dense[second]! += day[i + 1]!
      else this.beyond.set(second, (this.beyond.get(second) ?? 0) + day[i + 1]!)
    }
    return end
  }

  /** The values (in ms, by second) at the given ranks, ascending ranks. */
  valuesAt(ranks: number[]): number[] {
    const out: number[] = []
    let below = 0
    let r = 0
    const visit = (second: number, n: number) => {
      below += n
      while (r < ranks.length && ranks[r]! < below) out[r++] = Math.min(second * 1000, this.max)
    }
    for (let s = 0; s < DENSE_SECONDS && r < ranks.length; s++) if (this.dense[s] !== 0) visit(s, this.dense[s]!)
    for (const s of [...this.beyond.keys()].sort((a, b) => a - b)) if (r < ranks.length) visit(s, this.beyond.get(s)!)
    while (out.length < ranks.length) out.push(this.max)
    return out
  }

  /** Mean and maximum exact; median and 90th percentile interpolated as the centre's report does (PERCENTILE.INC). */
  stats(): DurationStats {
    const n = this.count
    if (n === 0) return { count: 0, mean: null, median: null, p90: null, max: null }
    const hm = (n - 1) * 0.5
    const hp = (n - 1) * 0.9
    const m = Math.floor(hm)
    const p = Math.floor(hp)
    const [m0, m1, p0, p1] = this.valuesAt([m, Math.min(m + 1, n - 1), p, Math.min(p + 1, n - 1)])
    const between = (h: number, lo: number, a: number, b: number) => Math.round(a + (h - lo) * (b - a))
    return { count: n, mean: Math.round(this.sum / n), median: between(hm, m, m0!, m1!), p90: between(hp, p, p0!, p1!), max: this.max }
  }
}

/** Summaries added up: a centre's whole period, or one field's. `reset` to sum the next (its arrays are large). */
export class FiguresSum {
  readonly kinds = new Float64Array(KINDS)
  recalls = 0
  ratings = 0
  ratingSum = 0
  satisfied = 0
  readonly levels = [0, 0, 0, 0, 0]
  device = 0
  deviceSatisfied = 0
  readonly wait = new DurationsSum()
  readonly service = new DurationsSum()

  reset(): void {
    this.kinds.fill(0)
    this.recalls = 0
    this.ratings = 0
    this.ratingSum = 0
    this.satisfied = 0
    this.levels.fill(0)
    this.device = 0
    this.deviceSatisfied = 0
    this.wait.reset()
    this.service.reset()
  }

  /** Adds a day's fields, or only those whose service id is in `only`. */
  addDay(day: DaySummary, only: ReadonlySet<number> | null): void {
    let at = 1
    for (let n = day[0]!; n > 0; n--) {
      const skip = only !== null && !only.has(day[at]!)
      const kinds = day[at + HEAD]!
      if (!skip) {
        this.recalls += day[at + 1]!
        this.ratings += day[at + 2]!
        this.ratingSum += day[at + 3]!
        this.satisfied += day[at + 4]!
        this.device += day[at + 5]!
        this.deviceSatisfied += day[at + 6]!
        for (let i = 0; i < 5; i++) this.levels[i]! += day[at + 7 + i]!
        for (let i = at + HEAD + 1; i < at + HEAD + 1 + kinds; i += 2) this.kinds[day[i]!]! += day[i + 1]!
      }
      at = this.service.addAt(day, this.wait.addAt(day, at + HEAD + 1 + kinds, skip), skip)
    }
  }

  figures(): ReportFigures {
    const { called, within, ...counts } = countsOf(this.kinds)
    return {
      ...counts,
      recalls: this.recalls,
      wait: this.wait.stats(),
      service: this.service.stats(),
      withinTarget: { count: within, of: called, share: called > 0 ? within / called : null },
      rating: ratingFigures(this.ratings, this.ratingSum, this.satisfied, [...this.levels], this.device, this.deviceSatisfied),
    }
  }
}

/**
 * The day summaries this process has made, by centre and day, with what they were made from: a
 * summary is used again only for the same highest ticket id and the same targets. Bounded: past
 * `limit` days it starts again (a year of 150 centres is about 40,000).
 */
export class DaySummaries {
  readonly #days = new Map<string, { maxTicketId: number; targets: string; summary: DaySummary }>()
  constructor(private readonly limit = 200_000) {}

  get(siteId: number, day: string, maxTicketId: number, targets: string): DaySummary | undefined {
    const hit = this.#days.get(`${siteId}:${day}`)
    return hit && hit.maxTicketId === maxTicketId && hit.targets === targets ? hit.summary : undefined
  }

  set(siteId: number, day: string, maxTicketId: number, targets: string, summary: DaySummary): void {
    if (this.#days.size >= this.limit) this.#days.clear()
    this.#days.set(`${siteId}:${day}`, { maxTicketId, targets, summary })
  }
}
