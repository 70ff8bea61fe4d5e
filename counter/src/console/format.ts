/** Durations and names as a counter shows them. */
import type { Lang } from '../../../shared/web/i18n.js'

/** A service's or priority group's name in the screen's language. */
export function nameIn(lang: Lang, item: { nameVi: string; nameEn: string }): string {
  return lang === 'en' ? item.nameEn : item.nameVi
}

/** "4:07", or "1:02:07" past an hour; never negative (the clocks may disagree by a little). */
export function clockDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** Whole minutes waited. */
export function minutesWaited(ms: number): number {
  return Math.max(0, Math.floor(ms / 60_000))
}
