/**
 * The screen of a device waiting to be paired (the kiosk's and the rating device's): its short code
 * and QR, what to do with them, in Vietnamese with English below in grey, since whoever sets the
 * device up may read either.
 */
import { html, nothing, type TemplateResult } from 'lit'
import type { Lang } from '../../shared/web/i18n.js'
import type { PairingController } from '../../shared/web/pairing-controller.js'
import '../../shared/web/qms-pairing-code.js'

export type PairingMessageKey =
  | 'unpairedTitle'
  | 'pairLead'
  | 'pairStep1'
  | 'pairStep2'
  | 'pairStep3'
  | 'pairCodeLabel'
  | 'pairQr'
  | 'pairPaired'
  | 'pairOffline'
  | 'pairValid'
  | 'pairAsking'

type Translate<K extends string> = (lang: Lang, key: K, params?: Record<string, string | number>) => string

/** Vietnamese, then English in grey. */
export function bothLanguages<K extends string>(t: Translate<K>, key: K, params: Record<string, string | number> = {}): TemplateResult {
  return html`${t('vi', key, params)}<span class="en-line">${t('en', key, params)}</span>`
}

/** `link`: a last line below the steps (the kiosk's registration link), if the device has one. */
export function pairingScreen(p: PairingController, t: Translate<PairingMessageKey>, link: TemplateResult | typeof nothing = nothing): TemplateResult {
  const code = p.current
  const minutes = code ? Math.max(1, Math.ceil(code.expiresInMs / 60_000)) : 0
  const key = p.pairedAs !== null ? 'pairPaired' : !p.reachable ? 'pairOffline' : code ? 'pairValid' : 'pairAsking'
  return html`<div class="pairing" data-testid="unpaired">
    <qms-pairing-code
      code=${code?.code ?? ''}
      url=${code?.confirmUrl ?? ''}
      label=${`${t('vi', 'pairCodeLabel')} · ${t('en', 'pairCodeLabel')}`}
      qrLabel=${`${t('vi', 'pairQr')} · ${t('en', 'pairQr')}`}
      note=${`${t('vi', key, { minutes })}\n${t('en', key, { minutes })}`}
      ?warning=${!p.reachable}
    >
      <h1 slot="heading">${bothLanguages(t, 'unpairedTitle')}</h1>
      <p class="lead">${bothLanguages(t, 'pairLead')}</p>
      <ol>
        <li>${bothLanguages(t, 'pairStep1')}</li>
        <li>${bothLanguages(t, 'pairStep2')}</li>
        <li>${bothLanguages(t, 'pairStep3')}</li>
      </ol>
      ${link}
    </qms-pairing-code>
  </div>`
}
