/**
 * A QR code as one SVG path of unit squares, with the 4-module quiet zone phone cameras need.
 * Drawn in the browser with the `qrcode` package the server prints tickets with.
 */
import QRCode from 'qrcode'

export function qrPath(value: string): { d: string; box: number } {
  const qr = QRCode.create(value, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  let d = ''
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`
    }
  }
  return { d, box: size + 8 }
}
