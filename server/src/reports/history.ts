/**
 * Realistic past service days for demos and the benchmark: morning peaks, busy Mondays, a service
 * time spread per field, priority tickets, recalls, no-shows (some of whom come back), transfers,
 * cancels and tickets still waiting at closing time. Tickets and the matching event log are
 * written in one transaction with multi-row inserts of a few thousand rows each, on SQLite or
 * PostgreSQL alike (sql.ts), so a year of a large centre takes seconds.
 *
 * The queue is simulated, not drawn at random: every ticket waits for a counter that serves its
 * service to become free, so waits grow in the morning peak and on Mondays as they do in life.
 */
import { DEFAULT_RATING_REASONS, UNSATISFIED_LEVEL } from '../../../shared/ratings.js'
import type { QueueEventName } from '../../../shared/contract.js'
import type { TicketStatus } from '../../../shared/constants.js'
import type { Database } from '../db/database.js'
import type { OpeningHours } from '../../../shared/types.js'
import { formatTicketNumber, type NumberingRule } from '../domain/numbering.js'
import { loadFacts } from './facts.js'
import { reportSourceOf } from './source.js'
import { inTransaction, type Sql } from './sql.js'
import { LocalClock, addDays, dayNumber, dayString, isWithinHours, isoWeekday, serviceDayOf } from '../../../shared/local-time.js'

export interface HistoryOptions {
  siteId: number
  /** How many calendar days back to fill (weekends and public holidays stay empty). */
  days: number
  /** Average tickets per working day; Mondays get more, Fridays fewer. */
  ticketsPerDay: number
  /** Same seed, same history. */
  seed?: number
  /** The last day to fill (YYYY-MM-DD); defaults to the day before `now` in the site's zone. */
  endDay?: string
  /** Now, in UTC milliseconds (default Date.now()); only used to find the default end day. */
  now?: number
  /** Add counters when the site's cannot serve this many tickets (default true; the demo keeps its six). */
  addCounters?: boolean
}

export interface HistoryResult {
  firstDay: string
  lastDay: string
  workingDays: number
  tickets: number
  events: number
  /** Counters added because the site's own could not serve this many tickets a day. */
  countersAdded: number
}

interface ServiceInfo extends NumberingRule {
  id: number
  code: string
  hours: OpeningHours | null
  /** Median and spread (log-normal sigma) of the service time, in minutes. */
  medianMinutes: number
  sigma: number
  weight: number
}

interface CounterInfo {
  id: number
  serviceIds: Set<number>
}

/** Typical service times from DOMAIN.md: [shortest, longest] minutes for most visits, and share of arrivals. */
const PROFILES: Record<string, { range: [number, number]; weight: number }> = {
  DD: { range: [10, 25], weight: 0.2 },
  HT: { range: [5, 10], weight: 0.2 },
  CT: { range: [2, 5], weight: 0.25 },
  KD: { range: [10, 20], weight: 0.09 },
  XD: { range: [10, 20], weight: 0.05 },
  LD: { range: [5, 15], weight: 0.08 },
  TN: { range: [10, 20], weight: 0.06 },
  TKQ: { range: [2, 5], weight: 0.16 },
}

/** Arrivals per half hour from 07:00, relative: a peak in the first two morning hours, a lighter afternoon. */
const ARRIVAL_SHAPE: [minute: number, weight: number][] = [
  [450, 9],
  [480, 16],
  [510, 18],
  [540, 15],
  [570, 12],
  [600, 9],
  [630, 6],
  [660, 3],
  [810, 5],
  [840, 6],
  [870, 6],
  [900, 5],
  [930, 4],
  [960, 2],
  [990, 0.5],
]
const OPENING: [from: number, to: number][] = [
  [450, 690],
  [810, 1020],
]
/** Monday is the busiest day, Friday the quietest (ISO weekday → factor, averaging 1). */
const WEEKDAY_FACTOR = [0, 1.3, 1.05, 1, 0.95, 0.7]
/** Fixed-date public holidays (MM-DD); lunar ones move every year and are left out. */
const HOLIDAYS = new Set(['01-01', '04-30', '05-01', '09-02'])

