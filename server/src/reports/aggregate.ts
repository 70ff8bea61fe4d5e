/**
 * Turns report facts into figures: counts, duration statistics and breakdowns, in three passes
 * over the kept entries, none of them in random order: (1) filter and find each entry's group in
 * every breakdown, (2) count kinds and histogram the durations of every group, (3) copy out only
 * the durations in the histogram buckets that hold a median, a 90th percentile or a maximum, which
 * are then sorted. Every figure is exact (test/reports/exact-ranks.test.ts checks them against a
 * full sort). A year of a large centre, 530,000 entries, aggregates in about 80 ms.
 */
import {
  STATUS_FIGURE,
  type DurationStats,
  type HeatmapCell,
  type ReportBreakdowns,
  type ReportFigures,
  type ReportRow,
  type StatusFigure,
} from '../../../shared/reports.js'
import { TICKET_STATUSES } from '../../../shared/constants.js'
import { F, FIELDS, HOUR_SHIFT, ORIGIN, RATING_DEVICE, RATING_LEVEL_MASK, RETURNED, STATUS_MASK, type DayFacts } from './facts.js'
import { SATISFIED_LEVEL } from '../../../shared/ratings.js'
import { addDays, dayNumber, isoWeekday } from '../../../shared/local-time.js'

export interface Filters {
  serviceId: number | null
  counterId: number | null
  staffId: number | null
  priorityGroupId: number | null
}

export interface AggregateInput {
  from: string
  to: string
  days: DayFacts[]
  filters: Filters
  /** Target wait per service id, in ms. */
  targetMs: Map<number, number>
  /** Display order of the keys of each breakdown (ids not listed follow, ascending). */
  order: { service: number[]; counter: number[]; staff: number[]; priorityGroup: number[] }
}

export interface Aggregate extends ReportBreakdowns {
  openDays: number
}

/** Breakdown dimensions; every kept entry counts in one group of each. */
const DIMS = ['total', 'service', 'counter', 'staff', 'priorityGroup', 'hour', 'weekday', 'day'] as const
const D = DIMS.length

/**
 * The groups of all breakdowns, numbered 0…n-1, with their figures in flat typed arrays: a year
 * of a large centre is half a million entries times eight groups, too many for an object each.
 * Keys are small non-negative integers (ids, hours, day offsets), so lookups are array reads.
 */
class Groups {
  readonly dim: number[] = []
  readonly key: number[] = []
  readonly #slots: number[][] = DIMS.map(() => [])

  id(dim: number, key: number): number {
    const slots = this.#slots[dim]!
    const id = slots[key]
    if (id !== undefined) return id
    slots[key] = this.dim.length
    this.dim.push(dim)
    this.key.push(key)
    return this.dim.length - 1
  }

  ids(dim: number): number[] {
    return this.#slots[dim]!.filter((id) => id !== undefined)
  }
}

/**
 * What one entry contributes to counts, as a small code: counting entries per (group, kind) is
 * one write per group instead of one per figure; the figures are summed from the kinds at the end.
 */
const KIND_STATUS = STATUS_MASK
const KIND_ORIGIN = STATUS_MASK + 1
const KIND_RETURNED = KIND_ORIGIN << 1
const KIND_CALLED = KIND_RETURNED << 1
const KIND_WITHIN = KIND_CALLED << 1
export const KINDS = KIND_WITHIN << 1
/** The count each status code adds to (a status's code is its index in the lifecycle table). */
const FIGURE_OF_CODE: readonly StatusFigure[] = TICKET_STATUSES.map((s) => STATUS_FIGURE[s])

/** An entry's kind: its status, whether it began a visit or came back, was called, and within its target. */
/**
 * A group's satisfaction figures from its tallies (shared with the province's sums, day-summary.ts):
 * `levels` counts ratings by level 1–5, `device` those from the counter's rating device.
 */
