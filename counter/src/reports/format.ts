/** How report figures read on screen: durations as minutes (or h:mm past an hour), shares as percent. */
import type { Lang } from '../../../shared/web/i18n.js'

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' }

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(n)
}

/** 7.5 min → "7,5 phút"; 75 min → "1 giờ 15"; null → "–". */
export function formatDuration(ms: number | null, lang: Lang): string {
  if (ms === null) return '–'
  const minutes = ms / 60_000
  if (minutes >= 60) {
    const h = Math.floor(minutes / 60)
    const m = Math.round(minutes - h * 60)
    return lang === 'vi' ? `${h} giờ ${String(m).padStart(2, '0')}` : `${h} h ${String(m).padStart(2, '0')}`
  }
  const value = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: minutes < 10 ? 1 : 0 }).format(minutes)
  return lang === 'vi' ? `${value} phút` : `${value} min`
}

export function formatShare(share: number | null, lang: Lang): string {
  if (share === null) return '–'
  // Always one decimal, so a column of shares lines up ("33,0%" beside "39,6%").
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share)
}

/** A mean rating on the five-level scale (1–5) with how many ratings it rests on: "3,4 (12)"; none → "–". */
export function formatRating(rating: { count: number; mean: number | null }, lang: Lang): string {
  if (rating.mean === null || rating.count === 0) return '–'
  const mean = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rating.mean)
  return `${mean} (${formatCount(rating.count, lang)})`
}

/** 2026-11-23 → "23/11/2026" (vi) or "23 Nov 2026" (en). */
export function formatDay(day: string, lang: Lang, withWeekday = false): string {
  const date = new Date(`${day}T12:00:00Z`)
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    day: '2-digit',
    month: lang === 'vi' ? '2-digit' : 'short',
    year: 'numeric',
    ...(withWeekday ? { weekday: 'short' } : {}),
  }).format(date)
}

/** The moment a report is printed, in the site's zone: "21:15 ngày 01/12/2026" (vi), "21:15, 01/12/2026" (en). */
export function formatPrintedAt(at: number, timeZone: string, lang: Lang): string {
  const parts = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  const time = `${get('hour')}:${get('minute')}`
  const day = `${get('day')}/${get('month')}/${get('year')}`
  return lang === 'vi' ? `${time} ngày ${day}` : `${time}, ${day}`
}

/** Axis numbers in the page's language: 1.200 (vi), 1,200 (en). */
export function formatAxisNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(n)
}
