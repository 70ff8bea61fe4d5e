/** What every administrative command shares. */
import type { EventDraft } from '../runner.js'
import { DomainError } from '../errors.js'

/** A PATCH whose known fields were all absent (unknown ones are stripped by validation). */
export function requireSomeChange(changes: object): void {
  if (Object.keys(changes).length === 0) throw new DomainError('bad_request', 'Nothing to change', 400)
}

/** The queue's configuration changed (services, counters …): connected screens fetch a new snapshot. */
export function siteChanged(what: string): EventDraft {
  return { name: 'site:changed', data: { what }, payload: { what } }
}

/** Which of `wanted` are missing from `found`, in the order they were asked for. */
export function missing(wanted: number[], found: number[]): number[] {
  return wanted.filter((id) => !found.includes(id))
}
