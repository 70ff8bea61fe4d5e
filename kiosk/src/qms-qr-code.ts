/**
 * A QR code drawn as SVG in the browser, so the result screen and the browser print layout show
 * it at once, without another request to a server that may just have become unreachable. Uses
 * the `qrcode` package the server already prints with (about 10 KiB gzipped in the bundle).
 */
import { LitElement, css, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import QRCode from 'qrcode'

@customElement('qms-qr-code')
export class QmsQrCode extends LitElement {
  /** The text to encode: the ticket's tracking URL. */
  @property() value = ''
  /** Accessible name of the image. */
  @property() label = ''

  override render() {
    if (!this.value) return null
    const qr = QRCode.create(this.value, { errorCorrectionLevel: 'M' })
    const size = qr.modules.size
    // One path of unit squares; the 4-module quiet zone keeps phone cameras happy.
    let d = ''
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (qr.modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`
      }
    }
    const box = size + 8
    return svg`<svg viewBox="0 0 ${box} ${box}" role="img" aria-label=${this.label} shape-rendering="crispEdges">
      <rect width=${box} height=${box} fill="#fff" />
      <path d=${d} fill="#000" />
    </svg>`
  }

  static override styles = css`
    :host {
      display: inline-block;
      line-height: 0;
    }
    svg {
      width: 100%;
      height: 100%;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-qr-code': QmsQrCode
  }
}
