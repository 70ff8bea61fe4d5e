/**
 * The satisfaction scale (DOMAIN.md, "Satisfaction rating"). Every rating is stored on one common
 * five-level scale, whatever the centre offered when it was given, with the scale it was given on
 * beside it, so that figures stay comparable when a centre changes its setting:
 *
 * | level | tiếng Việt          | English              | five-level scale | four-level scale |
 * |-------|---------------------|----------------------|------------------|------------------|
 * | 5     | Rất hài lòng        | Very satisfied       | yes              | yes              |
 * | 4     | Hài lòng            | Satisfied            | yes              | yes              |
 * | 3     | Bình thường         | Neutral              | yes              | yes              |
 * | 2     | Không hài lòng      | Not satisfied        | yes              | yes              |
 * | 1     | Rất không hài lòng  | Very dissatisfied    | yes              | no               |
 *
 * Ratings given before the five-level scale (1 Không hài lòng … 4 Rất hài lòng, four levels) were
 * moved up one level by the migration that added it: old 1 → 2, 2 → 3, 3 → 4, 4 → 5, scale 4. Their
 * meaning is kept, and "satisfied" (Hài lòng or better) stays what it was.
 */
import type { Language } from './constants.js'

export const RATING_SCALES = [5, 4] as const
export type RatingScale = (typeof RATING_SCALES)[number]
export const DEFAULT_RATING_SCALE: RatingScale = 5

/** How a rating reached the server: the tablet on the counter's desk, or the citizen's phone (the ticket's QR page). */
export const RATING_CHANNELS = ['device', 'phone'] as const
export type RatingChannel = (typeof RATING_CHANNELS)[number]

/** Hài lòng and Rất hài lòng: the "satisfied" share counts these over all ratings. */
export const SATISFIED_LEVEL = 4
/** Không hài lòng and below: the citizen is asked why, from the centre's list of reasons. */
export const UNSATISFIED_LEVEL = 2

/** The levels a scale offers, best first (as they are shown). */
export function levelsOf(scale: RatingScale): number[] {
  return scale === 4 ? [5, 4, 3, 2] : [5, 4, 3, 2, 1]
}

export function isOffered(scale: RatingScale, level: number): boolean {
  return levelsOf(scale).includes(level)
}

export const RATING_LABELS: Record<Language, Record<number, string>> = {
  vi: { 5: 'Rất hài lòng', 4: 'Hài lòng', 3: 'Bình thường', 2: 'Không hài lòng', 1: 'Rất không hài lòng' },
  en: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Neutral', 2: 'Not satisfied', 1: 'Very dissatisfied' },
}

/** A reason the centre offers when a citizen is not satisfied; stored with the rating in Vietnamese (`vi`). */
export interface RatingReason {
  vi: string
  en: string
}

export const DEFAULT_RATING_REASONS: RatingReason[] = [
  { vi: 'Thời gian chờ lâu', en: 'Long wait' },
  { vi: 'Cán bộ hướng dẫn chưa rõ', en: 'Unclear guidance from the officer' },
  { vi: 'Thái độ chưa tốt', en: 'Unfriendly attitude' },
  { vi: 'Phải đi lại nhiều lần', en: 'Had to come back several times' },
  { vi: 'Khác', en: 'Other' },
]

export const MAX_RATING_REASONS = 12
