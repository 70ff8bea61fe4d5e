/**
 * Turns report facts into figures: counts, duration statistics and breakdowns, in one pass over
 * the entries plus one pass over the entries sorted by duration. Sorting once (a radix sort) and
 * handing values to every group in that order leaves each group's durations already sorted, so
 * medians and percentiles of every breakdown cost no further sort.
 */
import type { DurationStats, HeatmapCell, ReportBreakdowns, ReportFigures, ReportRow } from '../../../shared/reports.js'
import { STATUS_CODE, F, FIELDS, HOUR_SHIFT, ORIGIN, RETURNED, STATUS_MASK, type DayFacts } from './facts.js'
import { addDays, dayNumber, isoWeekday } from './local-clock.js'

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

/** Linear interpolation between closest ranks, as Excel's PERCENTILE.INC and SQL's percentile_cont. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const a = sorted[lo]!
  const b = sorted[Math.min(lo + 1, n - 1)]!
  return a + (h - lo) * (b - a)
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
const KIND_STATUS = 7
const KIND_ORIGIN = 8
const KIND_RETURNED = 16
const KIND_CALLED = 32
const KIND_WITHIN = 64
const KINDS = 128

/** Dimensions that get medians and percentiles; the daily trend carries count, mean and maximum. */
const RANKED = D - 1
/** Coarse histogram buckets of 2^16 ms (about a minute) locate the ranks; only their values are sorted. */
const BUCKET_SHIFT = 16

/**
 * Mean, median, 90th percentile and maximum of every group's durations, exactly, without sorting
 * each group or visiting entries out of order (random reads dominate at half a million entries):
 *  1. one pass counts every group's durations per coarse bucket;
 *  2. the buckets holding the wanted ranks (⌊h⌋ and ⌊h⌋+1 for 50 % and 90 %, and the last) are found;
 *  3. a second pass copies only the values falling in those buckets, which are then sorted.
 */
