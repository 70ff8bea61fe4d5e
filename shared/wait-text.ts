/**
 * How every citizen-facing place writes a wait estimate: the kiosk's tiles and result, both paper
 * tickets and the phone's ticket page. One formatter, so the paper never says "~0 phút" where the
 * screen says "Sắp đến lượt", and "no counter open" reads the same everywhere.
 */
import type { ServingCounters } from './types.js'
import { translator, type Catalogue, type Lang } from './web/i18n.js'

type WaitKey = 'minutes' | 'hours' | 'hoursMinutes' | 'soon' | 'paused' | 'none'

export const WAIT_MESSAGES: Catalogue<WaitKey> = {
  vi: {
    minutes: 'Khoảng {n} phút',
    hours: 'Khoảng {h} giờ',
    hoursMinutes: 'Khoảng {h} giờ {m} phút',
    soon: 'Sắp đến lượt',
    paused: 'Quầy đang tạm ngừng',
    none: 'Chưa có quầy mở',
  },
  en: {
    minutes: 'About {n} min',
    hours: 'About {h} h',
    hoursMinutes: 'About {h} h {m} min',
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
  const minutes = figures.estimatedWaitMinutes
  if (minutes <= 0) return t(lang, 'soon')
  if (minutes < 60) return t(lang, 'minutes', { n: minutes })
  // "Khoảng 163 phút" is hard to take in: hours and minutes, to the nearest 5 (an estimate).
  const rounded = Math.round(minutes / 5) * 5
  const h = Math.floor(rounded / 60)
  const m = rounded % 60
  return m === 0 ? t(lang, 'hours', { h }) : t(lang, 'hoursMinutes', { h, m })
}
