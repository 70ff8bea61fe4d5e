import { join } from 'node:path'
import type * as CanvasLib from '@napi-rs/canvas'
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas'
import { paths } from '../paths.js'
import { formatTicketTime } from '../../../shared/local-time.js'
import type { ServingCounters } from '../../../shared/types.js'
import { formatWait } from '../../../shared/wait-text.js'
import QRCode from 'qrcode'
import { fitFontSize, wrapText } from './text-layout.js'

export interface TicketPrintData {
  siteName: string
  serviceName: string
  serviceNameEn?: string
  /** The procedure (thủ tục) chosen at the kiosk, printed under the field; empty or absent: none. */
  procedureName?: string
  number: string
  priorityGroupName?: string | null
  /** UTC epoch milliseconds. */
  issuedAt: number
  /** IANA zone of the site, e.g. Asia/Ho_Chi_Minh. */
  timeZone: string
  waitingAhead: number
  estimatedWaitMinutes: number
  /** No open counter to call the ticket: the paper says so instead of a wait. */
  servingCounters?: ServingCounters
  trackingUrl: string
  footer: string
  /** 'en' adds an English line under each Vietnamese label; Vietnamese is always printed. */
  language?: 'vi' | 'en'
}

export type PaperWidth = 58 | 80

/** Printable dots across the paper at 203 dpi. */
export const PAPER_WIDTH_DOTS: Record<PaperWidth, number> = { 58: 384, 80: 576 }

const LABELS = {
  vi: {
    number: 'SỐ THỨ TỰ',
    priority: 'ƯU TIÊN',
    issuedAt: 'Lấy số lúc',
    waitingAhead: 'Số người chờ trước',
    estimatedWait: 'Thời gian chờ dự kiến',
    qrCaption: 'Quét mã để theo dõi lượt trên điện thoại',
  },
  en: {
    number: 'YOUR NUMBER',
    priority: 'PRIORITY',
    issuedAt: 'Issued at',
    waitingAhead: 'People ahead',
    estimatedWait: 'Estimated wait',
    qrCaption: 'Scan to follow your turn on a phone',
  },
} as const

// Aliases of our own so a system font with the same family name can never be picked instead.
const FONT = {
  regular: 'QMS Ticket Regular',
  bold: 'QMS Ticket Bold',
  heavy: 'QMS Ticket ExtraBold',
} as const

let fontsRegistered = false

type CanvasModule = typeof CanvasLib
let canvasModule: Promise<CanvasModule> | undefined

/**
 * The canvas library is loaded with the first network-printed ticket: it costs some 47 MB of memory,
 * and sites whose kiosks print from the browser never need it.
 */
function loadCanvas(): Promise<CanvasModule> {
  canvasModule ??= import('@napi-rs/canvas')
  return canvasModule
}

/**
 * The font ships in the repository (server/assets/fonts, SIL OFL) because printers' code pages
 * cannot print Vietnamese and a server's system fonts may lack the stacked diacritics (ầ, ỗ, ự).
 */
function registerFonts({ GlobalFonts }: CanvasModule): void {
  if (fontsRegistered) return
  const files: Record<keyof typeof FONT, string> = {
    regular: 'be-vietnam-pro-regular.ttf',
    bold: 'be-vietnam-pro-bold.ttf',
    heavy: 'be-vietnam-pro-extrabold.ttf',
  }
  for (const [weight, file] of Object.entries(files) as [keyof typeof FONT, string][]) {
    // From the project root, so the bundled server (dist/server) finds the fonts as the sources do.
    const path = join(paths.assets, 'fonts', file)
    if (!GlobalFonts.registerFromPath(path, FONT[weight])) {
      throw new Error(`Ticket font could not be loaded from ${path}`)
    }
  }
  fontsRegistered = true
}

// The printed ticket and the kiosk's browser-printed ticket write the time the same way.
export { formatTicketTime }

// Long enough for any ticket: the canvas is cropped to the content before encoding.
const SCRATCH_HEIGHT = 4000
// The smallest text on 58 mm paper, in dots (about 2.5 mm at 203 dpi).
const MIN_TEXT_DOTS_58 = 20
// Thermal heads print a dot or nothing; deciding here keeps the PNG and the paper identical.
const BLACK_THRESHOLD = 128

