/** Ticket numbers: a letter prefix with zero-padded digits (A001) or a block of numbers (1001–1999). */
import type { NumberingKind } from '../../../shared/constants.js'

export interface NumberingRule {
  numbering: NumberingKind
  prefix: string
  digits: number
  blockStart: number
  blockEnd: number
}

/** How many tickets a service can number in one day before the numbers run out. */
export function numberingCapacity(rule: NumberingRule): number {
  return rule.numbering === 'prefix' ? 10 ** rule.digits - 1 : rule.blockEnd - rule.blockStart + 1
}

/** The printed number for the n-th ticket of the day (n from 1), or null when the numbers ran out. */
export function formatTicketNumber(rule: NumberingRule, seqNo: number): string | null {
  if (seqNo < 1 || seqNo > numberingCapacity(rule)) return null
  if (rule.numbering === 'prefix') return `${rule.prefix}${String(seqNo).padStart(rule.digits, '0')}`
  return String(rule.blockStart + seqNo - 1)
}
