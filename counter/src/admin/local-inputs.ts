/**
 * Day and time fields written the Vietnamese way whatever the PC's regional settings say.
 *
 * Why not `<input type="date">` / `<input type="time">`: Chromium draws them in the operating
 * system's locale, not the page's language, so an English Windows shows mm/dd/yyyy and AM/PM on a
 * Vietnamese screen, and nothing in HTML or CSS changes that. These are plain text fields with a
 * pattern, a placeholder and a parser; the value kept and sent stays ISO (YYYY-MM-DD, HH:MM).
 */
import { html } from 'lit'
import { dayToText } from '../../../shared/local-time.js'

/** 23/11/2026, 3/1/2026, 23-11-2026 or 23.11.2026 → ISO day; null for anything that is not a real calendar day. */
export function textToDay(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text)
  if (!m) return null
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** 7:30, 07:30, 7h30, 0730 → 07:30 (24-hour); null for anything else. */
export function textToTime(text: string): string | null {
  const m = /^\s*(\d{1,2})(?:[:.hH](\d{2})?|(\d{2}))?\s*$/.exec(text)
  if (!m) return null
  const h = Number(m[1])
  const min = Number(m[2] ?? m[3] ?? '0')
  if (h > 23 || min > 59) return null
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`
}

/** What the field accepts, for the browser's own check before submitting. */
export const DAY_PATTERN = '\\s*\\d{1,2}[\\/.\\-]\\d{1,2}[\\/.\\-]\\d{4}\\s*'
export const TIME_PATTERN = '\\s*([01]?\\d|2[0-3])([:.hH]([0-5]\\d)?|[0-5]\\d)?\\s*'

interface FieldOptions {
  name: string
  label: string
  /** The message when what is typed is not a day / a time. */
  invalid: string
  readonly?: boolean
  required?: boolean
}

/**
 * A day field: shows dd/mm/yyyy, calls `onValue` with the ISO day ('' when cleared) as soon as
 * what is typed is a real day, and marks itself invalid (with `invalid` as the message) otherwise.
 */
export function dayField(iso: string, opts: FieldOptions, onValue: (iso: string) => void) {
  const check = (input: HTMLInputElement) => {
    const day = textToDay(input.value)
    input.setCustomValidity(day !== null || (input.value.trim() === '' && !opts.required) ? '' : opts.invalid)
    if (day !== null) onValue(day)
    else if (input.value.trim() === '') onValue('')
  }
  return html`<input
    type="text"
    name=${opts.name}
    inputmode="numeric"
    autocomplete="off"
    maxlength="10"
    size="10"
    placeholder="dd/mm/yyyy"
    style="width:8.5em;font-variant-numeric:tabular-nums"
    pattern=${DAY_PATTERN}
    title=${opts.invalid}
    aria-label=${opts.label}
    data-day-field
    ?required=${opts.required ?? false}
    ?readonly=${opts.readonly ?? false}
    .value=${dayToText(iso)}
    @input=${(e: Event) => check(e.target as HTMLInputElement)}
    @change=${(e: Event) => {
      const input = e.target as HTMLInputElement
      check(input)
      const day = textToDay(input.value)
      if (day !== null) input.value = dayToText(day)
    }}
  />`
}

/** A 24-hour time field (HH:MM), same behaviour as `dayField`. */
export function timeField(value: string, opts: FieldOptions, onValue: (time: string) => void) {
  // While typing, "7" is on its way to "7:30": only a time with its minutes is passed on; on
  // leaving the field, "7" means 07:00.
  const check = (input: HTMLInputElement, done: boolean) => {
    const time = textToTime(input.value)
    input.setCustomValidity(time !== null ? '' : opts.invalid)
    if (time !== null && (done || /\d[:.hH]\d{2}\s*$/.test(input.value))) onValue(time)
  }
  return html`<input
    type="text"
    name=${opts.name}
    inputmode="numeric"
    autocomplete="off"
    maxlength="5"
    size="5"
    placeholder="hh:mm"
    style="width:5.5em;font-variant-numeric:tabular-nums"
    pattern=${TIME_PATTERN}
    title=${opts.invalid}
    aria-label=${opts.label}
    data-time-field
    ?required=${opts.required ?? true}
    ?readonly=${opts.readonly ?? false}
    .value=${value}
    @input=${(e: Event) => check(e.target as HTMLInputElement, false)}
    @change=${(e: Event) => {
      const input = e.target as HTMLInputElement
      check(input, true)
      const time = textToTime(input.value)
      if (time !== null) input.value = time
    }}
  />`
}