const MIN = 60_000

/** mulberry32: small, fast and good enough for synthetic data. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Entry {
  service: ServiceInfo
  number: string
  seqNo: number
  priorityGroupId: number | null
  issuedAt: number
  queuedAt: number
  /** When it may next be called (queuedAt, or when a no-show came back). */
  readyAt: number
  from: Entry | null
  movedTo: Entry | null
  cancelAt: number | null
  calls: number[]
  returns: number[]
  recalls: number
  status: 'done' | 'no_show' | 'transferred' | 'cancelled' | 'closed'
  calledAt: number | null
  servingAt: number | null
  finishedAt: number | null
  counterId: number | null
  staffId: number | null
  id: number
  events: [at: number, type: QueueEventName, from: TicketStatus | null, to: TicketStatus, counterId: number | null, actor: number | null, data: string | null][]
}

/** Rows gathered before they are written, so that each statement carries a few thousand. */
const FLUSH_TICKETS = 5_000

export async function generateHistory(database: Database, opts: HistoryOptions): Promise<HistoryResult> {
  if (!(opts.days >= 1 && opts.ticketsPerDay >= 1)) throw new Error('days and ticketsPerDay must be at least 1')
  const now = opts.now ?? Date.now()
  // Index pages for a year of tickets do not fit SQLite's default 2 MB cache: lend it more for the run.
  const sqlite = database.sqlite?.sqlite
  const cacheSize = sqlite?.pragma('cache_size', { simple: true }) as number | undefined
  sqlite?.pragma('cache_size = -262144')
  try {
    const { result, timeZone } = await inTransaction(database, (sql) => fill(sql, opts))
    // Reports over these days are then fast from the first one on (see facts.ts).
    const source = reportSourceOf(database)
    const clock = new LocalClock(timeZone)
    const today = serviceDayOf(now, timeZone)
    for (let from = result.firstDay; from <= result.lastDay; from = addDays(from, 31)) {
      const to = addDays(from, 30) < result.lastDay ? addDays(from, 30) : result.lastDay
      await loadFacts(source, opts.siteId, from, to, today, clock, now)
    }
    return result
  } finally {
    if (cacheSize !== undefined) sqlite?.pragma(`cache_size = ${cacheSize}`)
  }
}