export function ratingFigures(
  count: number,
  sum: number,
  satisfied: number,
  levels: number[],
  device: number,
  deviceSatisfied: number,
): ReportFigures['rating'] {
  const phone = count - device
  const phoneSatisfied = satisfied - deviceSatisfied
  return {
    count,
    mean: count > 0 ? sum / count : null,
    satisfiedShare: count > 0 ? satisfied / count : null,
    levels,
    device: { count: device, satisfiedShare: device > 0 ? deviceSatisfied / device : null },
    phone: { count: phone, satisfiedShare: phone > 0 ? phoneSatisfied / phone : null },
  }
}

export function kindOf(flags: number, wait: number, targetMs: number | undefined): number {
  let kind = (flags & STATUS_MASK) | (flags & ORIGIN ? KIND_ORIGIN : 0) | (flags & RETURNED ? KIND_RETURNED : 0)
  if (wait >= 0) kind |= KIND_CALLED | (wait <= (targetMs ?? Infinity) ? KIND_WITHIN : 0)
  return kind
}

/** The counts of ReportFigures from entries counted by kind (`kinds[offset + kind]`). */
export function countsOf(kinds: ArrayLike<number>, offset = 0) {
  const f = { issued: 0, served: 0, noShow: 0, cancelled: 0, transferred: 0, closed: 0, open: 0, returned: 0, called: 0, within: 0 }
  for (let kind = 0; kind < KINDS; kind++) {
    const count = kinds[offset + kind]!
    if (count === 0) continue
    f[FIGURE_OF_CODE[kind & KIND_STATUS] ?? 'open'] += count
    if (kind & KIND_ORIGIN) f.issued += count
    if (kind & KIND_RETURNED) f.returned += count
    if (kind & KIND_CALLED) f.called += count
    if (kind & KIND_WITHIN) f.within += count
  }
  return f
}

/** Dimensions that get medians and percentiles; the daily trend carries count, mean and maximum. */
const RANKED = D - 1

/**
 * Histogram bucket of a duration: 1.024 s wide below about two minutes, then 64 buckets per
 * doubling (at most 1.6 % of the value wide), so a bucket near a median holds few values whatever
 * the range, and the largest int32 is bucket 1087.
 */
function bucketOf(ms: number): number {
  const q = ms >>> 10
  if (q < 128) return q
  const e = 25 - Math.clz32(q) // ⌊log2 q⌋ - 6, at least 1
  return e * 64 + (q >>> e)
}

/** Ranks wanted per ranked group: ⌊h⌋ and ⌊h⌋+1 for the median and for the 90th percentile, and the last (the maximum). */
const WANTED = 5

/**
 * Mean, median, 90th percentile and maximum of one duration (the wait, or the service time) in
 * every group, exactly, without sorting each group or visiting entries out of order (random reads
 * dominate at half a million entries):
 *  1. `add` counts every group's durations per bucket, in the pass that counts everything else;
 *  2. `locate` finds the buckets holding the wanted ranks;
 *  3. `collect`, in a second pass, copies only the values falling in those buckets; `stats` sorts
 *     those few lists and reads the ranks from them.
 * Measured on a year of a large centre: the wanted buckets hold about 1 % of the values.
 */
class Durations {
  readonly counts: Int32Array
  readonly sums: Float64Array
  readonly max: Float64Array
  readonly hist: Int32Array
  readonly buckets: number
  /** Per group and wanted rank: the bucket (-1 for none), its first value's rank, and its list. */
  readonly wantedBucket: Int32Array
  readonly bucketStart: Int32Array
  readonly listOf: Int32Array
  /** Per histogram row and bucket: 1 + the first wanted rank in that bucket, 0 when none is. */
  readonly wantedRank: Uint8Array
  listStart: Int32Array = new Int32Array(1)
  candidates: Int32Array = new Int32Array(0)
  cursor: Int32Array = new Int32Array(0)

