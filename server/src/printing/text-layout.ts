import type { SKRSContext2D } from '@napi-rs/canvas'

// Segmenting by grapheme keeps a base letter and its Vietnamese tone marks together when a
// word is too long for the line and has to be split.
const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' })

/** Breaks text into lines no wider than maxWidth with the context's current font. */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.normalize('NFC').split(/\r?\n/)) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word
      if (ctx.measureText(candidate).width <= maxWidth) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      line = ''
      // A word wider than the paper (a URL, a long code) is split between graphemes.
      for (const { segment } of graphemes.segment(word)) {
        if (line && ctx.measureText(line + segment).width > maxWidth) {
          lines.push(line)
          line = ''
        }
        line += segment
      }
    }
    if (line) lines.push(line)
  }
  return lines
}

/** Largest font size (in px, down to minSize) at which text fits on one line. */
export function fitFontSize(ctx: SKRSContext2D, text: string, font: (size: number) => string, maxSize: number, minSize: number, maxWidth: number): number {
  for (let size = maxSize; size > minSize; size -= 2) {
    ctx.font = font(size)
    if (ctx.measureText(text).width <= maxWidth) return size
  }
  return minSize
}