async function fill(sql: Sql, opts: HistoryOptions): Promise<{ result: HistoryResult; timeZone: string }> {
  const rand = random(opts.seed ?? 1)
  // Ratings draw from their own sequence, so adding them left the rest of the history unchanged.
  const rateRand = random((opts.seed ?? 1) ^ 0x5eed)
  // On PostgreSQL the site's row is locked, as every command locks it: the event sequence stays gap-free.
  const [site] = await sql.rows<[string, number]>(`select time_zone, event_seq from sites where id = $1${sql.kind === 'postgres' ? ' for update' : ''}`, [
    opts.siteId,
  ])
  if (!site) throw new Error(`site ${opts.siteId} does not exist`)
  const [timeZone, eventSeq] = site
  const clock = new LocalClock(timeZone)
  const lastDay = opts.endDay ?? addDays(serviceDayOf(opts.now ?? Date.now(), timeZone), -1)
  const firstDay = addDays(lastDay, -(opts.days - 1))
  const [[overlap] = [0]] = await sql.rows<[number]>('select count(*) from tickets where site_id = $1 and service_day between $2 and $3', [
    opts.siteId,
    firstDay,
    lastDay,
  ])
  if (overlap > 0) throw new Error(`the site already has ${overlap} tickets between ${firstDay} and ${lastDay}`)

  const services = await loadServices(sql, opts.siteId)
  if (services.length === 0) throw new Error('the site has no services to generate tickets for')
  const ids = async (text: string) => (await sql.rows<[number]>(text, [opts.siteId])).map(([id]) => id)
  const staffIds = await ids("select id from users where site_id = $1 and role = 'staff' order by id")
  const groupIds = await ids('select id from priority_groups where site_id = $1 order by sort_order, id')
  const perDay = opts.addCounters === false ? 0 : opts.ticketsPerDay
  const { counters, added } = await ensureCapacity(sql, opts.siteId, services, perDay, clock.toInstant(firstDay, 0))
  const write = writer(sql, await nextTicketId(sql))
  let seq = eventSeq
  let tickets = 0
  let events = 0
  let workingDays = 0
  for (let dayNo = dayNumber(firstDay); dayNo <= dayNumber(lastDay); dayNo++) {
    const day = dayString(dayNo)
    const weekday = isoWeekday(day)
    if (weekday > 5 || HOLIDAYS.has(day.slice(5))) continue
    workingDays++
    const entries = simulateDay(day, weekday, clock, services, counters, staffIds, groupIds, opts.ticketsPerDay, rand)
    // Ids in the order the tickets were created, as the database would hand them out.
    for (const e of entries) e.id = write.ticketId++
    const log: [number, Entry, Entry['events'][number]][] = []
    for (const e of entries) {
      write.tickets.push([
        e.id,
        opts.siteId,
        e.service.id,
        day,
        e.number,
        e.seqNo,
        e.priorityGroupId,
        e.status,
        ms(e.issuedAt),
        ms(e.queuedAt),
        ms(e.calledAt),
        ms(e.servingAt),
        ms(e.finishedAt),
        e.counterId,
        e.staffId,
        e.recalls,
        e.from?.id ?? null,
        randomCode(rand),
      ])
      for (const ev of e.events) log.push([ev[0], e, ev])
      if (e.status === 'done' && e.finishedAt !== null && e.calledAt !== null) {
        const score = ratingOf(e.calledAt - e.queuedAt, rateRand)
        if (score > 0) {
          // Most ratings come from the device on the counter's desk; an unsatisfied one says why.
          const channel = rateRand() < 0.65 ? 'device' : 'phone'
          const reason = DEFAULT_RATING_REASONS[Math.floor(rateRand() * DEFAULT_RATING_REASONS.length)]!.vi
          const reasons = JSON.stringify(score <= UNSATISFIED_LEVEL ? [reason] : [])
          write.ratings.push([opts.siteId, e.id, e.counterId, e.staffId, score, 5, channel, reasons, ms(e.finishedAt + 60_000)])
        }
      }
    }
    log.sort((a, b) => a[0] - b[0])
    for (const [at, e, [, type, from, to, counterId, actor, data]] of log) {
      const payload = type === 'ticket:transferred' ? JSON.stringify({ ...JSON.parse(data ?? '{}'), newTicketId: e.movedTo?.id }) : data
      write.events.push([opts.siteId, ++seq, type, e.id, counterId, e.service.id, from, to, actor === null ? 'device' : 'staff', actor, ms(at), payload])
    }
    const closed = entries.filter((e) => e.status === 'closed')
    if (closed.length > 0) {
      const at = clock.startOfDay(addDays(day, 1))
      const data = JSON.stringify({ closed: closed.map((e) => [e.id, 'waiting']) })
      write.events.push([opts.siteId, ++seq, 'day:closed', null, null, null, null, null, 'system', null, at, data])
      events++
    }
    for (const s of services) {
      const last = entries.reduce((n, e) => (e.service === s && e.from === null ? Math.max(n, e.seqNo) : n), 0)
      if (last > 0) write.numbers.push([s.id, day, last])
    }
    tickets += entries.length
    events += log.length
    if (write.tickets.length >= FLUSH_TICKETS) await write.flush()
  }
  await write.flush()
  await sql.rows('update sites set event_seq = $1 where id = $2', [seq, opts.siteId])
  if (sql.kind === 'postgres' && write.ticketId > 1) {
    // The ids were written explicitly: the identity sequence must hand out the next one after them.
    await sql.rows("select setval(pg_get_serial_sequence('tickets', 'id'), $1)", [write.ticketId - 1])
  }
  return { result: { firstDay, lastDay, workingDays, tickets, events, countersAdded: added }, timeZone }
}

/**
 * An instant as the database holds it: whole milliseconds (a bigint on PostgreSQL). The simulation
 * runs on fractions of a millisecond, which SQLite would keep as REAL.
 */
function ms<T extends number | null>(instant: T): T {
  return (instant === null ? null : Math.round(instant)) as T
}