function durationStats(values: Int32Array, entries: Int32Array, n: number, groupOf: Int32Array, groups: number) {
  let top = 0
  for (let i = 0; i < n; i++) if (values[i]! > top) top = values[i]!
  const B = (top >>> BUCKET_SHIFT) + 1
  const counts = new Int32Array(groups)
  const sums = new Float64Array(groups)
  const max = new Float64Array(groups)
  const hist = new Int32Array(groups * B)
  for (let i = 0; i < n; i++) {
    const base = entries[i]! * D
    const v = values[i]!
    const bucket = v >>> BUCKET_SHIFT
    for (let j = 0; j < D; j++) {
      const g = groupOf[base + j]!
      counts[g]!++
      sums[g]! += v
      if (v > max[g]!) max[g] = v
      if (j < RANKED) hist[g * B + bucket]!++
    }
  }
  // For each group and wanted rank: the bucket, and the rank of the first value in that bucket.
  const WANTED = 4
  const wantedBucket = new Int32Array(groups * WANTED)
  const bucketStart = new Int32Array(groups * WANTED)
  // slot[g*B + b] = 1 + index of the candidate list for (g, b), 0 when that bucket is not needed.
  const slot = new Int32Array(groups * B)
  const listStart: number[] = [0]
  for (let g = 0; g < groups; g++) {
    const last = counts[g]! - 1
    if (last < 0 || hist[g * B + (max[g]! >>> BUCKET_SHIFT)] === 0) continue
    const m = Math.floor(last * 0.5)
    const p = Math.floor(last * 0.9)
    const ranks = [m, Math.min(m + 1, last), p, Math.min(p + 1, last)]
    let below = 0
    let r = 0
    for (let b = 0; b < B && r < WANTED; b++) {
      const inBucket = hist[g * B + b]!
      while (r < WANTED && ranks[r]! < below + inBucket) {
        wantedBucket[g * WANTED + r] = b
        bucketStart[g * WANTED + r] = below
        if (slot[g * B + b] === 0) {
          listStart.push(listStart[listStart.length - 1]! + inBucket)
          slot[g * B + b] = listStart.length - 1
        }
        r++
      }
      below += inBucket
    }
  }
  const candidates = new Int32Array(listStart[listStart.length - 1]!)
  const cursor = Int32Array.from(listStart)
  for (let i = 0; i < n; i++) {
    const base = entries[i]! * D
    const v = values[i]!
    const bucket = v >>> BUCKET_SHIFT
    for (let j = 0; j < RANKED; j++) {
      const s = slot[groupOf[base + j]! * B + bucket]!
      if (s !== 0) candidates[cursor[s - 1]!++] = v
    }
  }
  for (let s = 0; s + 1 < listStart.length; s++) candidates.subarray(listStart[s]!, listStart[s + 1]!).sort()

  return (g: number, ranked: boolean): DurationStats => {
    const count = counts[g]!
    if (count === 0) return { count: 0, mean: null, median: null, p90: null, max: null }
    const mean = Math.round(sums[g]! / count)
    if (!ranked) return { count, mean, median: null, p90: null, max: max[g]! }
    const value = (r: number, rank: number) => {
      const b = wantedBucket[g * WANTED + r]!
      return candidates[listStart[slot[g * B + b]! - 1]! + rank - bucketStart[g * WANTED + r]!]!
    }
    const at = (h: number, r: number) => {
      const lo = Math.floor(h)
      const a = value(r, lo)
      const b = value(r + 1, Math.min(lo + 1, count - 1))
      return Math.round(a + (h - lo) * (b - a))
    }
    return { count, mean, median: at((count - 1) * 0.5, 0), p90: at((count - 1) * 0.9, 2), max: max[g]! }
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
  const groupOf = new Int32Array(capacity * D)
  const kindOf = new Uint8Array(capacity)
  const recallsOf = new Int32Array(capacity)
  const waitValues = new Int32Array(capacity)
  const waitEntries = new Int32Array(capacity)
  const serviceValues = new Int32Array(capacity)
  const serviceEntries = new Int32Array(capacity)
  let kept = 0
  let waits = 0
  let services = 0
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
      let kind = (flags & STATUS_MASK) | (flags & ORIGIN ? KIND_ORIGIN : 0) | (flags & RETURNED ? KIND_RETURNED : 0)
      if (wait >= 0) {
        kind |= KIND_CALLED | (wait <= (targets[service] ?? Infinity) ? KIND_WITHIN : 0)
        waitValues[waits] = wait
        waitEntries[waits++] = kept
      }
      if (serviceTime >= 0) {
        serviceValues[services] = serviceTime
        serviceEntries[services++] = kept
      }
      kindOf[kept] = kind
      recallsOf[kept] = f[at + F.recalls]!
      if (flags & ORIGIN) arrivals[weekday * 24 + hour]! += 1
      kept++
    }
  }

  const n = groups.dim.length
  const kinds = new Float64Array(n * KINDS)
  const recalls = new Float64Array(n)
  for (let k = 0; k < kept; k++) {
    const kind = kindOf[k]!
    const r = recallsOf[k]!
    for (let j = 0, base = k * D; j < D; j++) {
      const g = groupOf[base + j]!
      kinds[g * KINDS + kind]! += 1
      recalls[g]! += r
    }
  }
  const waitStats = durationStats(waitValues, waitEntries, waits, groupOf, n)
  const serviceStats = durationStats(serviceValues, serviceEntries, services, groupOf, n)
  const figures = (g: number): ReportFigures => {
    const f = { issued: 0, served: 0, noShow: 0, cancelled: 0, transferred: 0, closed: 0, open: 0, returned: 0, called: 0, within: 0 }
    for (let kind = 0; kind < KINDS; kind++) {
      const count = kinds[g * KINDS + kind]!
      if (count === 0) continue
      const status = kind & KIND_STATUS
      if (status === STATUS_CODE.done) f.served += count
      else if (status === STATUS_CODE.no_show) f.noShow += count
      else if (status === STATUS_CODE.cancelled) f.cancelled += count
      else if (status === STATUS_CODE.transferred) f.transferred += count
      else if (status === STATUS_CODE.closed) f.closed += count
      else f.open += count
      if (kind & KIND_ORIGIN) f.issued += count
      if (kind & KIND_RETURNED) f.returned += count
      if (kind & KIND_CALLED) f.called += count
      if (kind & KIND_WITHIN) f.within += count
    }
    const { called, within, ...counts } = f
    return {
      ...counts,
      recalls: recalls[g]!,
      wait: waitStats(g, groups.dim[g] !== 7),
      service: serviceStats(g, groups.dim[g] !== 7),
      withinTarget: { count: within, of: called, share: called > 0 ? within / called : null },
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
