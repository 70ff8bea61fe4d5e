/**
 * Kiosks and displays: register one and show its token and setup link once, or pair one by the
 * short code it shows (also reached from the QR code on the device: `#/admin/devices/pair/CODE`);
 * see when each was last seen and how its printer is (live, from `device:status`), change its
 * settings, renew its token, revoke it.
 */
import { css, html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { DeviceKind } from '../../../shared/constants.js'
import type { DeviceStatusEvent } from '../../../shared/contract.js'
import type { DeviceConfig, DeviceView, PrinterSetting } from '../../../shared/types.js'
import { QueueController } from '../../../shared/web/queue-controller.js'
import { formatDate, formatTime } from '../../../shared/web/i18n.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { formDialog, headActions, listPage, listTable, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'
import { printerProblem } from './messages.js'

interface Issued {
  device: DeviceView
  token: string
  setupUrl: string
}

/** A code typed in the pairing dialog, what the server said about it, and what it becomes. */
interface PairDraft {
  code: string
  found: { code: string; kind: DeviceKind; expiresInMs: number } | null
  mode: 'new' | 'existing'
  name: string
  deviceId: number | null
  /** A new rating device: the counter whose desk it sits on. */
  counterId: number | null
}

const PAIR_LINK = /^#\/admin\/devices\/pair\/([A-Za-z0-9-]{1,20})$/

interface Draft {
  id: number | null
  kind: DeviceKind
  name: string
  config: DeviceConfig
}

/** Copies text; on plain-http LAN addresses the Clipboard API is missing, so fall back to a selection. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Fall through to the selection.
  }
  if (!input) return false
  input.select()
  return document.execCommand('copy')
}

const KIND_LABEL = { kiosk: 'kindKiosk', display: 'kindDisplay', rating: 'kindRating' } as const

@customElement('qms-admin-devices')
export class QmsAdminDevices extends AdminScreen {
  private readonly list = new AdminData(this, async () => (await this.call<{ devices: DeviceView[] }>('/api/admin/devices')).devices)
  private readonly form = new DraftDialog<Draft>(this, 'dialog.edit')
  private readonly pair = new DraftDialog<PairDraft>(this, 'dialog.pair')
  @state() private lookupError = ''
  @state() private looking = false
  @state() private issued: Issued | null = null
  @state() private copied = ''
  @query('dialog.token') private tokenDialog!: HTMLDialogElement

  static override styles = [
    ...AdminScreen.styles,
    css`
      input.pair-code {
        flex: 1;
        font-size: 1.6rem;
        font-weight: 700;
        letter-spacing: 0.3em;
        text-transform: uppercase;
        font-variant-numeric: tabular-nums;
        padding: 0.4rem 0.7rem;
      }
      input.pair-code::placeholder {
        letter-spacing: 0.3em;
        opacity: 0.35;
      }
    `,
  ]

  /** The live queue gives counter and service names, and the socket carries printer status. */
  private readonly queue = new QueueController(this, {
    extra: (socket) => socket.on('device:status', (status) => this.applyStatus(status)),
  })

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('hashchange', this.onHashChange)
    this.onHashChange()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('hashchange', this.onHashChange)
  }

  /** Opened from the QR code on a device: the code is in the address. */
  private readonly onHashChange = (): void => {
    const link = PAIR_LINK.exec(location.hash)
    if (link?.[1] && this.canEdit) this.openPair(link[1])
  }

  private openPair(code = ''): void {
    this.lookupError = ''
    if (this.pair.draft) {
      // Already open (another QR code scanned): take the new code.
      this.pair.set('code', code)
      this.pair.set('found', null)
    } else {
      this.pair.open({ code, found: null, mode: 'new', name: '', deviceId: null, counterId: null })
    }
    if (code) void this.lookup()
  }

  /** Asks the server which kind of device shows the code typed. */
  private async lookup(): Promise<void> {
    const d = this.pair.draft
    if (!d || this.looking) return
    this.looking = true
    this.lookupError = ''
    try {
      const found = await this.call<PairDraft['found'] & object>(`/api/admin/pairing/${encodeURIComponent(d.code.trim())}`)
      const current = this.pair.draft
      if (current) {
        this.pair.set('code', found.code)
        this.pair.set('found', found)
        this.pair.set('deviceId', null)
      }
    } catch (err) {
      this.lookupError = this.refusalOf(err)
    } finally {
      this.looking = false
    }
  }

  private submitPair(event: Event): Promise<void> {
    const d = this.pair.draft
    if (d && !d.found) {
      event.preventDefault()
      return this.lookup()
    }
    this.lookupError = ''
    return this.pair.submit(
      event,
      async (draft) => {
        const body =
          draft.mode === 'existing'
            ? { deviceId: draft.deviceId }
            : { name: draft.name.trim(), ...(draft.found?.kind === 'rating' && draft.counterId !== null ? { config: { counterId: draft.counterId } } : {}) }
        return this.call<{ device: DeviceView }>(`/api/admin/pairing/${encodeURIComponent(draft.found?.code ?? draft.code)}/confirm`, { method: 'POST', body })
      },
      async ({ device }) => {
        if (PAIR_LINK.test(location.hash)) history.replaceState(null, '', '#/admin/devices')
        this.list.notice = { kind: 'ok', text: this.tr('pairDone', { name: device.name }) }
        await this.list.load()
      },
    )
  }

  private applyStatus(status: DeviceStatusEvent): void {
    const devices = this.list.data
    if (!devices) return
    this.list.data = devices.map((d) =>
      d.id === status.deviceId
        ? { ...d, printerStatus: status.printerStatus, printerError: status.printerError, lastSeenAt: status.lastSeenAt ?? d.lastSeenAt }
        : d,
    )
  }

  private open(kind: DeviceKind, device: DeviceView | null): void {
    this.form.open(
      device
        ? { id: device.id, kind: device.kind, name: device.name, config: { ...device.config } }
        : {
            id: null,
            kind,
            name: '',
            config:
              kind === 'kiosk'
                ? { printer: { kind: 'browser', paperWidth: 80 } }
                : kind === 'rating'
                  ? {}
                  : { languages: ['vi'], theme: 'dark', counterIds: [], serviceIds: [] },
          },
    )
  }

  private setConfig(change: Partial<DeviceConfig>): void {
    const d = this.form.draft
    if (d) this.form.set('config', { ...d.config, ...change })
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        if (d.id !== null) {
          await this.call(`/api/admin/devices/${d.id}`, { method: 'PATCH', body: { name: d.name.trim(), config: d.config } })
          return null
        }
        return this.call<Issued>('/api/admin/devices', { method: 'POST', body: { kind: d.kind, name: d.name.trim(), config: d.config } })
      },
      async (issued) => {
        if (issued) this.showToken(issued)
        else this.list.notice = { kind: 'ok', text: this.tr('saved') }
        await this.list.load()
      },
    )
  }

  private showToken(issued: Issued): void {
    this.issued = issued
    this.copied = ''
    void this.updateComplete.then(() => this.tokenDialog.showModal())
  }

  private async rotate(device: DeviceView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmRotate', { name: device.name }), this.tr('rotateToken')))) return
    await this.list.act(async () => {
      this.showToken(await this.call<Issued>(`/api/admin/devices/${device.id}/rotate-token`, { method: 'POST' }))
    })
  }

  private async revoke(device: DeviceView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmRevoke', { name: device.name }), this.tr('revoke')))) return
    await this.list.act(async () => {
      await this.call(`/api/admin/devices/${device.id}/revoke`, { method: 'POST' })
    })
  }

  private async copy(which: 'url' | 'token'): Promise<void> {
    if (!this.issued) return
    const input = this.renderRoot.querySelector<HTMLInputElement>(`input[name=${which}]`)
    if (await copyText(which === 'url' ? this.issued.setupUrl : this.issued.token, input)) this.copied = which
  }

  override render() {
    const buttons = html`<button class="primary" data-action="pair" @click=${() => this.openPair()}>${this.tr('pairByCode')}</button>
      ${newButton(this.tr('newKiosk'), () => this.open('kiosk', null), 'new-kiosk')}
      ${newButton(this.tr('newDisplay'), () => this.open('display', null), 'new-display')}
      ${newButton(this.tr('newRating'), () => this.open('rating', null), 'new-rating')}`
    return listPage(
      pageHead(this.tr('devicesHeading'), this.tr('devicesHint'), headActions(this.canEdit, buttons)),
      this.list.notice,
      this.renderTable(),
      html`${this.renderEdit()} ${this.renderToken()} ${this.renderPair()}`,
    )
  }

  private lastSeen(at: number | null): string {
    if (at === null) return this.tr('never')
    const zone = this.queue.state?.site.timeZone ?? 'Asia/Ho_Chi_Minh'
    const today = formatDate(this.queue.now(), zone, this.uiLang) === formatDate(at, zone, this.uiLang)
    return today
      ? formatTime(at, zone, this.uiLang)
      : `${formatTime(at, zone, this.uiLang)} · ${new Intl.DateTimeFormat(this.uiLang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: zone, day: '2-digit', month: '2-digit' }).format(at)}`
  }

  private configText(d: DeviceView) {
    if (d.kind === 'kiosk') return this.printerText(d.config.printer)
    if (d.kind === 'rating') {
      const counter = this.queue.state?.counters.find((c) => c.id === d.config.counterId)
      return d.config.counterId === undefined ? this.tr('ratingNoCounter') : counter ? this.tr('ratingCounter', { number: counter.number }) : '…'
    }
    const counters = this.namesOf(d.config.counterIds, (id) => this.queue.state?.counters.find((c) => c.id === id)?.number)
    const services = this.namesOf(d.config.serviceIds, (id) => this.queue.state?.services.find((s) => s.id === id)?.code)
    return html`${this.tr('countersList', { list: counters })}<span class="sub">${this.tr('servicesList', { list: services })} · ${(d.config.languages ?? ['vi']).join(' + ').toUpperCase()} · ${this.tr(d.config.theme === 'light' ? 'themeLight' : 'themeDark')}</span>`
  }

  /**
   * What a display's list of counters or services reads as: "all" when it has none, "…" until the
   * live queue has named them, and never an internal id (one deleted since is left out).
   */
  private namesOf(ids: number[] | undefined, name: (id: number) => string | number | undefined): string {
    if (!ids?.length) return this.tr('all')
    if (!this.queue.state) return '…'
    const named = ids.map(name).filter((n) => n !== undefined)
    return named.length ? named.join(', ') : '—'
  }

  private printerText(printer: PrinterSetting | undefined): string {
    if (!printer || printer.kind === 'none') return this.tr('printerNone')
    if (printer.kind === 'browser') return `${this.tr('printerBrowser')} · ${printer.paperWidth} mm`
    return `${printer.url} · ${printer.paperWidth} mm`
  }

  private renderTable() {
    const headers = [this.tr('name'), this.tr('kind'), this.tr('configCol'), this.tr('lastSeen'), this.tr('printer')]
    return listTable(
      this.uiLang,
      this.list.data,
      headers,
      this.canEdit,
      (d) => html`<tr class=${d.revoked ? 'muted' : ''} data-device-id=${d.id}>
      <td><strong>${d.name}</strong>${d.revoked ? html` <span class="badge off">${this.tr('revoked')}</span>` : nothing}</td>
      <td class="nowrap">${this.tr(KIND_LABEL[d.kind])}</td>
      <td>${this.configText(d)}</td>
      <td class="num">${this.lastSeen(d.lastSeenAt)}</td>
      <td class="printer">${
        d.kind !== 'kiosk'
          ? this.tr('none')
          : (d.config.printer?.kind ?? 'none') === 'none'
            ? this.tr('printerNone')
            : d.printerError
              ? html`<span class="badge bad" style="white-space:normal;line-height:1.35" title=${this.tr('printerProblemCode', { code: d.printerError })}>${this.tr('printerError', { error: printerProblem(d.printerError, this.uiLang) })}</span>`
              : d.printerStatus
                ? html`<span class="badge on">${this.tr('printerOk')}</span>`
                : html`<span class="badge off">${this.tr('printerUnknown')}</span>`
      }</td>
      ${rowActions(
        this.canEdit,
        html`${d.revoked ? nothing : html`<button @click=${() => this.open(d.kind, d)}>${this.tr('edit')}</button>`}
          <button @click=${() => this.rotate(d)}>${this.tr('rotateToken')}</button>
          ${d.revoked ? nothing : html`<button class="danger" @click=${() => this.revoke(d)}>${this.tr('revoke')}</button>`}`,
      )}
    </tr>`,
    )
  }

  private renderEdit() {
    return formDialog(
      this.uiLang,
      this.form,
      'edit',
      (e) => void this.save(e),
      (d) => ({
        title:
          d.id === null ? this.tr(d.kind === 'kiosk' ? 'newKiosk' : d.kind === 'rating' ? 'newRating' : 'newDisplay') : this.tr('editDevice', { name: d.name }),
        body: html`<label class="field">${this.tr('name')}
          <input name="name" required maxlength="100" .value=${d.name} @input=${(e: Event) => this.form.set('name', (e.target as HTMLInputElement).value)} />
        </label>
        ${
          d.kind === 'kiosk'
            ? this.renderPrinter(d.config.printer)
            : d.kind === 'rating'
              ? this.renderCounterPick(d.config.counterId ?? null, (counterId) => this.setConfig({ counterId }))
              : this.renderDisplayConfig(d.config)
        }`,
        submit: d.id === null ? this.tr('registerDevice') : this.tr('save'),
      }),
    )
  }

  private renderPrinter(printer: PrinterSetting | undefined) {
    const p: PrinterSetting = printer ?? { kind: 'none' }
    const width = p.kind === 'none' ? 80 : p.paperWidth
    const setKind = (kind: PrinterSetting['kind']) =>
      this.setConfig({
        printer:
          kind === 'none' ? { kind } : kind === 'browser' ? { kind, paperWidth: width } : { kind, url: p.kind === 'network' ? p.url : '', paperWidth: width },
      })
    return html`<fieldset>
      <legend>${this.tr('printer')}</legend>
      <div class="grid">
        <label class="field">${this.tr('printer')}
          <select name="printerKind" @change=${(e: Event) => setKind((e.target as HTMLSelectElement).value as PrinterSetting['kind'])}>
            <option value="browser" ?selected=${p.kind === 'browser'}>${this.tr('printerBrowser')}</option>
            <option value="network" ?selected=${p.kind === 'network'}>${this.tr('printerNetwork')}</option>
            <option value="none" ?selected=${p.kind === 'none'}>${this.tr('printerNone')}</option>
          </select>
        </label>
        ${
          p.kind === 'none'
            ? nothing
            : html`<label class="field">${this.tr('paperWidth')}
              <select name="paperWidth" @change=${(e: Event) => this.setConfig({ printer: { ...p, paperWidth: Number((e.target as HTMLSelectElement).value) as 58 | 80 } })}>
                <option value="80" ?selected=${width === 80}>80 mm</option>
                <option value="58" ?selected=${width === 58}>58 mm</option>
              </select>
            </label>`
        }
        ${
          p.kind === 'network'
            ? html`<label class="field full">${this.tr('printerUrl')}
              <input name="printerUrl" required pattern="tcp://[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?/?" placeholder="tcp://192.168.1.50:9100" .value=${p.url}
                @input=${(e: Event) => this.setConfig({ printer: { ...p, url: (e.target as HTMLInputElement).value.trim() } })} />
              <small>${this.tr('printerUrlHint')}</small>
            </label>`
            : nothing
        }
      </div>
    </fieldset>`
  }

  /** A rating device's counter: one, picked from the live list. */
  private renderCounterPick(counterId: number | null, pick: (id: number) => void) {
    const counters = this.queue.state?.counters ?? []
    return html`<label class="field">${this.tr('ratingCounterPick')}
      <select name="counterId" required @change=${(e: Event) => pick(Number((e.target as HTMLSelectElement).value))}>
        <option value="" ?selected=${counterId === null}>—</option>
        ${counters.map((c) => {
          const label = this.tr('ratingCounter', { number: c.number })
          return html`<option value=${c.id} ?selected=${counterId === c.id}>${label}${c.name && c.name !== label ? ` · ${c.name}` : ''}</option>`
        })}
      </select>
      <small>${this.tr('ratingCounterHint')}</small>
    </label>`
  }

  private renderDisplayConfig(config: DeviceConfig) {
    const counters = this.queue.state?.counters ?? []
    const services = this.queue.state?.services ?? []
    const toggle = (key: 'counterIds' | 'serviceIds', id: number) => {
      const list = config[key] ?? []
      this.setConfig({ [key]: list.includes(id) ? list.filter((x) => x !== id) : [...list, id] })
    }
    return html`
      <fieldset>
        <legend>${this.tr('displayCounters')}</legend>
        <div class="row">
          ${counters.map(
            (c) =>
              html`<label class="check"><input type="checkbox" .checked=${(config.counterIds ?? []).includes(c.id)} @change=${() => toggle('counterIds', c.id)} />${c.number}</label>`,
          )}
        </div>
        <p class="help">${this.tr('allShown')}</p>
      </fieldset>
      <fieldset>
        <legend>${this.tr('displayServices')}</legend>
        <div class="row">
          ${services.map(
            (s) =>
              html`<label class="check"><input type="checkbox" .checked=${(config.serviceIds ?? []).includes(s.id)} @change=${() => toggle('serviceIds', s.id)} />${s.code}</label>`,
          )}
        </div>
        <p class="help">${this.tr('allShown')}</p>
      </fieldset>
      <div class="grid">
        <label class="field">${this.tr('languages')}
          <select name="languages" @change=${(e: Event) => this.setConfig({ languages: (e.target as HTMLSelectElement).value === 'vi,en' ? ['vi', 'en'] : ['vi'] })}>
            <option value="vi" ?selected=${(config.languages ?? ['vi']).length === 1}>${this.tr('langVi')}</option>
            <option value="vi,en" ?selected=${(config.languages ?? []).length === 2}>${this.tr('langViEn')}</option>
          </select>
        </label>
        <label class="field">${this.tr('theme')}
          <select name="theme" @change=${(e: Event) => this.setConfig({ theme: (e.target as HTMLSelectElement).value as 'dark' | 'light' })}>
            <option value="dark" ?selected=${config.theme !== 'light'}>${this.tr('themeDark')}</option>
            <option value="light" ?selected=${config.theme === 'light'}>${this.tr('themeLight')}</option>
          </select>
        </label>
      </div>
    `
  }

  private renderPair() {
    return formDialog(
      this.uiLang,
      this.pair,
      'pair narrow',
      (e) => void this.submitPair(e),
      (d) => {
        const found = d.found
        const sameKind = (this.list.data ?? []).filter((x) => found && x.kind === found.kind)
        const minutes = found ? Math.max(1, Math.ceil(found.expiresInMs / 60_000)) : 0
        return {
          title: this.tr('pairTitle'),
          lead: html`<p class="help" style="margin:0">${this.tr('pairLead')}</p>`,
          body: html`<label class="field">${this.tr('pairCode')}
            <div class="row" style="flex-wrap:nowrap">
              <input
                name="code"
                class="pair-code"
                required
                maxlength="20"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                placeholder="ABC DEF"
                .value=${d.code}
                @input=${(e: Event) => {
                  const value = (e.target as HTMLInputElement).value
                  this.lookupError = ''
                  this.pair.set('code', value)
                  this.pair.set('found', null)
                  if (/^[A-Za-z0-9]{6}$/.test(value.replace(/[\s.-]/g, ''))) void this.lookup()
                }}
              />
              <button type="button" data-action="find" ?disabled=${this.looking || !d.code.trim()} @click=${() => void this.lookup()}>
                ${this.looking ? this.tr('pairFinding') : this.tr('pairFind')}
              </button>
            </div>
          </label>
          ${this.lookupError ? html`<p class="form-error" role="alert" data-testid="pair-lookup-error">${this.lookupError}</p>` : nothing}
          ${
            found
              ? html`<p class="notice info" style="margin:0" data-testid="pair-found" data-kind=${found.kind}>
                  ${this.tr(found.kind === 'kiosk' ? 'pairFoundKiosk' : found.kind === 'rating' ? 'pairFoundRating' : 'pairFoundDisplay', { minutes })}
                </p>
                <fieldset>
                  <legend>${this.tr('pairAs')}</legend>
                  <label class="check"><input type="radio" name="mode" value="new" .checked=${d.mode === 'new'} @change=${() => this.pair.set('mode', 'new')} />${this.tr('pairAsNew')}</label>
                  ${
                    d.mode === 'new'
                      ? html`<label class="field" style="margin:0.5rem 0 0.8rem 1.7rem">${this.tr('name')}
                        <input name="name" required maxlength="100" .value=${d.name} @input=${(e: Event) => this.pair.set('name', (e.target as HTMLInputElement).value)} />
                      </label>
                      ${found.kind === 'rating' ? html`<div style="margin:0 0 0.8rem 1.7rem">${this.renderCounterPick(d.counterId, (id) => this.pair.set('counterId', id))}</div>` : nothing}`
                      : nothing
                  }
                  <label class="check" style="margin-top:0.4rem">
                    <input type="radio" name="mode" value="existing" ?disabled=${sameKind.length === 0} .checked=${d.mode === 'existing'} @change=${() => this.pair.set('mode', 'existing')} />${this.tr('pairAsExisting')}
                  </label>
                  ${sameKind.length === 0 ? html`<p class="help" style="margin:0.3rem 0 0 1.7rem">${this.tr('pairNoExisting')}</p>` : nothing}
                  ${
                    d.mode === 'existing'
                      ? html`<label class="field" style="margin:0.5rem 0 0 1.7rem">${this.tr('pairDevice')}
                          <select name="deviceId" required @change=${(e: Event) => this.pair.set('deviceId', Number((e.target as HTMLSelectElement).value) || null)}>
                            <option value="" ?selected=${d.deviceId === null}>—</option>
                            ${sameKind.map((x) => html`<option value=${x.id} ?selected=${d.deviceId === x.id}>${x.name}${x.revoked ? ` (${this.tr('revoked')})` : ''}</option>`)}
                          </select>
                          <small>${this.tr('pairExistingHint')}</small>
                        </label>`
                      : nothing
                  }
                </fieldset>`
              : nothing
          }`,
          submit: found ? this.tr('pairConfirm') : this.tr('pairFind'),
          submitting: this.tr('pairing'),
        }
      },
    )
  }

  private renderToken() {
    const issued = this.issued
    if (!issued) return html`<dialog class="token"></dialog>`
    // The token is dropped from memory when the dialog closes: it is shown once.
    return html`<dialog class="token" @close=${() => (this.issued = null)}>
      <form method="dialog">
        <h2>${this.tr('tokenTitle', { name: issued.device.name })}</h2>
        <p class="notice info" style="margin:0">${this.tr('tokenOnce')}</p>
        <label class="field">${this.tr('setupUrl')}
          <div class="row" style="flex-wrap:nowrap">
            <input name="url" readonly .value=${issued.setupUrl} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            <button type="button" data-copy="url" @click=${() => this.copy('url')}>${this.copied === 'url' ? this.tr('copied') : this.tr('copy')}</button>
          </div>
        </label>
        <label class="field">${this.tr('token')}
          <div class="row" style="flex-wrap:nowrap">
            <input name="token" readonly .value=${issued.token} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            <button type="button" data-copy="token" @click=${() => this.copy('token')}>${this.copied === 'token' ? this.tr('copied') : this.tr('copy')}</button>
          </div>
        </label>
        <div class="dialog-actions">
          <button class="primary" value="close">${this.tr('close')}</button>
        </div>
      </form>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-devices': QmsAdminDevices
  }
}