export async function renderTicketPng(data: TicketPrintData, paperWidth: PaperWidth): Promise<Buffer> {
  const canvasLib = await loadCanvas()
  const { createCanvas } = canvasLib
  registerFonts(canvasLib)
  const width = PAPER_WIDTH_DOTS[paperWidth]
  // 58 mm paper gets slightly larger type than a strict 384/576 scale so small text stays legible.
  const scale = paperWidth === 80 ? 1 : 0.75
  const margin = Math.round(16 * scale)
  const minTextDots = paperWidth === 58 ? MIN_TEXT_DOTS_58 : 0
  const contentWidth = width - 2 * margin
  const vi = LABELS.vi
  const en = data.language === 'en' ? LABELS.en : null

  const canvas = createCanvas(width, SCRATCH_HEIGHT)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, SCRATCH_HEIGHT)
  ctx.textBaseline = 'alphabetic'
  ctx.textAlign = 'center'

  let y = Math.round(8 * scale)
  const text = (value: string, font: keyof typeof FONT, size: number, gapAfter = 0.25): void => {
    const px = Math.max(Math.round(size * scale), minTextDots)
    // A regular stroke at 58 mm is one dot wide and prints faint: bold there keeps it two dots.
    const face = paperWidth === 58 && font === 'regular' ? 'bold' : font
    ctx.font = `${px}px "${FONT[face]}"`
    y = drawLines(ctx, wrapText(ctx, value, contentWidth), width / 2, y, px)
    y += Math.round(px * gapAfter)
  }
  const rule = (gapBefore: number, gapAfter: number): void => {
    y += Math.round(gapBefore * scale)
    ctx.fillStyle = '#000'
    ctx.fillRect(margin, y, contentWidth, Math.max(2, Math.round(2 * scale)))
    y += Math.round(gapAfter * scale)
  }

  text(data.siteName, 'bold', 26)
  rule(4, 18)
  text(data.serviceName, 'bold', 34, 0.1)
  if (en && data.serviceNameEn) text(data.serviceNameEn, 'regular', 24, 0.1)
  // A long procedure name wraps over as many lines as it needs (they are long: "Đăng ký khai sinh có
  // yếu tố nước ngoài kết hợp …"), smaller than the field so the field stays the heading.
  if (data.procedureName) text(data.procedureName, 'bold', 24, 0.1)

  y += Math.round(14 * scale)
  text(en ? `${vi.number} / ${en.number}` : vi.number, 'regular', 22, 0)
  y = drawNumber(ctx, data.number, width, contentWidth, y, scale)

  if (data.priorityGroupName) {
    const label = en ? `${vi.priority} / ${en.priority}` : vi.priority
    y = drawInvertedBand(ctx, `${label}:`, data.priorityGroupName, margin, contentWidth, y, scale)
  }

  rule(6, 22)
  const statsEn = en ? ticketStatLines(data, 'en') : []
  ticketStatLines(data, 'vi').forEach((line, i) => {
    text(line, 'regular', 25, en ? 0 : 0.3)
    const english = statsEn[i]
    if (english) text(english, 'regular', 19, 0.4)
  })

  y = drawQr(ctx, data.trackingUrl, width, y, scale)
  text(vi.qrCaption, 'regular', 21, 0)
  if (en) text(en.qrCaption, 'regular', 18, 0)

  rule(12, 18)
  text(data.footer, 'regular', 21, 0)
  y += Math.round(24 * scale)

  return encodeMonochrome(canvas, width, Math.min(y, SCRATCH_HEIGHT))
}

/** The figures under the number, one line each: issue time, people ahead, the wait (shared wording). */
export function ticketStatLines(data: TicketPrintData, lang: 'vi' | 'en'): string[] {
  const labels = LABELS[lang]
  return [
    `${labels.issuedAt}: ${formatTicketTime(data.issuedAt, data.timeZone)}`,
    `${labels.waitingAhead}: ${data.waitingAhead}`,
    `${labels.estimatedWait}: ${formatWait(lang, data)}`,
  ]
}

