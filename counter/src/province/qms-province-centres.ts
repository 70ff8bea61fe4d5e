/**
 * The province's centres: every centre in the order the server gives (active first, by name), a
 * dialog to open a new one from the catalogue or from another centre's set-up, a dialog to edit
 * one (deactivating or reactivating it asks first), and a way to go and work at a centre.
 */
import { css, html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { CentreSettingsInput, NewCentreInput } from '../../../shared/admin.js'
import { PROVINCE_CATALOGUE } from '../../../shared/catalogue.js'
import { DEFAULT_TIME_ZONE, LANGUAGES, type Language } from '../../../shared/constants.js'
import type { OpeningHours, SiteView } from '../../../shared/types.js'
import { AdminData } from '../admin/admin-data.js'
import { formDialog, headActions, listPage, newButton, pageHead } from '../admin/admin-templates.js'
import { DraftDialog } from '../admin/draft-dialog.js'
import { hoursField } from '../admin/hours-field.js'
import { sessionChangedEvent } from '../session.js'
import { ProvinceScreen } from './province-screen.js'

/** Zones offered in the list, as on a centre's own settings screen; any zone the server knows is accepted. */
const ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Singapore', 'Asia/Tokyo', 'UTC']

interface CentreDraft {
  /** null: a new centre. */
  id: number | null
  name: string
  nameEn: string
  code: string
  address: string
  timeZone: string
  hours: OpeningHours | null
  languages: Language[]
  /** A new centre's services, counters and priority groups: from the catalogue or a copy of a centre. */
  start: 'catalogue' | 'copy'
  catalogue: string[]
  copyFrom: number | null
  active: boolean
  /** As stored, to ask before a change of it. */
  wasActive: boolean
}

@customElement('qms-province-centres')
export class QmsProvinceCentres extends ProvinceScreen {
  static override styles = [
    ...ProvinceScreen.styles,
    css`
      .catalogue {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 0.45rem 1rem;
        margin-left: 1.7rem;
      }
      .catalogue label.check {
        font-weight: 400;
      }
      label.check input {
        flex-shrink: 0;
      }
      .catalogue .code {
        min-width: 2.8rem;
        font-size: 0.85rem;
      }
      td.actions {
        width: 1%;
      }
    `,
  ]

  private readonly list = new AdminData(this, async () => (await this.call<{ sites: SiteView[] }>('/api/province/sites')).sites)
  private readonly form = new DraftDialog<CentreDraft>(this, 'dialog.centre')

  private openNew(): void {
    const sites = this.list.data ?? []
    this.form.open({
      id: null,
      name: '',
      nameEn: '',
      code: '',
      address: '',
      timeZone: DEFAULT_TIME_ZONE,
      hours: null,
      languages: ['vi'],
      start: 'catalogue',
      catalogue: PROVINCE_CATALOGUE.map((f) => f.code),
      copyFrom: sites.find((s) => s.active)?.id ?? null,
      active: true,
      wasActive: true,
    })
  }

  private openEdit(site: SiteView): void {
    this.form.open({
      id: site.id,
      name: site.name,
      nameEn: site.nameEn,
      code: site.code,
      address: site.address,
      timeZone: site.timeZone,
      hours: site.hours,
      languages: [...site.languages],
      start: 'catalogue',
      catalogue: [],
      copyFrom: null,
      active: site.active,
      wasActive: site.active,
    })
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const d = this.form.draft
    if (!d) return
    if (d.id === null && d.start === 'catalogue' && d.catalogue.length === 0) return
    if (d.id !== null && d.active !== d.wasActive) {
      const ok = d.active
        ? await this.confirmAction(this.p('confirmReactivate', { name: d.name }), this.p('reactivate'))
        : await this.confirmAction(this.p('confirmDeactivate', { name: d.name }), this.p('deactivate'))
      if (!ok) return
    }
    await this.form.submit(
      event,
      async (draft) => {
        const settings = {
          name: draft.name.trim(),
          nameEn: draft.nameEn.trim(),
          code: draft.code.trim(),
          address: draft.address.trim(),
          timeZone: draft.timeZone,
          hours: draft.hours,
          languages: draft.languages,
        }
        if (draft.id === null) {
          const body: NewCentreInput =
            draft.start === 'copy' && draft.copyFrom !== null ? { ...settings, copyFrom: draft.copyFrom } : { ...settings, catalogue: draft.catalogue }
          return (await this.call<{ site: SiteView }>('/api/province/sites', { method: 'POST', body })).site
        }
        const body: CentreSettingsInput = { ...settings, ...(draft.active !== draft.wasActive ? { active: draft.active } : {}) }
        return (await this.call<{ site: SiteView }>(`/api/province/sites/${draft.id}`, { method: 'PATCH', body })).site
      },
      async (site) => {
        // A new, renamed or deactivated centre changes the switcher's list.
        this.dispatchEvent(sessionChangedEvent())
        await this.list.reloadWith({ kind: 'ok', text: this.p(d.id === null ? 'opened' : 'saved', { name: site.name }) })
      },
    )
  }

  override render() {
    return listPage(
      pageHead(
        this.p('centresHeading'),
        this.p('centresHint'),
        headActions(
          this.canEdit,
          newButton(this.p('newCentre'), () => this.openNew()),
        ),
      ),
      this.list.notice,
      this.renderTable(),
      this.renderDialog(),
    )
  }

  private languageNames(languages: readonly Language[]): string {
    return languages.map((l) => this.p(l === 'vi' ? 'langVi' : 'langEn')).join(', ')
  }

  private renderTable() {
    const sites = this.list.data
    if (!sites) return html`<p class="empty">${this.tr('loading')}</p>`
    const here = this.session?.user.siteId
    return html`<table data-centres>
      <thead>
        <tr>
          <th>${this.p('colName')}</th>
          <th>${this.p('colCode')}</th>
          <th>${this.p('colAddress')}</th>
          <th>${this.p('colStatus')}</th>
          <th>${this.p('colLanguages')}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${sites.map(
          (s) => html`<tr class=${s.active ? '' : 'muted'} data-code=${s.code} data-site-id=${s.id}>
            <td><strong>${s.name}</strong>${s.nameEn ? html`<span class="sub">${s.nameEn}</span>` : nothing}</td>
            <td class="nowrap">${s.code}</td>
            <td>${s.address || '—'}</td>
            <td><span class="badge ${s.active ? 'on' : 'off'}">${this.p(s.active ? 'active' : 'inactive')}</span></td>
            <td>${this.languageNames(s.languages)}</td>
            <td class="actions">
              ${this.canEdit ? html`<button data-action="edit" @click=${() => this.openEdit(s)}>${this.p('edit')}</button>` : nothing}
              ${
                s.id === here
                  ? html`<span class="badge on" data-here>${this.p('workingHere')}</span>`
                  : this.mayWorkAt(s.id)
                    ? html`<button data-action="work-here" @click=${() => this.workAt(s.id, '#/admin')}>${this.p('workHere')}</button>`
                    : nothing
              }
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderDialog() {
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      'centre',
      (e) => void this.save(e),
      (d) => {
        const zones = ZONES.includes(d.timeZone) ? ZONES : [d.timeZone, ...ZONES]
        return {
          title: d.id === null ? this.p('newCentre') : this.p('editCentre', { code: d.code }),
          submit: d.id === null ? this.p('open') : undefined,
          submitting: d.id === null ? this.p('opening') : undefined,
          body: html`<div class="grid">
            <label class="field full">${this.p('name')}
              <input name="name" required maxlength="200" .value=${d.name} @input=${(e: Event) => set('name', str(e))} />
            </label>
            <label class="field">${this.p('nameEn')}
              <input name="nameEn" maxlength="200" .value=${d.nameEn} @input=${(e: Event) => set('nameEn', str(e))} />
            </label>
            <label class="field">${this.p('code')}
              <input name="code" required maxlength="20" pattern="[A-Za-z0-9_\\-]{1,20}" autocomplete="off" .value=${d.code} @input=${(e: Event) => set('code', str(e))} />
              <small>${this.p('codeHint')}</small>
            </label>
            <label class="field">${this.p('address')}
              <input name="address" maxlength="300" .value=${d.address} @input=${(e: Event) => set('address', str(e))} />
            </label>
            <label class="field">${this.p('timeZone')}
              <select name="timeZone" @change=${(e: Event) => set('timeZone', str(e))}>
                ${zones.map((z) => html`<option value=${z} ?selected=${z === d.timeZone}>${z}</option>`)}
              </select>
            </label>
            ${this.renderLanguages(d.languages)}
            ${hoursField(
              d.hours,
              {
                name: 'centreHours',
                readonly: false,
                tr: (k) => this.tr(k),
                labels: { legend: 'siteHours', always: 'siteHoursAlways', custom: 'siteHoursCustom', hint: 'siteHoursHint' },
              },
              (hours) => set('hours', hours),
            )}
            ${d.id === null ? this.renderStart(d) : this.renderActive(d)}
          </div>`,
        }
      },
    )
  }

  private renderLanguages(languages: Language[]) {
    // In the catalogue's order, Vietnamese first: the first offered is the default.
    const toggle = (lang: Language, on: boolean) =>
      this.form.set(
        'languages',
        LANGUAGES.filter((l) => (l === lang ? on : languages.includes(l))),
      )
    return html`<fieldset class="full" data-languages>
      <legend>${this.p('languages')}</legend>
      <p class="help">${this.p('languagesHint')}</p>
      <div class="row">
        ${LANGUAGES.map(
          (lang) =>
            html`<label class="check"
              ><input
                type="checkbox"
                name="language"
                value=${lang}
                ?disabled=${languages.length === 1 && languages.includes(lang)}
                .checked=${languages.includes(lang)}
                @change=${(e: Event) => toggle(lang, (e.target as HTMLInputElement).checked)}
              />${this.p(lang === 'vi' ? 'langVi' : 'langEn')}</label
            >`,
        )}
      </div>
    </fieldset>`
  }

  private renderStart(d: CentreDraft) {
    const set = this.form.set.bind(this.form)
    const others = this.list.data ?? []
    const lang = this.uiLang
    const toggle = (code: string, on: boolean) =>
      set(
        'catalogue',
        PROVINCE_CATALOGUE.map((f) => f.code).filter((c) => (c === code ? on : d.catalogue.includes(c))),
      )
    return html`<fieldset class="full" data-start>
      <legend>${this.p('startFrom')}</legend>
      <div style="display:grid;gap:0.6rem">
        <label class="check"
          ><input type="radio" name="start" value="catalogue" .checked=${d.start === 'catalogue'} @change=${() => set('start', 'catalogue')} />${this.p(
            'startCatalogue',
          )}</label
        >
        ${
          d.start === 'catalogue'
            ? html`<div class="catalogue" data-catalogue>
              ${PROVINCE_CATALOGUE.map(
                (f) =>
                  html`<label class="check"
                    ><input
                      type="checkbox"
                      name="catalogue"
                      value=${f.code}
                      .checked=${d.catalogue.includes(f.code)}
                      @change=${(e: Event) => toggle(f.code, (e.target as HTMLInputElement).checked)}
                    /><span class="code">${f.code}</span> ${lang === 'en' ? f.nameEn : f.nameVi}</label
                  >`,
              )}
            </div>
            ${d.catalogue.length === 0 ? html`<p class="form-error" role="alert">${this.p('catalogueEmpty')}</p>` : nothing}`
            : nothing
        }
        <label class="check"
          ><input type="radio" name="start" value="copy" ?disabled=${others.length === 0} .checked=${d.start === 'copy'} @change=${() => set('start', 'copy')} />${this.p(
            'startCopy',
          )}</label
        >
        ${
          d.start === 'copy'
            ? html`<label class="field" style="margin-left:1.7rem">${this.p('copyFrom')}
              <select name="copyFrom" @change=${(e: Event) => set('copyFrom', Number((e.target as HTMLSelectElement).value))}>
                ${others.map((s) => html`<option value=${s.id} ?selected=${s.id === d.copyFrom}>${s.name} (${s.code})</option>`)}
              </select>
            </label>`
            : nothing
        }
      </div>
    </fieldset>`
  }

  private renderActive(d: CentreDraft) {
    return html`<fieldset class="full" data-active>
      <legend>${this.p('colStatus')}</legend>
      <label class="check"
        ><input type="checkbox" name="active" .checked=${d.active} @change=${(e: Event) => this.form.set('active', (e.target as HTMLInputElement).checked)} />${this.p(
          'activeToggle',
        )}</label
      >
      <p class="help">${this.p('activeHint')}</p>
    </fieldset>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-province-centres': QmsProvinceCentres
  }
}
