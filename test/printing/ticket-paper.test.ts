/**
 * What a thermal printer makes of the ticket image: a QR code with the quiet zone the standard
 * asks for (4 modules), and small text that does not print faint at 58 mm (strokes at least two
 * dots thick). Measured on the rendered PNG, dot by dot, as the printer receives it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import jsQRModule from 'jsqr'
import { renderTicketPng, ticketStatLines } from '../../server/src/printing/ticket-image.js'
import { pngToBitmap, type Bitmap } from '../helpers/fake-printer.js'
import { projectRoot } from '../../server/src/paths.js'
import { aTicket } from '../helpers/ticket-print-data.js'

// jsqr is a UMD bundle: under Node its module is the function itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default

const artifacts = pathToFileURL(`${join(projectRoot, 'test', 'artifacts')}/`)
await mkdir(artifacts, { recursive: true })

const ink = (b: Bitmap, x: number, y: number): boolean => x >= 0 && y >= 0 && x < b.width && y < b.height && b.bits[y * b.width + x] === 1

/** Horizontal bands of rows with ink, separated by blank rows: lines of text, rules, the number, the QR code. */
function bands(b: Bitmap): { top: number; bottom: number; left: number; right: number; ink: number }[] {
  const out: { top: number; bottom: number; left: number; right: number; ink: number }[] = []
  let current: (typeof out)[number] | undefined
  for (let y = 0; y < b.height; y++) {
    let row = 0
    let left = b.width
    let right = -1
    for (let x = 0; x < b.width; x++) {
      if (ink(b, x, y)) {
        row++
        left = Math.min(left, x)
        right = Math.max(right, x)
      }
    }
    if (row === 0) {
      if (current) out.push(current)
      current = undefined
      continue
    }
    current ??= { top: y, bottom: y, left, right, ink: 0 }
    current.bottom = y
    current.left = Math.min(current.left, left)
    current.right = Math.max(current.right, right)
    current.ink += row
  }
  if (current) out.push(current)
  return out
}

/** Lengths of the runs of ink along rows (stem widths) and along columns (bar heights) in a box. */
function runs(b: Bitmap, box: { top: number; bottom: number; left: number; right: number }): { across: number[]; down: number[] } {
  const across: number[] = []
  const down: number[] = []
  for (let y = box.top; y <= box.bottom; y++) {
    let n = 0
    for (let x = box.left; x <= box.right + 1; x++) {
      if (ink(b, x, y)) n++
      else if (n > 0) {
        across.push(n)
        n = 0
      }
    }
  }
  for (let x = box.left; x <= box.right; x++) {
    let n = 0
    for (let y = box.top; y <= box.bottom + 1; y++) {
      if (ink(b, x, y)) n++
      else if (n > 0) {
        down.push(n)
        n = 0
      }
    }
  }
  return { across, down }
}

const share = (values: number[], test: (v: number) => boolean) => values.filter(test).length / Math.max(1, values.length)

/** The text lines of a ticket: bands of small height that are neither rules nor the inverted priority band. */
function textLines(b: Bitmap) {
  return bands(b).filter((band) => {
    const height = band.bottom - band.top + 1
    const fill = band.ink / (height * (band.right - band.left + 1))
    return height >= 8 && height <= 60 && fill < 0.5
  })
}

for (const paper of [58, 80] as const) {
  for (const language of ['vi', 'en'] as const) {
    t.test(`${paper} mm, ${language}: the QR code decodes and has a quiet zone of 4 modules on every side`, async (t) => {
      const url = 'http://192.168.1.10:3000/t/123456/AbCdEf012345'
      const png = await renderTicketPng(aTicket({ trackingUrl: url, language }), paper)
      const b = await pngToBitmap(png)
      const rgba = new Uint8ClampedArray(b.width * b.height * 4)
      for (let p = 0; p < b.bits.length; p++) {
        rgba.fill(b.bits[p] ? 0 : 255, p * 4, p * 4 + 3)
        rgba[p * 4 + 3] = 255
      }
      const decoded = jsQR(rgba, b.width, b.height)
      t.equal(decoded?.data, url, 'a reader finds the tracking link')
      if (!decoded) return

      // The code's own box: from the top-left finder's outer corner (a 7-module black square).
      const all = bands(b)
      const code = all.find((band) => band.top <= decoded.location.topLeftCorner.y + 2 && band.bottom >= decoded.location.bottomLeftCorner.y - 2)
      t.ok(code, 'the code is a band of its own')
      if (!code) return
      let finder = 0
      while (ink(b, code.left + finder, code.top)) finder++
      const dot = finder / 7
      t.ok(Number.isInteger(dot) && dot >= 2, `whole dots per module (${dot})`)
      const modules = (code.right - code.left + 1) / dot
      t.ok(Number.isInteger(modules), `${modules} modules across`)
      t.equal(code.bottom - code.top + 1, code.right - code.left + 1, 'square')

      const index = all.indexOf(code)
      const above = code.top - (all[index - 1]?.bottom ?? -1) - 1
      const below = (all[index + 1]?.top ?? b.height) - code.bottom - 1
      const quiet = 4 * dot
      t.ok(above >= quiet, `blank above: ${(above / dot).toFixed(1)} modules`)
      t.ok(below >= quiet, `blank below: ${(below / dot).toFixed(1)} modules`)
      t.ok(
        code.left >= quiet && b.width - 1 - code.right >= quiet,
        `blank beside: ${(code.left / dot).toFixed(1)} and ${((b.width - 1 - code.right) / dot).toFixed(1)} modules`,
      )
      await writeFile(new URL(`ticket-qr-${paper}mm-${language}.png`, artifacts), png)
    })
  }
}

t.test('58 mm: every line of small text prints with strokes at least two dots thick', async (t) => {
  for (const language of ['vi', 'en'] as const) {
    const png = await renderTicketPng(aTicket({ language }), 58)
    await writeFile(new URL(`ticket-58mm-${language}.png`, artifacts), png)
    const b = await pngToBitmap(png)
    const lines = textLines(b)
    t.ok(lines.length >= (language === 'en' ? 12 : 7), `${language}: ${lines.length} lines of text found`)
    const faint = lines.filter((line) => {
      const r = runs(b, line)
      // One-dot runs are where a stroke is a single dot wide (across: stems; down: bars).
      return share(r.across, (v) => v <= 1) > 0.1 || share(r.down, (v) => v <= 1) > 0.15
    })
    t.same(
      faint.map((l) => `line at y=${l.top}`),
      [],
      `${language}: no line has strokes one dot wide`,
    )
  }
})

t.test('the paper writes the wait as the screens do', async (t) => {
  t.same(ticketStatLines(aTicket({ estimatedWaitMinutes: 0 }), 'vi').at(-1), 'Thời gian chờ dự kiến: Sắp đến lượt', 'not "~0 phút"')
  t.same(ticketStatLines(aTicket({ estimatedWaitMinutes: 25 }), 'vi').at(-1), 'Thời gian chờ dự kiến: Khoảng 25 phút')
  t.same(ticketStatLines(aTicket({ estimatedWaitMinutes: 0, servingCounters: 'none' }), 'vi').at(-1), 'Thời gian chờ dự kiến: Chưa có quầy mở')
  t.same(ticketStatLines(aTicket({ estimatedWaitMinutes: 10, servingCounters: 'paused' }), 'en').at(-1), 'Estimated wait: Counters paused')
})