  /** `rowOf` maps a group to its histogram row, or -1 for a group without ranks (the days). */
  constructor(
    top: number,
    readonly rowOf: Int32Array,
    rows: number,
  ) {
    const groups = rowOf.length
    this.buckets = bucketOf(top) + 1
    this.counts = new Int32Array(groups)
    this.sums = new Float64Array(groups)
    this.max = new Float64Array(groups)
    this.hist = new Int32Array(rows * this.buckets)
    this.wantedBucket = new Int32Array(groups * WANTED).fill(-1)
    this.bucketStart = new Int32Array(groups * WANTED)
    this.listOf = new Int32Array(groups * WANTED)
    this.wantedRank = new Uint8Array(rows * this.buckets)
  }

  /**
   * Counts a duration in the groups of one entry (`groupOf[base…base+D-1]`). Ranked groups only
   * get their sum and histogram: their count and maximum come from the histogram in `locate`.
   */
  add(groupOf: Uint16Array, base: number, v: number): void {
    const { counts, sums, max, hist, rowOf, buckets } = this
    const bucket = bucketOf(v)
    for (let j = 0; j < RANKED; j++) {
      const g = groupOf[base + j]!
      sums[g]! += v
      hist[rowOf[g]! * buckets + bucket]!++
    }
    const day = groupOf[base + RANKED]!
    counts[day]!++
    sums[day]! += v
    if (v > max[day]!) max[day] = v
  }

  locate(): void {
    const { counts, hist, buckets: B, rowOf, wantedBucket, wantedRank, bucketStart, listOf } = this
    const listStart = [0]
    for (let g = 0; g < counts.length; g++) {
      const row = rowOf[g]!
      if (row < 0) continue
      let count = 0
      for (let b = 0; b < B; b++) count += hist[row * B + b]!
      counts[g] = count
      const last = count - 1
      if (last < 0) continue
      const m = Math.floor(last * 0.5)
      const p = Math.floor(last * 0.9)
      const ranks = [m, Math.min(m + 1, last), p, Math.min(p + 1, last), last]
      let below = 0
      let r = 0
      for (let b = 0; b < B && r < WANTED; b++) {
        const inBucket = hist[row * B + b]!
        while (r < WANTED && ranks[r]! < below + inBucket) {
          const w = g * WANTED + r
          wantedBucket[w] = b
          bucketStart[w] = below
          // Ranks are in order, so ranks sharing a bucket are neighbours and share its list.
          if (r > 0 && wantedBucket[w - 1] === b) {
            listOf[w] = listOf[w - 1]!
          } else {
            listOf[w] = listStart.length - 1
            listStart.push(listStart[listStart.length - 1]! + inBucket)
            wantedRank[row * B + b] = r + 1
          }
          r++
        }
        below += inBucket
      }
    }
    this.listStart = Int32Array.from(listStart)
    this.candidates = new Int32Array(listStart[listStart.length - 1]!)
    this.cursor = Int32Array.from(listStart)
  }

  /** Keeps a duration of one entry where it falls in a wanted bucket of one of its groups. */
  collect(groupOf: Uint16Array, base: number, v: number): void {
    const { wantedRank, rowOf, buckets, candidates, cursor, listOf } = this
    const bucket = bucketOf(v)
    for (let j = 0; j < RANKED; j++) {
      const g = groupOf[base + j]!
      // Most values are in none of the group's wanted buckets.
      const r = wantedRank[rowOf[g]! * buckets + bucket]!
      if (r !== 0) candidates[cursor[listOf[g * WANTED + r - 1]!]!++] = v
    }
  }

  /** Call once, after every `collect`. */
  sortCandidates(): void {
    const { listStart, candidates } = this
    for (let s = 0; s + 1 < listStart.length; s++) candidates.subarray(listStart[s]!, listStart[s + 1]!).sort()
  }

  stats(g: number): DurationStats {
    const count = this.counts[g]!
    if (count === 0) return { count: 0, mean: null, median: null, p90: null, max: null }
    const mean = Math.round(this.sums[g]! / count)
    if (this.rowOf[g]! < 0) return { count, mean, median: null, p90: null, max: this.max[g]! }
    const value = (r: number, rank: number) => {
      const w = g * WANTED + r
      return this.candidates[this.listStart[this.listOf[w]!]! + rank - this.bucketStart[w]!]!
    }
    const at = (h: number, r: number) => {
      const lo = Math.floor(h)
      const a = value(r, lo)
      const b = value(r + 1, Math.min(lo + 1, count - 1))
      return Math.round(a + (h - lo) * (b - a))
    }
    return { count, mean, median: at((count - 1) * 0.5, 0), p90: at((count - 1) * 0.9, 2), max: value(4, count - 1) }
  }
}