/**
 * The id the next ticket would get: past the highest one there is, and past any the database has
 * handed out before (SQLite's AUTOINCREMENT, PostgreSQL's identity sequence), never reusing one.
 */
async function nextTicketId(sql: Sql): Promise<number> {
  const handedOut =
    sql.kind === 'postgres'
      ? "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('tickets', 'id')::regclass), 0)"
      : "select coalesce((select seq from sqlite_sequence where name = 'tickets'), 0)"
  const [[max = 0] = []] = await sql.rows<[number]>('select coalesce(max(id), 0) from tickets')
  const [[last = 0] = []] = await sql.rows<[number]>(handedOut)
  return Math.max(max, last) + 1
}

const TICKET_COLUMNS = [
  'id',
  'site_id',
  'service_id',
  'service_day',
  'number',
  'seq_no',
  'priority_group_id',
  'status',
  'issued_at',
  'queued_at',
  'called_at',
  'serving_at',
  'finished_at',
  'counter_id',
  'staff_id',
  'recall_count',
  'transferred_from_id',
  'tracking_code',
]
const EVENT_COLUMNS = ['site_id', 'seq', 'type', 'ticket_id', 'counter_id', 'service_id', 'from_status', 'to_status', 'actor_type', 'actor_id', 'at', 'data']
const RATING_COLUMNS = ['site_id', 'ticket_id', 'counter_id', 'staff_id', 'score', 'scale', 'channel', 'reasons', 'at']

/** Rows waiting to be written, tickets first (ratings refer to them). */
function writer(sql: Sql, ticketId: number) {
  const w = {
    ticketId,
    tickets: [] as unknown[][],
    ratings: [] as unknown[][],
    events: [] as unknown[][],
    numbers: [] as unknown[][],
    async flush() {
      await sql.insert('tickets', TICKET_COLUMNS, w.tickets)
      await sql.insert('ratings', RATING_COLUMNS, w.ratings)
      await sql.insert('events', EVENT_COLUMNS, w.events)
      await sql.insert(
        'number_counters',
        ['service_id', 'service_day', 'last_seq_no'],
        w.numbers,
        `on conflict (service_id, service_day) do update set last_seq_no =
          case when excluded.last_seq_no > number_counters.last_seq_no then excluded.last_seq_no else number_counters.last_seq_no end`,
      )
      w.tickets = []
      w.ratings = []
      w.events = []
      w.numbers = []
    },
  }
  return w
}

/**
 * A third of served citizens rate the visit, on the five-level scale (shared/ratings.ts); mostly
 * Hài lòng or better, less so after a long wait. 0: not rated.
 */
function ratingOf(waitMs: number, rand: () => number): number {
  if (rand() >= 0.33) return 0
  const long = waitMs > 30 * 60_000
  const x = rand()
  if (x < (long ? 0.3 : 0.55)) return 5
  if (x < (long ? 0.65 : 0.88)) return 4
  if (x < (long ? 0.88 : 0.97)) return 3
  if (x < (long ? 0.96 : 0.99)) return 2
  return 1
}

function randomCode(rand: () => number): string {
  let s = ''
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (let i = 0; i < 8; i++) s += abc[Math.floor(rand() * 64)]
  return s
}

async function loadServices(sql: Sql, siteId: number): Promise<ServiceInfo[]> {
  type Row = [number, string, NumberingRule['numbering'], string, number, number, number, string | OpeningHours | null, number, number | boolean]
  const rows = await sql.rows<Row>(
    `select id, code, numbering, prefix, digits, block_start, block_end, hours, default_service_minutes, active
     from services where site_id = $1 order by sort_order, id`,
    [siteId],
  )
  // active is an integer on SQLite and a boolean on PostgreSQL; hours JSON text and jsonb.
  return rows.flatMap(([id, code, numbering, prefix, digits, blockStart, blockEnd, hours, minutes, active]) => {
    if (!active) return []
    const profile = PROFILES[code]
    const [lo, hi] = profile?.range ?? [minutes * 0.6, minutes * 1.6]
    // Log-normal with 10th–90th percentiles at lo–hi: σ = ln(hi/lo) / (2 × 1.2816).
    return {
      id,
      code,
      numbering,
      prefix,
      digits,
      blockStart,
      blockEnd,
      hours: typeof hours === 'string' ? (JSON.parse(hours) as OpeningHours) : hours,
      medianMinutes: Math.sqrt(lo * hi),
      sigma: Math.log(hi / lo) / 2.563,
      weight: profile?.weight ?? 0.08,
    }
  })
}

