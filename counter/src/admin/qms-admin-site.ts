/** Site settings: names, logo, time zone, ticket footer, display notice, priority and reading rules, the satisfaction scale and reasons. */
import { html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { SiteSettingsInput } from '../../../shared/admin.js'
import { LANGUAGES, type Language, type NumberReading } from '../../../shared/constants.js'
import { hoursField } from './hours-field.js'
import type { ClosedDay, SiteView } from '../../../shared/types.js'
import type { RatingReason } from '../../../shared/ratings.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { noticeBar, pageHead } from './admin-templates.js'
import { dayField } from './local-inputs.js'

/** Zones offered in the list; any IANA zone the server knows is accepted. */
const ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Singapore', 'Asia/Tokyo', 'UTC']

function reasonsToText(reasons: RatingReason[]): string {
  return reasons.map((r) => (r.en ? `${r.vi} | ${r.en}` : r.vi)).join('\n')
}

/** One reason a line, blank lines dropped; the English after the first "|". */
function textToReasons(text: string): RatingReason[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const bar = line.indexOf('|')
      return bar < 0 ? { vi: line, en: '' } : { vi: line.slice(0, bar).trim(), en: line.slice(bar + 1).trim() }
    })
}

@customElement('qms-admin-site')
export class QmsAdminSite extends AdminScreen {
  private readonly settings = new AdminData(this, async () => {
    const site = (await this.call<{ site: SiteView }>('/api/admin/site')).site
    this.draft = {
      name: site.name,
      nameEn: site.nameEn,
      logoUrl: site.logoUrl ?? '',
      timeZone: site.timeZone,
      ticketFooter: site.ticketFooter,
      displayNotice: site.displayNotice,
      maxPriorityInRow: site.maxPriorityInRow,
      asideAlertMinutes: site.asideAlertMinutes,
      numberReading: site.numberReading,
      outcomeRequired: site.outcomeRequired,
      closedDays: site.closedDays.map((d) => ({ ...d })),
      address: site.address,
      hours: site.hours,
      languages: [...site.languages],
      ratingScale: site.ratingScale,
      ratingReasons: site.ratingReasons.map((r) => ({ ...r })),
    }
    this.reasonsText = reasonsToText(site.ratingReasons)
    return site
  })
  @state() private draft: Required<SiteSettingsInput> | null = null
  @state() private saving = false
  /** The reasons as the administrator types them, one a line: "Tiếng Việt | English". */
  @state() private reasonsText = ''

  private set<K extends keyof SiteSettingsInput>(key: K, value: Required<SiteSettingsInput>[K]): void {
    if (this.draft) this.draft = { ...this.draft, [key]: value }
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const d = this.draft
    if (!d || this.saving) return
    this.saving = true
    this.settings.notice = null
    await this.settings.act(async () => {
      const logoUrl = (d.logoUrl ?? '').trim()
      // A row left without a date is not a closed day: it is dropped, not refused.
      const closedDays = d.closedDays.filter((c) => c.day !== '')
      const ratingReasons = textToReasons(this.reasonsText)
      await this.call('/api/admin/site', { method: 'PATCH', body: { ...d, logoUrl: logoUrl === '' ? null : logoUrl, closedDays, ratingReasons } })
      return { kind: 'ok', text: this.tr('saved') }
    })
    this.saving = false
  }

  private renderLanguages(languages: Language[], ro: boolean) {
    // In the catalogue's order, Vietnamese first: the first offered is the default.
    const toggle = (lang: Language, on: boolean) =>
      this.set(
        'languages',
        LANGUAGES.filter((l) => (l === lang ? on : languages.includes(l))),
      )
    return html`<fieldset class="full" data-languages>
      <legend>${this.tr('siteLanguages')}</legend>
      <p class="help">${this.tr('siteLanguagesHint')}</p>
      <div class="row">
        ${LANGUAGES.map(
          (lang) =>
            html`<label class="check"><input type="checkbox" name="language" value=${lang} ?disabled=${ro || (languages.length === 1 && languages.includes(lang))} .checked=${languages.includes(lang)} @change=${(e: Event) => toggle(lang, (e.target as HTMLInputElement).checked)} />${this.tr(lang === 'vi' ? 'langVi' : 'langEn')}</label>`,
        )}
      </div>
    </fieldset>`
  }

