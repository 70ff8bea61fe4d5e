/** A tiny message catalogue: each app defines its vi/en messages; `t` picks by the current language. */
export type Lang = 'vi' | 'en'

export type Catalogue<K extends string> = Record<Lang, Record<K, string>>

/** Returns a translator for a catalogue; `{name}` placeholders are filled from `params`. */
export function translator<K extends string>(catalogue: Catalogue<K>) {
  return (lang: Lang, key: K, params: Record<string, string | number> = {}): string =>
    catalogue[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? `{${name}}`))
}

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' }

export function formatTime(ms: number, timeZone: string, lang: Lang, seconds = false): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(ms)
}

export function formatDate(ms: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone, weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms)
}