/**
 * A large centre has many counters. When the site's counters cannot serve `ticketsPerDay` with
 * waits a real centre would tolerate, counters are added (one service each, the busiest first).
 */
async function ensureCapacity(sql: Sql, siteId: number, services: ServiceInfo[], perDay: number, now: number) {
  const load = (counters: CounterInfo[]) => {
    const totalWeight = services.reduce((n, s) => n + s.weight, 0)
    // Minutes of work per service and day, shared among the counters that serve it.
    return services.map((s) => {
      // Mean of the log-normal service time, plus about a minute to call, recall and walk up.
      const minutes = ((perDay * s.weight) / totalWeight) * (s.medianMinutes * Math.exp((s.sigma * s.sigma) / 2) + 1.2)
      const share = counters.reduce((n, c) => n + (c.serviceIds.has(s.id) ? 1 / c.serviceIds.size : 0), 0)
      return { service: s, perCounter: minutes / Math.max(share, 0.01) }
    })
  }
  const read = async () => {
    const rows = await sql.rows<[number, number]>(
      `select c.id, cs.service_id from counters c join counter_services cs on cs.counter_id = c.id
       where c.site_id = $1 order by c.number, cs.position, cs.service_id`,
      [siteId],
    )
    const byId = new Map<number, CounterInfo>()
    for (const [id, serviceId] of rows) {
      const c = byId.get(id) ?? { id, serviceIds: new Set<number>() }
      c.serviceIds.add(serviceId)
      byId.set(id, c)
    }
    return [...byId.values()]
  }
  let counters = await read()
  let added = 0
  // A counter works about 7 hours a day. Arrivals bunch in the first morning hours (twice the day's
  // average rate), so counters busy 55 % of the day already keep citizens waiting at the peak.
  const capacity = 7 * 60 * 0.55
  for (;;) {
    const worst = load(counters).sort((a, b) => b.perCounter - a.perCounter)[0]
    if (!worst || worst.perCounter <= capacity || added >= 200) break
    const [[id] = []] = await sql.rows<[number]>(
      `insert into counters (site_id, number, name, status, updated_at)
       values ($1, (select coalesce(max(number), 0) + 1 from counters where site_id = $1),
         'Quầy ' || (select coalesce(max(number), 0) + 1 from counters where site_id = $1), 'closed', $2) returning id`,
      [siteId, now],
    )
    if (id === undefined) throw new Error('adding a counter returned no id')
    await sql.rows('insert into counter_services (counter_id, service_id, position) values ($1, $2, 0)', [id, worst.service.id])
    counters = await read()
    added++
  }
  return { counters, added }
}

function sampleArrivalMinute(rand: () => number): number {
  const total = ARRIVAL_SHAPE.reduce((n, [, w]) => n + w, 0)
  let x = rand() * total
  for (const [minute, w] of ARRIVAL_SHAPE) {
    if (x < w) return minute + rand() * 30
    x -= w
  }
  return 900
}

function logNormal(rand: () => number, median: number, sigma: number): number {
  const u = Math.max(rand(), 1e-9)
  const v = rand()
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  return median * Math.exp(sigma * z)
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!
}