/** Draws centred lines below y (y is the top of the first line); returns the new top. */
function drawLines(ctx: SKRSContext2D, lines: string[], x: number, y: number, size: number): number {
  const lineHeight = Math.round(size * 1.32)
  ctx.fillStyle = '#000'
  for (const line of lines) {
    // Baseline at ~78% of the line box leaves room above for Vietnamese stacked marks (Ầ, Ỗ).
    ctx.fillText(line, x, y + Math.round(lineHeight * 0.78))
    y += lineHeight
  }
  return y
}

function drawNumber(ctx: SKRSContext2D, value: string, width: number, contentWidth: number, y: number, scale: number): number {
  const font = (size: number): string => `${size}px "${FONT.heavy}"`
  const size = fitFontSize(ctx, value, font, Math.round(190 * scale), Math.round(40 * scale), contentWidth)
  ctx.font = font(size)
  const metrics = ctx.measureText(value)
  // Position by the glyphs' real ink box so the gap above and below the number is even.
  const top = y + Math.round(10 * scale)
  ctx.fillStyle = '#000'
  ctx.fillText(value, width / 2, top + metrics.actualBoundingBoxAscent)
  return top + Math.ceil(metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent) + Math.round(18 * scale)
}

function drawInvertedBand(ctx: SKRSContext2D, label: string, value: string, left: number, contentWidth: number, y: number, scale: number): number {
  const size = Math.round(26 * scale)
  const padding = Math.round(10 * scale)
  ctx.font = `${size}px "${FONT.bold}"`
  const inner = contentWidth - 2 * padding
  // When "ƯU TIÊN: Người cao tuổi" does not fit, break after the label rather than inside the
  // group's name, which reads better than "... Người cao / tuổi".
  const oneLine = `${label} ${value}`
  const lines = ctx.measureText(oneLine).width <= inner ? [oneLine] : [...wrapText(ctx, label, inner), ...wrapText(ctx, value, inner)]
  const lineHeight = Math.round(size * 1.32)
  const height = lines.length * lineHeight + 2 * padding
  ctx.fillStyle = '#000'
  ctx.fillRect(left, y, contentWidth, height)
  ctx.fillStyle = '#fff'
  lines.forEach((line, i) => {
    ctx.fillText(line, left + contentWidth / 2, y + padding + i * lineHeight + Math.round(lineHeight * 0.78))
  })
  return y + height + Math.round(8 * scale)
}

const QR_QUIET_MODULES = 4

/** Draws the QR code with its quiet zone below y; returns the top of what follows. */
function drawQr(ctx: SKRSContext2D, url: string, width: number, y: number, scale: number): number {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' })
  const modules = qr.modules.size
  // Whole dots per module: a fractional module size blurs into grey and the threshold then
  // eats or fattens edges, which makes the code hard to scan.
  const dot = Math.max(2, Math.floor((220 * scale) / modules))
  const left = Math.round((width - modules * dot) / 2)
  // The quiet zone ISO/IEC 18004 asks for: four blank modules on every side, or phones' readers
  // take the text above and below for part of the code.
  const quiet = QR_QUIET_MODULES * dot
  const top = y + quiet
  ctx.fillStyle = '#000'
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.modules.get(row, col)) ctx.fillRect(left + col * dot, top + row * dot, dot, dot)
    }
  }
  return top + modules * dot + quiet
}

async function encodeMonochrome(source: Canvas, width: number, height: number): Promise<Buffer> {
  const { createCanvas } = await loadCanvas()
  const out = createCanvas(width, height)
  const ctx = out.getContext('2d')
  ctx.drawImage(source, 0, 0)
  const image = ctx.getImageData(0, 0, width, height)
  const px = image.data
  for (let i = 0; i < px.length; i += 4) {
    const luma = 0.2126 * px[i]! + 0.7152 * px[i + 1]! + 0.0722 * px[i + 2]!
    const v = luma < BLACK_THRESHOLD ? 0 : 255
    px[i] = v
    px[i + 1] = v
    px[i + 2] = v
    px[i + 3] = 255
  }
  ctx.putImageData(image, 0, 0)
  return out.encode('png')
}
