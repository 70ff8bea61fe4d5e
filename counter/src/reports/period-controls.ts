/**
 * The period chooser of the centre's reports and the province's: preset buttons (today, this week,
 * …) and a from–to form, the same markup and messages in both. The host keeps the state and runs
 * the report; these only draw it.
 */
import { html } from 'lit'
import { REPORT_PRESETS, type ReportPreset } from '../../../shared/reports.js'
import { dayField } from '../admin/local-inputs.js'
import type { ReportMessage } from './messages.js'

export interface PeriodChoice {
  preset: ReportPreset | 'custom'
  customFrom: string
  customTo: string
}

/** The preset buttons, the chosen one pressed. */
export function presetButtons(choice: PeriodChoice, say: (key: ReportMessage) => string, choose: (preset: ReportPreset) => void) {
  return REPORT_PRESETS.map(
    (p) => html`<button type="button" data-preset=${p} aria-pressed=${choice.preset === p ? 'true' : 'false'} @click=${() => choose(p)}>${say(p)}</button>`,
  )
}

/** The from–to form; `apply` gets its submit event. */
export function customPeriodForm(
  choice: PeriodChoice,
  say: (key: ReportMessage) => string,
  set: (edge: 'customFrom' | 'customTo', day: string) => void,
  apply: (event: Event) => void,
) {
  return html`<form class="dates" @submit=${apply}>
    <label
      >${say('from')} ${dayField(choice.customFrom, { name: 'from', label: say('from'), invalid: say('dayInvalid'), required: true }, (day) => set('customFrom', day))}
    </label>
    <label>${say('to')} ${dayField(choice.customTo, { name: 'to', label: say('to'), invalid: say('dayInvalid'), required: true }, (day) => set('customTo', day))} </label>
    <button type="submit" class="primary" aria-pressed=${choice.preset === 'custom' ? 'true' : 'false'}>${say('apply')}</button>
  </form>`
}