function simulateDay(
  day: string,
  weekday: number,
  clock: LocalClock,
  services: ServiceInfo[],
  counters: CounterInfo[],
  staffIds: number[],
  groupIds: number[],
  perDay: number,
  rand: () => number,
): Entry[] {
  const midnight = clock.startOfDay(day)
  const at = (minute: number) => midnight + minute * MIN
  const openAt = (s: ServiceInfo, minute: number) => isWithinHours(s.hours, { date: day, weekday, minutes: Math.floor(minute) })
  const count = Math.round(perDay * WEEKDAY_FACTOR[weekday]! * (0.9 + rand() * 0.2))
  const totalWeight = services.reduce((n, s) => n + s.weight, 0)
  const arrivals: { minute: number; service: ServiceInfo }[] = []
  for (let i = 0; i < count; i++) {
    const minute = sampleArrivalMinute(rand)
    let x = rand() * totalWeight
    let service = services[0]!
    for (const s of services) {
      service = s
      if (x < s.weight) break
      x -= s.weight
    }
    if (!openAt(service, minute)) service = pick(rand, services.filter((s) => openAt(s, minute)).concat(service))
    if (openAt(service, minute)) arrivals.push({ minute, service })
  }
  arrivals.sort((a, b) => a.minute - b.minute)

  // Staff sit at the same counter most days; now and then two swap.
  const staffOf = new Map<number, number | null>()
  counters.forEach((c, i) => staffOf.set(c.id, staffIds.length > 0 ? staffIds[i % staffIds.length]! : null))
  if (counters.length > 1 && rand() < 0.15) {
    const a = pick(rand, counters)
    const b = pick(rand, counters)
    const sa = staffOf.get(a.id) ?? null
    staffOf.set(a.id, staffOf.get(b.id) ?? null)
    staffOf.set(b.id, sa)
  }

  const seqBy = new Map<ServiceInfo, number>()
  const entries: Entry[] = []
  const newEntry = (service: ServiceInfo, queuedAt: number, from: Entry | null, seqNo: number, number: string, group: number | null): Entry => ({
    service,
    number,
    seqNo,
    priorityGroupId: group,
    issuedAt: from?.issuedAt ?? queuedAt,
    queuedAt,
    readyAt: queuedAt,
    from,
    movedTo: null,
    cancelAt: null,
    calls: [],
    returns: [],
    recalls: 0,
    status: 'closed',
    calledAt: null,
    servingAt: null,
    finishedAt: null,
    counterId: null,
    staffId: null,
    id: 0,
    events: [],
  })
  for (const a of arrivals) {
    const seqNo = (seqBy.get(a.service) ?? 0) + 1
    seqBy.set(a.service, seqNo)
    const group = groupIds.length > 0 && rand() < 0.08 ? pick(rand, groupIds) : null
    const e = newEntry(a.service, at(a.minute), null, seqNo, formatTicketNumber(a.service, seqNo) ?? String(seqNo), group)
    if (rand() < 0.012) e.cancelAt = e.queuedAt + (5 + rand() * 25) * MIN
    e.events.push([e.issuedAt, 'ticket:issued', null, 'waiting', null, null, null])
    entries.push(e)
  }

  const free = new Map<number, number>(counters.map((c) => [c.id, at(OPENING[0]![0])]))
  const closing = at(OPENING[1]![1])
  // Staff finish the morning queue until about 11:45, then break until the afternoon opens.
  const lunch = [at(OPENING[0]![1] + 15), at(OPENING[1]![0])] as const
  // Ready entries in call order: priority tickets go about 20 minutes ahead of their place.
  const queue = new CallOrder()
  for (const e of entries) queue.push(e)
  for (let e = queue.pop(); e; e = queue.pop()) {
    const eligible = counters.filter((c) => c.serviceIds.has(e.service.id))
    let counter: CounterInfo | undefined
    let callAt = Infinity
    for (const c of eligible) {
      let t = Math.max(free.get(c.id) ?? 0, e.readyAt)
      if (t >= lunch[0] && t < lunch[1]) t = lunch[1]
      if (t < callAt) {
        callAt = t
        counter = c
      }
    }
    callAt += rand() * 20_000
    if (e.cancelAt !== null && e.calls.length === 0 && callAt > e.cancelAt) {
      finishAs(e, 'cancelled', e.cancelAt, 'waiting')
      continue
    }
    if (!counter || callAt > closing) {
      e.status = 'closed'
      e.finishedAt = clock.startOfDay(addDays(day, 1))
      e.calledAt = null
      e.counterId = null
      e.staffId = null
      continue
    }
    const staffId = staffOf.get(counter.id) ?? null
    e.calls.push(callAt)
    e.calledAt = callAt
    e.counterId = counter.id
    e.staffId = staffId
    e.events.push([callAt, 'ticket:called', 'waiting', 'called', counter.id, staffId, null])
    let t = callAt
    const recalls = rand() < 0.1 ? 1 + Math.floor(rand() * 2) : 0
    for (let i = 0; i < recalls; i++) {
      t += (30 + rand() * 40) * 1000
      e.recalls++
      e.events.push([t, 'ticket:recalled', 'called', 'called', counter.id, staffId, null])
    }
    if (rand() < 0.035) {
      // Absent. One in three comes back within half an hour and waits in their old place.
      t += (40 + rand() * 60) * 1000
      e.status = 'no_show'
      e.finishedAt = t
      e.events.push([t, 'ticket:no_show', 'called', 'no_show', counter.id, staffId, null])
      free.set(counter.id, t)
      const backAt = t + (5 + rand() * 25) * MIN
      if (rand() < 0.33 && e.returns.length === 0 && backAt < closing - 20 * MIN) {
        e.returns.push(backAt)
        e.events.push([backAt, 'ticket:returned', 'no_show', 'waiting', null, staffId, JSON.stringify({ previousCounterId: counter.id })])
        e.readyAt = backAt
        e.status = 'closed'
        e.calledAt = null
        e.finishedAt = null
        queue.push(e)
      }
      continue
    }
    t += (15 + rand() * 60) * 1000
    e.servingAt = t
    e.events.push([t, 'ticket:serving', 'called', 'serving', counter.id, staffId, null])
    const serviceMs = Math.min(logNormal(rand, e.service.medianMinutes, e.service.sigma), e.service.medianMinutes * 5) * MIN
    const others = services.filter((s) => s !== e.service && openAt(s, (t - at(0)) / MIN))
    if (e.from === null && others.length > 0 && rand() < 0.03) {
      // Wrong field: after a few minutes the dossier goes to another service, same number.
      const movedAt = t + Math.min(serviceMs, (1 + rand() * 4) * MIN)
      const target = pick(rand, others)
      e.status = 'transferred'
      e.finishedAt = movedAt
      e.events.push([
        movedAt,
        'ticket:transferred',
        'serving',
        'transferred',
        counter.id,
        staffId,
        JSON.stringify({ toServiceId: target.id, toCounterId: null, note: null }),
      ])
      free.set(counter.id, movedAt)
      const moved = newEntry(target, movedAt, e, e.seqNo, e.number, e.priorityGroupId)
      e.movedTo = moved
      entries.push(moved)
      queue.push(moved)
      continue
    }
    e.status = 'done'
    e.finishedAt = t + serviceMs
    e.events.push([e.finishedAt, 'ticket:finished', 'serving', 'done', counter.id, staffId, null])
    free.set(counter.id, e.finishedAt + (10 + rand() * 30) * 1000)
  }
  return entries

  function finishAs(e: Entry, status: 'cancelled', instant: number, from: TicketStatus) {
    e.status = status
    e.finishedAt = instant
    e.calledAt = null
    e.counterId = null
    e.staffId = null
    e.events.push([instant, `ticket:${status}`, from, status, null, staffIds[0] ?? null, null])
  }
}

/** A binary heap of entries by call order: ready time, with priority tickets about 20 minutes ahead. */
class CallOrder {
  readonly #heap: [key: number, order: number, entry: Entry][] = []
  #order = 0

  push(e: Entry): void {
    const item: [number, number, Entry] = [e.readyAt - (e.priorityGroupId !== null ? 20 * MIN : 0), this.#order++, e]
    const h = this.#heap
    h.push(item)
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1
      if (!before(h[i]!, h[parent]!)) break
      ;[h[i], h[parent]] = [h[parent]!, h[i]!]
      i = parent
    }
  }

  pop(): Entry | undefined {
    const h = this.#heap
    const top = h[0]
    const last = h.pop()
    if (!top || !last) return undefined
    if (h.length > 0) {
      h[0] = last
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && before(h[l]!, h[m]!)) m = l
        if (r < h.length && before(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top[2]
  }
}

function before(a: [number, number, Entry], b: [number, number, Entry]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
}
