/**
 * How every citizen-facing place writes a wait estimate: the kiosk's tiles and result, both paper
 * tickets and the phone's ticket page. One formatter, so the paper never says "~0 phút" where the
 * screen says "Sắp đến lượt", and "no counter open" reads the same everywhere.
 */
import type { ServingCounters } from './types.js'
import { translator, type Catalogue, type Lang } from './web/i18n.js'

type WaitKey = 'minutes' | 'soon' | 'paused' | 'none'

export const WAIT_MESSAGES: Catalogue<WaitKey> = {
  vi: {
    minutes: 'Khoảng {n} phút',
    soon: 'Sắp đến lượt',
    paused: 'Quầy đang tạm ngừng',
    none: 'Chưa có quầy mở',
  },
  en: {
    minutes: 'About {n} min',
    soon: 'Your turn is near',
    paused: 'Counters paused',
    none: 'No counter open',
  },
}

const t = translator(WAIT_MESSAGES)

export interface WaitFigures {
  estimatedWaitMinutes: number
  /** Absent in figures from before the forecast knew about counters: taken as open. */
  servingCounters?: ServingCounters
}

/** "Khoảng 15 phút", "Sắp đến lượt", or, with no open counter to call the ticket, which it is. */
export function formatWait(lang: Lang, figures: WaitFigures): string {
  const counters = figures.servingCounters ?? 'open'
  if (counters !== 'open') return t(lang, counters)
  return figures.estimatedWaitMinutes > 0 ? t(lang, 'minutes', { n: figures.estimatedWaitMinutes }) : t(lang, 'soon')
}
