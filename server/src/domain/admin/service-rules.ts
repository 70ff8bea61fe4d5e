/**
 * Checks on a service's settings that a JSON schema cannot express: opening periods in order,
 * a block that ends after it starts, and numbers that no other service already prints.
 */
import type { OpeningHours } from '../../../../shared/types.js'
import type { NumberingRule } from '../numbering.js'
import { DomainError } from '../errors.js'

export interface RuleOwner extends NumberingRule {
  id: number
  code: string
  active: boolean
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

export function checkHours(hours: OpeningHours | null | undefined): void {
  if (!hours) return
  if (new Set(hours.days).size !== hours.days.length) throw new DomainError('bad_request', 'A weekday is listed twice', 400)
  const periods = hours.periods.map((p) => [minutes(p.from), minutes(p.to)] as const).sort((a, b) => a[0] - b[0])
  periods.forEach(([from, to], i) => {
    if (to <= from) throw new DomainError('bad_request', 'An opening period must end after it starts', 400)
    const prev = periods[i - 1]
    if (prev && from < prev[1]) throw new DomainError('bad_request', 'Opening periods overlap', 400)
  })
}

/** Two services must never print the same number on one day: a citizen would answer the wrong call. */
export function checkNumbering(rule: NumberingRule, others: RuleOwner[]): void {
  if (rule.numbering === 'block') {
    if (rule.blockEnd < rule.blockStart) throw new DomainError('bad_request', 'The block must end after it starts', 400)
    const clash = others.find((o) => o.numbering === 'block' && o.blockStart <= rule.blockEnd && rule.blockStart <= o.blockEnd)
    if (clash) throw new DomainError('numbering_block_overlap', `Numbers ${rule.blockStart}–${rule.blockEnd} overlap service ${clash.code}`, 409)
  } else {
    if (rule.prefix === '') throw new DomainError('bad_request', 'A prefix numbering needs a prefix letter', 400)
    const clash = others.find((o) => o.numbering === 'prefix' && o.prefix === rule.prefix)
    if (clash) throw new DomainError('numbering_prefix_taken', `Prefix ${rule.prefix} is already used by service ${clash.code}`, 409)
  }
}
