import { mkdir, writeFile } from 'node:fs/promises'
import { loadImage, createCanvas } from '@napi-rs/canvas'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { formatTicketTime, renderTicketPng } from '../../server/src/printing/ticket-image.js'
import { blackRatio, pngToBitmap } from '../helpers/fake-printer.js'
import { projectRoot } from '../../server/src/paths.js'
import { aTicket } from '../helpers/ticket-print-data.js'

const artifacts = pathToFileURL(`${join(projectRoot, 'test', 'artifacts')}/`)
await mkdir(artifacts, { recursive: true })

/** Black dots in columns [from, to) over the whole height. */
function inkInColumns(bitmap: { width: number; height: number; bits: Uint8Array }, from: number, to: number): number {
  let ink = 0
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = from; x < to; x++) ink += bitmap.bits[y * bitmap.width + x]!
  }
  return ink
}

/** Rows that are black across at least `share` of the width: the priority band and rules. */
function solidRows(bitmap: { width: number; height: number; bits: Uint8Array }, share: number): number {
  let rows = 0
  for (let y = 0; y < bitmap.height; y++) {
    let ink = 0
    for (let x = 0; x < bitmap.width; x++) ink += bitmap.bits[y * bitmap.width + x]!
    if (ink >= bitmap.width * share) rows++
  }
  return rows
}

for (const [paper, dots] of [
  [80, 576],
  [58, 384],
] as const) {
  t.test(`renders a ${paper} mm ticket ${dots} dots wide in pure black and white`, async (t) => {
    const png = await renderTicketPng(aTicket(), paper)
    await writeFile(new URL(`ticket-${paper}mm.png`, artifacts), png)
    const image = await loadImage(png)
    t.equal(image.width, dots)
    t.ok(image.height > 500 && image.height < 2000, `height ${image.height} is a ticket's, not a scroll's`)

    const ctx = createCanvas(image.width, image.height).getContext('2d')
    ctx.drawImage(image, 0, 0)
    const { data } = ctx.getImageData(0, 0, image.width, image.height)
    let grey = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! !== 0 && data[i]! !== 255) grey++
      if (data[i + 3]! !== 255) grey++
    }
    t.equal(grey, 0, 'no grey or transparent pixels for the printer to guess at')
    const ratio = blackRatio(await pngToBitmap(png))
    t.ok(ratio > 0.05 && ratio < 0.4, `black share ${ratio.toFixed(3)} looks like printed content`)
  })
}

t.test('English as second language and a long unbreakable text stay inside the margins', async (t) => {
  const long = aTicket({
    language: 'en',
    siteName: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Bình — Chi nhánh thành phố Đồng Hới',
    serviceName: 'Lao động – Thương binh và Xã hội',
    serviceNameEn: 'Labour, invalids and social affairs',
    priorityGroupName: 'Người có công với cách mạng',
    footer: `Tra cứu: https://hangcho.example.vn/${'x'.repeat(120)} ${'Chúc quý khách một ngày tốt lành. '.repeat(4)}`,
    number: 'KD1023',
  })
  for (const paper of [80, 58] as const) {
    const png = await renderTicketPng(long, paper)
    await writeFile(new URL(`ticket-long-en-${paper}mm.png`, artifacts), png)
    const bitmap = await pngToBitmap(png)
    const edge = paper === 80 ? 12 : 8
    t.equal(inkInColumns(bitmap, 0, edge), 0, `${paper} mm: nothing in the left margin`)
    t.equal(inkInColumns(bitmap, bitmap.width - edge, bitmap.width), 0, `${paper} mm: nothing in the right margin`)
  }
})

t.test('the inverted priority band is printed only for a priority ticket', async (t) => {
  const withBand = await pngToBitmap(await renderTicketPng(aTicket(), 80))
  const without = await pngToBitmap(await renderTicketPng(aTicket({ priorityGroupName: null }), 80))
  // Rules are 2 dots thick; the band is tens of rows of solid black.
  t.ok(solidRows(withBand, 0.9) > 20, 'band present')
  t.ok(solidRows(without, 0.9) < 10, 'no band')
})

t.test('issue time is dd/MM/yyyy HH:mm in the site time zone', async (t) => {
  // 23:30 UTC on 31 Dec is already New Year's morning in Vietnam.
  t.equal(formatTicketTime(Date.UTC(2024, 11, 31, 23, 30), 'Asia/Ho_Chi_Minh'), '01/01/2025 06:30')
  t.equal(formatTicketTime(Date.UTC(2025, 4, 13, 1, 5), 'Asia/Ho_Chi_Minh'), '13/05/2025 08:05')
  t.equal(formatTicketTime(Date.UTC(2025, 4, 13, 17, 0), 'Asia/Ho_Chi_Minh'), '14/05/2025 00:00')
})
