/**
 * Opening hours as one value (`OpeningHours`, or null for no limit): weekdays and periods, typed as
 * 24-hour text (local-inputs.ts says why). For the centre's hours; a service's dialog keeps its own
 * draft fields and the same layout.
 */
import { html, nothing } from 'lit'
import type { OpeningHours } from '../../../shared/types.js'
import type { AdminKey } from './messages.js'
import { timeField } from './local-inputs.js'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
/** The province's usual day (DOMAIN.md): what "only in these hours" starts from. */
const USUAL: OpeningHours = {
  days: [1, 2, 3, 4, 5],
  periods: [
    { from: '07:30', to: '11:30' },
    { from: '13:30', to: '17:00' },
  ],
}

export interface HoursFieldOptions {
  name: string
  readonly: boolean
  labels: { legend: AdminKey; always: AdminKey; custom: AdminKey; hint?: AdminKey }
  tr: (key: AdminKey) => string
}

export function hoursField(hours: OpeningHours | null, opts: HoursFieldOptions, onChange: (hours: OpeningHours | null) => void) {
  const { tr, readonly: ro } = opts
  const h = hours
  const toggleDay = (day: number) => h && onChange({ ...h, days: h.days.includes(day) ? h.days.filter((x) => x !== day) : [...h.days, day].sort() })
  const setPeriod = (i: number, key: 'from' | 'to', value: string) =>
    h && onChange({ ...h, periods: h.periods.map((p, j) => (j === i ? { ...p, [key]: value } : p)) })
  return html`<fieldset class="full" data-hours=${opts.name}>
    <legend>${tr(opts.labels.legend)}</legend>
    ${opts.labels.hint ? html`<p class="help">${tr(opts.labels.hint)}</p>` : nothing}
    <div class="row">
      <label class="check"><input type="radio" name=${`${opts.name}-limited`} ?disabled=${ro} .checked=${h === null} @change=${() => onChange(null)} />${tr(opts.labels.always)}</label>
      <label class="check"><input type="radio" name=${`${opts.name}-limited`} ?disabled=${ro} .checked=${h !== null} @change=${() => onChange(h ?? USUAL)} />${tr(opts.labels.custom)}</label>
    </div>
    ${
      h === null
        ? nothing
        : html`<p class="help">${tr('days')}</p>
          <div class="row">
            ${WEEKDAYS.map(
              (day) =>
                html`<label class="check"><input type="checkbox" ?disabled=${ro} .checked=${h.days.includes(day)} @change=${() => toggleDay(day)} />${tr(`day${day}` as AdminKey)}</label>`,
            )}
          </div>
          <p class="help">${tr('periods')}</p>
          ${h.periods.map(
            (p, i) => html`<div class="row">
              ${tr('from')} ${timeField(p.from, { name: `${opts.name}From`, label: `${tr('from')} (${i + 1})`, invalid: tr('timeInvalid'), readonly: ro }, (v) => setPeriod(i, 'from', v))}
              ${tr('to')} ${timeField(p.to, { name: `${opts.name}To`, label: `${tr('to')} (${i + 1})`, invalid: tr('timeInvalid'), readonly: ro }, (v) => setPeriod(i, 'to', v))}
              ${
                h.periods.length > 1 && !ro
                  ? html`<button type="button" class="ghost" @click=${() => onChange({ ...h, periods: h.periods.filter((_, j) => j !== i) })}>${tr('remove')}</button>`
                  : nothing
              }
            </div>`,
          )}
          ${
            h.periods.length < 6 && !ro
              ? html`<div><button type="button" @click=${() => onChange({ ...h, periods: [...h.periods, { from: '13:30', to: '16:45' }] })}>+ ${tr('addPeriod')}</button></div>`
              : nothing
          }`
    }
  </fieldset>`
}