  private renderClosedDays(days: ClosedDay[], ro: boolean) {
    const setDay = (i: number, change: Partial<ClosedDay>) =>
      this.set(
        'closedDays',
        days.map((c, j) => (j === i ? { ...c, ...change } : c)),
      )
    const str = (e: Event) => (e.target as HTMLInputElement).value
    return html`<fieldset class="full" data-closed-days>
      <legend>${this.tr('closedDays')}</legend>
      <p class="help">${this.tr('closedDaysHint')}</p>
      ${days.length === 0 ? html`<p class="help">${this.tr('closedDaysNone')}</p>` : nothing}
      <div style="display:grid;gap:0.5rem;margin:0.6rem 0">
      ${days.map(
        (c, i) => html`<div class="row" data-closed-day=${c.day}>
          ${dayField(c.day, { name: 'closedDay', label: this.tr('closedDayDate'), invalid: this.tr('dayInvalid'), readonly: ro }, (day) => setDay(i, { day }))}
          <input name="closedDayName" maxlength="100" style="flex:1;min-width:12rem" placeholder=${this.tr('closedDayNamePlaceholder')} aria-label=${this.tr('closedDayName')} ?readonly=${ro} .value=${c.name} @input=${(e: Event) => setDay(i, { name: str(e) })} />
          ${
            ro
              ? nothing
              : html`<button type="button" class="ghost" @click=${() =>
                  this.set(
                    'closedDays',
                    days.filter((_, j) => j !== i),
                  )}>${this.tr('remove')}</button>`
          }
        </div>`,
      )}
      </div>
      ${ro ? nothing : html`<div><button type="button" data-add-closed-day @click=${() => this.set('closedDays', [...days, { day: '', name: '' }])}>+ ${this.tr('addClosedDay')}</button></div>`}
    </fieldset>`
  }