export function aggregate(input: AggregateInput): Aggregate {
  const { filters, targetMs } = input
  const groups = new Groups()
  const firstDayNo = dayNumber(input.from)
  const dayCount = dayNumber(input.to) - firstDayNo + 1
  // Every calendar day gets a group, in order, so the daily trend has no holes.
  groups.id(0, 0)
  for (let i = 0; i < dayCount; i++) groups.id(7, i)
  const arrivals = new Float64Array(8 * 24)
  const openDaysOfWeekday = new Float64Array(8)
  const targets: number[] = []
  for (const [id, ms] of targetMs) targets[id] = ms

  const capacity = input.days.reduce((n, d) => n + d.facts.length / FIELDS, 0)
  // Group ids fit 16 bits: a site has far fewer than 65,536 services, counters, staff, hours and days.
  const groupOf = new Uint16Array(capacity * D)
  const kindsOf = new Uint8Array(capacity)
  const recallsOf = new Int32Array(capacity)
  const ratingOf = new Uint8Array(capacity)
  const waitOf = new Int32Array(capacity)
  const serviceOf = new Int32Array(capacity)
  let kept = 0
  let topWait = 0
  let topService = 0
  // Pass 1: keep the entries the filters select, and find the group of each in every breakdown.
  for (const { day, facts: f } of input.days) {
    const weekday = isoWeekday(day)
    const dayGroup = groups.id(7, dayNumber(day) - firstDayNo)
    const weekdayGroup = groups.id(6, weekday)
    if (f.length > 0) openDaysOfWeekday[weekday]! += 1
    for (let at = 0; at < f.length; at += FIELDS) {
      const service = f[at + F.service]!
      const counter = f[at + F.counter]!
      const staff = f[at + F.staff]!
      const group = f[at + F.priorityGroup]!
      if (
        (filters.serviceId !== null && service !== filters.serviceId) ||
        (filters.counterId !== null && counter !== filters.counterId) ||
        (filters.staffId !== null && staff !== filters.staffId) ||
        (filters.priorityGroupId !== null && group !== filters.priorityGroupId)
      ) {
        continue
      }
      const flags = f[at + F.flags]!
      const hour = (flags >>> HOUR_SHIFT) & 31
      const base = kept * D
      groupOf[base] = 0
      groupOf[base + 1] = groups.id(1, service)
      groupOf[base + 2] = groups.id(2, counter)
      groupOf[base + 3] = groups.id(3, staff)
      groupOf[base + 4] = groups.id(4, group)
      groupOf[base + 5] = groups.id(5, hour)
      groupOf[base + 6] = weekdayGroup
      groupOf[base + 7] = dayGroup
      const wait = f[at + F.wait]!
      const serviceTime = f[at + F.service_time]!
      const kind = kindOf(flags, wait, targets[service])
      if (wait > topWait) topWait = wait
      if (serviceTime > topService) topService = serviceTime
      waitOf[kept] = wait
      serviceOf[kept] = serviceTime
      kindsOf[kept] = kind
      recallsOf[kept] = f[at + F.recalls]!
      ratingOf[kept] = f[at + F.rating]!
      if (flags & ORIGIN) arrivals[weekday * 24 + hour]! += 1
      kept++
    }
  }

  // Pass 2: count every group's entries by kind, and its durations by bucket.
  const n = groups.dim.length
  const rowOf = new Int32Array(n).fill(-1)
  let rankedGroups = 0
  for (let g = 0; g < n; g++) if (groups.dim[g]! < RANKED) rowOf[g] = rankedGroups++
  const waits = new Durations(topWait, rowOf, rankedGroups)
  const serviceTimes = new Durations(topService, rowOf, rankedGroups)
  const kinds = new Int32Array(n * KINDS)
  const recalls = new Int32Array(n)
  const ratings = new Int32Array(n)
  const ratingSums = new Int32Array(n)
  const satisfied = new Int32Array(n)
  const levels = new Int32Array(n * 5)
  const byDevice = new Int32Array(n)
  const deviceSatisfied = new Int32Array(n)
  for (let k = 0; k < kept; k++) {
    const kind = kindsOf[k]!
    const r = recallsOf[k]!
    const base = k * D
    for (let j = 0; j < D; j++) kinds[groupOf[base + j]! * KINDS + kind]!++
    if (r > 0) for (let j = 0; j < D; j++) recalls[groupOf[base + j]!]! += r
    const rating = ratingOf[k]!
    if (rating > 0) {
      const score = rating & RATING_LEVEL_MASK
      const device = (rating & RATING_DEVICE) !== 0
      const happy = score >= SATISFIED_LEVEL
      for (let j = 0; j < D; j++) {
        const g = groupOf[base + j]!
        ratings[g]!++
        ratingSums[g]! += score
        levels[g * 5 + score - 1]!++
        if (happy) satisfied[g]!++
        if (device) {
          byDevice[g]!++
          if (happy) deviceSatisfied[g]!++
        }
      }
    }
    const wait = waitOf[k]!
    if (wait >= 0) waits.add(groupOf, base, wait)
    const serviceTime = serviceOf[k]!
    if (serviceTime >= 0) serviceTimes.add(groupOf, base, serviceTime)
  }
  // Pass 3: gather the values of the buckets that hold the medians and 90th percentiles.
  waits.locate()
  serviceTimes.locate()
  for (let k = 0; k < kept; k++) {
    const wait = waitOf[k]!
    if (wait >= 0) waits.collect(groupOf, k * D, wait)
    const serviceTime = serviceOf[k]!
    if (serviceTime >= 0) serviceTimes.collect(groupOf, k * D, serviceTime)
  }
  waits.sortCandidates()
  serviceTimes.sortCandidates()
  const figures = (g: number): ReportFigures => {
    const { called, within, ...counts } = countsOf(kinds, g * KINDS)
    return {
      ...counts,
      recalls: recalls[g]!,
      wait: waits.stats(g),
      service: serviceTimes.stats(g),
      withinTarget: { count: within, of: called, share: called > 0 ? within / called : null },
      rating: ratingFigures(ratings[g]!, ratingSums[g]!, satisfied[g]!, Array.from(levels.subarray(g * 5, g * 5 + 5)), byDevice[g]!, deviceSatisfied[g]!),
    }
  }
  const rows = (dim: number, order: number[] = [], nullKey = false): ReportRow[] => {
    const rank = new Map(order.map((k, i) => [k, i]))
    const place = (key: number) => rank.get(key) ?? order.length + key
    return groups
      .ids(dim)
      .sort((a, b) => place(groups.key[a]!) - place(groups.key[b]!))
      .map((g) => ({ key: nullKey && groups.key[g] === 0 ? null : groups.key[g]!, ...figures(g) }))
  }

  const heatmap: HeatmapCell[] = []
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const count = arrivals[weekday * 24 + hour]!
      if (count > 0) heatmap.push({ weekday, hour, arrivals: count, perDay: count / Math.max(1, openDaysOfWeekday[weekday]!) })
    }
  }
  return {
    openDays: input.days.filter((d) => d.facts.length > 0).length,
    totals: figures(0),
    byService: rows(1, input.order.service),
    byCounter: rows(2, input.order.counter, true),
    byStaff: rows(3, input.order.staff, true),
    byPriorityGroup: rows(4, [0, ...input.order.priorityGroup], true),
    byHour: rows(5),
    byWeekday: rows(6),
    daily: rows(7).map(({ key, ...figures }) => ({ day: addDays(input.from, key ?? 0), ...figures })),
    heatmap,
  }
}
