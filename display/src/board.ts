/**
 * What the board shows, derived from the live snapshot and the display's own settings. Pure, so
 * the rules (which counters, which services, what "current number" means) are tested under Node.
 */
import type { DisplayCounter, DisplaySnapshot } from '../../shared/display-stream.js'
import type { CallView, DeviceConfig } from '../../shared/types.js'
import { isAtCounter, ticketAt } from '../../shared/queue-state.js'

export type Theme = 'dark' | 'light'
export type DisplayLanguage = 'vi' | 'en'

/** A display's settings from its device record, with the defaults filled in. */
export interface DisplaySettings {
  /** Counters shown and announced; empty: all. */
  counterIds: number[]
  /** Services whose waiting counts are shown; empty: all active ones. */
  serviceIds: number[]
  languages: DisplayLanguage[]
  theme: Theme
}

export function displaySettings(config: DeviceConfig | null | undefined): DisplaySettings {
  const languages = (config?.languages ?? []).filter((l): l is DisplayLanguage => l === 'vi' || l === 'en')
  return {
    counterIds: config?.counterIds ?? [],
    serviceIds: config?.serviceIds ?? [],
    languages: languages.length > 0 ? languages : ['vi'],
    theme: config?.theme === 'light' ? 'light' : 'dark',
  }
}

export function showsCounter(settings: DisplaySettings, counterId: number): boolean {
  return settings.counterIds.length === 0 || settings.counterIds.includes(counterId)
}

export type CounterRowStatus = 'calling' | 'serving' | 'idle' | 'paused' | 'closed'

export interface CounterRow {
  id: number
  number: number
  /** Services of the counter, in its order, as "Đất đai · Xây dựng" (English names stay on the waiting tiles). */
  servicesVi: string
  status: CounterRowStatus
  /** The number called or being served there, or null. */
  ticketNumber: string | null
}

function counterStatus(counter: DisplayCounter, ticketStatus: string | undefined): CounterRowStatus {
  if (ticketStatus === 'called') return 'calling'
  if (ticketStatus === 'serving') return 'serving'
  if (counter.status === 'paused') return 'paused'
  if (counter.status === 'closed') return 'closed'
  return 'idle'
}

/** Each shown counter with the number at it now, by counter number. */
export function counterRows(state: DisplaySnapshot, settings: DisplaySettings): CounterRow[] {
  const services = new Map(state.services.map((s) => [s.id, s]))
  return state.counters
    .filter((c) => showsCounter(settings, c.id))
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      // Only a live ticket that is really at this counter counts: never a stale id.
      const here = ticketAt(state, c)
      const names = c.serviceIds.map((id) => services.get(id)).filter((s) => s !== undefined)
      return {
        id: c.id,
        number: c.number,
        servicesVi: names.map((s) => s.nameVi).join(' · '),
        status: counterStatus(c, here?.status),
        ticketNumber: here?.number ?? null,
      }
    })
}

/** Names one call (a recall is another call) in live state and in a snapshot alike. */
export function callKey(call: CallView): string {
  return `${call.ticketId}@${call.at}${call.recall ? 'r' : 'c'}`
}

export interface CallRow {
  /** Identifies this call on screen (a recall is a new call). */
  key: string
  ticketId: number
  number: string
  counterNumber: number
  recall: boolean
  at: number
}

function callRow(call: CallView, counterNumber: number): CallRow {
  return { key: callKey(call), ticketId: call.ticketId, number: call.number, counterNumber, recall: call.recall, at: call.at }
}

export interface BoardCalls {
  /** The newest call that still stands, for the big panel; null: nobody is being invited now. */
  latest: CallRow | null
  /** Earlier calls, newest first, without the ones that would now send someone to the wrong place. */
  recent: CallRow[]
}

/**
 * The calls the board shows. A call *stands* while its ticket is still called or being served at
 * that counter and the counter is open: only such a call is in the big "Mời công dân có số … đến
 * quầy số …" panel (the newest one). A call that no longer stands because the ticket was served,
 * or not seen, stays in the list of recent calls (a citizen who missed the voice still finds the
 * number); a call that now points to the wrong place is left out of both: the ticket was
 * transferred (its number waits again or is at another counter), or the counter is paused or
 * closed. Each number appears once, with its newest call.
 */
export function boardCalls(state: DisplaySnapshot, settings: DisplaySettings, recentLimit: number): BoardCalls {
  const counters = new Map(state.counters.map((c) => [c.id, c]))
  const live = new Map(state.tickets.map((t) => [t.id, t]))
  const liveByNumber = new Map(state.tickets.map((t) => [t.number, t]))
  const seen = new Set<string>()
  let latest: CallRow | null = null
  const recent: CallRow[] = []
  for (const call of state.recentCalls) {
    if (latest && recent.length >= recentLimit) break
    const counter = counters.get(call.counterId)
    if (!counter || !showsCounter(settings, counter.id) || seen.has(call.number)) continue
    seen.add(call.number)
    const ticket = live.get(call.ticketId)
    const stands = counter.status === 'open' && ticket !== undefined && isAtCounter(ticket, counter)
    const row = callRow(call, counter.number)
    if (stands && !latest) {
      latest = row
      continue
    }
    // A number that is live again but not in this call was transferred (it waits again, or is at
    // another counter). A served or absent ticket has left the live queue: it stays as history.
    const moved = !stands && (liveByNumber.has(call.number) || live.has(call.ticketId))
    if (counter.status !== 'open' || moved) continue
    if (recent.length < recentLimit) recent.push(row)
  }
  return { latest, recent }
}

export interface WaitingRow {
  serviceId: number
  code: string
  nameVi: string
  nameEn: string
  waiting: number
}

/** How many citizens wait for each shown service, in the site's service order. */
export function waitingRows(state: DisplaySnapshot, settings: DisplaySettings): WaitingRow[] {
  return state.services
    .filter((s) => (settings.serviceIds.length === 0 ? s.active : settings.serviceIds.includes(s.id)))
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
    .map((s) => ({ serviceId: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, waiting: Math.max(0, state.waiting[s.id] ?? 0) })) // below zero only for a moment, while steps from two server processes cross
}