  override render() {
    const d = this.draft
    const ro = !this.canEdit
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const zones = d && !ZONES.includes(d.timeZone) ? [d.timeZone, ...ZONES] : ZONES
    return html`
      ${pageHead(this.tr('siteHeading'), this.tr('siteHint'))}
      ${noticeBar(this.settings.notice)}
      ${
        !d
          ? html`<div class="card"><p class="empty">${this.tr('loading')}</p></div>`
          : html`<form class="card settings" @submit=${this.save}>
            <div class="grid">
              <label class="field">${this.tr('siteName')}
                <input name="name" required maxlength="200" ?readonly=${ro} .value=${d.name} @input=${(e: Event) => this.set('name', str(e))} />
              </label>
              <label class="field">${this.tr('siteNameEn')}
                <input name="nameEn" maxlength="200" ?readonly=${ro} .value=${d.nameEn} @input=${(e: Event) => this.set('nameEn', str(e))} />
              </label>
              <label class="field full">${this.tr('siteAddress')}
                <input name="address" maxlength="300" ?readonly=${ro} .value=${d.address} @input=${(e: Event) => this.set('address', str(e))} />
              </label>
              <label class="field">${this.tr('logoUrl')}
                <input name="logoUrl" maxlength="500" pattern="(https?://[^\\s]+|/[^\\s]*)" ?readonly=${ro} .value=${d.logoUrl ?? ''} @input=${(e: Event) => this.set('logoUrl', str(e))} />
                <small>${this.tr('logoUrlHint')}</small>
              </label>
              <label class="field">${this.tr('timeZone')}
                <select name="timeZone" ?disabled=${ro} @change=${(e: Event) => this.set('timeZone', str(e))}>
                  ${zones.map((z) => html`<option value=${z} ?selected=${z === d.timeZone}>${z}</option>`)}
                </select>
              </label>
              <label class="field full">${this.tr('ticketFooter')}
                <textarea name="ticketFooter" rows="2" maxlength="500" ?readonly=${ro} .value=${d.ticketFooter} @input=${(e: Event) => this.set('ticketFooter', str(e))}></textarea>
              </label>
              <label class="field full">${this.tr('displayNotice')}
                <textarea name="displayNotice" rows="3" maxlength="1000" ?readonly=${ro} .value=${d.displayNotice} @input=${(e: Event) => this.set('displayNotice', str(e))}></textarea>
              </label>
              <label class="field">${this.tr('maxPriorityInRow')}
                <input name="maxPriorityInRow" type="number" required min="1" max="20" ?readonly=${ro} .value=${String(d.maxPriorityInRow)} @input=${(e: Event) => this.set('maxPriorityInRow', Number(str(e)))} />
                <small>${this.tr('maxPriorityHint')}</small>
              </label>
              <label class="field">${this.tr('asideAlertMinutes')}
                <input name="asideAlertMinutes" type="number" required min="1" max="240" ?readonly=${ro} .value=${String(d.asideAlertMinutes)} @input=${(e: Event) => this.set('asideAlertMinutes', Number(str(e)))} />
                <small>${this.tr('asideAlertHint')}</small>
              </label>
              <label class="field">${this.tr('numberReading')}
                <select name="numberReading" ?disabled=${ro} @change=${(e: Event) => this.set('numberReading', str(e) as NumberReading)}>
                  <option value="whole" ?selected=${d.numberReading === 'whole'}>${this.tr('readingWhole')}</option>
                  <option value="digits" ?selected=${d.numberReading === 'digits'}>${this.tr('readingDigits')}</option>
                </select>
              </label>
              <label class="check full" data-outcome-required>
                <input type="checkbox" name="outcomeRequired" ?disabled=${ro} .checked=${d.outcomeRequired} @change=${(e: Event) => this.set('outcomeRequired', (e.target as HTMLInputElement).checked)} />
                ${this.tr('outcomeRequired')}
              </label>
              ${this.renderLanguages(d.languages, ro)}
              <label class="field">${this.tr('ratingScale')}
                <select name="ratingScale" ?disabled=${ro} @change=${(e: Event) => this.set('ratingScale', str(e) === '4' ? 4 : 5)}>
                  <option value="5" ?selected=${d.ratingScale === 5}>${this.tr('ratingScale5')}</option>
                  <option value="4" ?selected=${d.ratingScale === 4}>${this.tr('ratingScale4')}</option>
                </select>
                <small>${this.tr('ratingScaleHint')}</small>
              </label>
              <label class="field">${this.tr('ratingReasons')}
                <textarea name="ratingReasons" rows="6" required ?readonly=${ro} .value=${this.reasonsText} @input=${(e: Event) => (this.reasonsText = str(e))}></textarea>
                <small>${this.tr('ratingReasonsHint')}</small>
              </label>
              ${hoursField(
                d.hours,
                {
                  name: 'siteHours',
                  readonly: ro,
                  tr: (k) => this.tr(k),
                  labels: { legend: 'siteHours', always: 'siteHoursAlways', custom: 'siteHoursCustom', hint: 'siteHoursHint' },
                },
                (hours) => this.set('hours', hours),
              )}
              ${this.renderClosedDays(d.closedDays, ro)}
              <div class="field full readonly" data-public-url>
                <span>${this.tr('publicUrl')}</span>
                <code>${this.settings.data?.publicUrl ?? ''}</code>
                <small>${this.tr('publicUrlHint')}</small>
              </div>
            </div>
            ${
              ro
                ? nothing
                : html`<div class="dialog-actions">
                  <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? this.tr('saving') : this.tr('save')}</button>
                </div>`
            }
          </form>`
      }
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-site': QmsAdminSite
  }
}
