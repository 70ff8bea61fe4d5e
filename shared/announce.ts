/**
 * What the waiting-room display says when a ticket is called: numbers in Vietnamese words,
 * letter names, and the sequence of sound clips that make up one announcement.
 *
 * Pure: no DOM, no Node APIs. The server, the display and the sound-pack generator import it,
 * so the clip set below is the single list of files a sound pack must contain.
 *
 * Choices, all of them the way announcements are commonly heard in northern and central
 * public service centres (a site can re-record any clip, see display/public/sounds/README.md):
 * - 4 in the units place after a tens word is "bốn" ("hai mươi bốn"), not the literary "tư":
 *   over a loudspeaker "tư" is easily lost; `four: 'tu'` gives the other reading.
 * - A zero tens digit between hundreds and units is "linh" ("một trăm linh năm"); `zeroTens: 'le'`
 *   gives the southern "lẻ".
 * - 1 after a tens word of 20 or more is "mốt", 5 after any tens word is "lăm", 10 is "mười".
 * - Inside a group of thousands the hundreds are always said, also when zero
 *   ("một nghìn không trăm hai mươi ba"), as people do when reading a number in full.
 * - English announcements read the ticket number digit by digit whatever the site's reading,
 *   which is how visitors read a printed number; counters are whole numbers in both languages.
 */

import type { NumberReading } from './constants.js'

export type AnnouncementLanguage = 'vi' | 'en'

export interface VietnameseNumberOptions {
  /** Word for a zero tens digit before a non-zero unit: northern "linh" (default) or southern "lẻ". */
  zeroTens?: 'linh' | 'le'
  /** Word for 4 in the units place after a tens word of 20 or more: "bốn" (default) or "tư". */
  four?: 'bon' | 'tu'
}

export interface AnnouncementOptions extends VietnameseNumberOptions {
  /** How the digits of a ticket number are read in Vietnamese: as one number, or one by one. */
  reading: NumberReading
  /** Languages in the order they are spoken; empty means Vietnamese only. */
  languages: readonly AnnouncementLanguage[]
}

/** The largest number `numberToVietnameseWords` reads (whole counter and ticket numbers stay far below). */
export const MAX_SPOKEN_NUMBER = 999_999

const VI_DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const

function digitWord(d: number): string {
  const word = VI_DIGITS[d]
  if (word === undefined) throw new RangeError(`not a digit: ${d}`)
  return word
}

/** Reads 0..99 after a hundreds word, or on its own when `standalone`. */
function readTensAndUnits(n: number, standalone: boolean, opts: Required<VietnameseNumberOptions>): string[] {
  const tens = Math.floor(n / 10)
  const units = n % 10
  if (tens === 0) {
    if (units === 0) return []
    if (standalone) return [digitWord(units)]
    return [opts.zeroTens === 'le' ? 'lẻ' : 'linh', digitWord(units)]
  }
  const words = tens === 1 ? ['mười'] : [digitWord(tens), 'mươi']
  if (units === 0) return words
  if (units === 5) words.push('lăm')
  else if (units === 1 && tens >= 2) words.push('mốt')
  else if (units === 4 && tens >= 2 && opts.four === 'tu') words.push('tư')
  else words.push(digitWord(units))
  return words
}

/** Reads 0..999; `full` says the hundreds even when zero (a group after a higher one). */
function readGroup(n: number, full: boolean, opts: Required<VietnameseNumberOptions>): string[] {
  const hundreds = Math.floor(n / 100)
  const rest = n % 100
  if (hundreds === 0 && !full) return readTensAndUnits(rest, true, opts)
  return [digitWord(hundreds), 'trăm', ...readTensAndUnits(rest, false, opts)]
}

/**
 * A whole number as Vietnamese people say it in full, one word per element so each word maps
 * to one sound clip: 1023 → ["một", "nghìn", "không", "trăm", "hai", "mươi", "ba"].
 */
export function numberToVietnameseWords(n: number, options: VietnameseNumberOptions = {}): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SPOKEN_NUMBER) {
    throw new RangeError(`cannot read ${n}: expected a whole number from 0 to ${MAX_SPOKEN_NUMBER}`)
  }
  const opts: Required<VietnameseNumberOptions> = { zeroTens: 'linh', four: 'bon', ...options }
  if (n === 0) return ['không']
  const thousands = Math.floor(n / 1000)
  const rest = n % 1000
  if (thousands === 0) return readGroup(rest, false, opts)
  const words = [...readGroup(thousands, false, opts), 'nghìn']
  if (rest !== 0) words.push(...readGroup(rest, true, opts))
  return words
}

/** A string of digits read one by one: "1023" → ["một", "không", "hai", "ba"]. */
export function digitsToVietnameseWords(digits: string): string[] {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not a string of digits: ${JSON.stringify(digits)}`)
  return [...digits].map((d) => digitWord(Number(d)))
}

/**
 * Letter names as they are said when spelling out a ticket prefix, with their clip ids.
 * D is "đê" as on licence plates and in most announcements (the school name "dê" is easily
 * misheard as "đê" anyway); Đ has its own clip so a site that uses both can tell them apart.
 * Letters outside the Vietnamese alphabet (F, J, W, Z) get their usual borrowed names; J is
 * written "di" (said /zi/ in the north), since "gi" alone is read as a bare consonant by speech engines.
 */
export const LETTERS: Readonly<Record<string, { clip: string; vi: string; en: string }>> = {
  A: { clip: 'a', vi: 'a', en: 'A' },
  Ă: { clip: 'aw', vi: 'á', en: 'A' },
  Â: { clip: 'aa', vi: 'ớ', en: 'A' },
  B: { clip: 'b', vi: 'bê', en: 'B' },
  C: { clip: 'c', vi: 'xê', en: 'C' },
  D: { clip: 'd', vi: 'đê', en: 'D' },
  Đ: { clip: 'dd', vi: 'đê', en: 'D' },
  E: { clip: 'e', vi: 'e', en: 'E' },
  Ê: { clip: 'ee', vi: 'ê', en: 'E' },
  F: { clip: 'f', vi: 'ép', en: 'F' },
  G: { clip: 'g', vi: 'giê', en: 'G' },
  H: { clip: 'h', vi: 'hát', en: 'H' },
  I: { clip: 'i', vi: 'i', en: 'I' },
  J: { clip: 'j', vi: 'di', en: 'J' },
  K: { clip: 'k', vi: 'ca', en: 'K' },
  L: { clip: 'l', vi: 'e lờ', en: 'L' },
  M: { clip: 'm', vi: 'em mờ', en: 'M' },
  N: { clip: 'n', vi: 'en nờ', en: 'N' },
  O: { clip: 'o', vi: 'o', en: 'O' },
  Ô: { clip: 'oo', vi: 'ô', en: 'O' },
  Ơ: { clip: 'ow', vi: 'ơ', en: 'O' },
  P: { clip: 'p', vi: 'pê', en: 'P' },
  Q: { clip: 'q', vi: 'quy', en: 'Q' },
  R: { clip: 'r', vi: 'e rờ', en: 'R' },
  S: { clip: 's', vi: 'ét sì', en: 'S' },
  T: { clip: 't', vi: 'tê', en: 'T' },
  U: { clip: 'u', vi: 'u', en: 'U' },
  Ư: { clip: 'uw', vi: 'ư', en: 'U' },
  V: { clip: 'v', vi: 'vê', en: 'V' },
  W: { clip: 'w', vi: 'vê kép', en: 'W' },
  X: { clip: 'x', vi: 'ích xì', en: 'X' },
  Y: { clip: 'y', vi: 'i dài', en: 'Y' },
  Z: { clip: 'z', vi: 'dét', en: 'Z' },
}

/** One part of a ticket number: a letter, or a run of digits. */
export type TicketNumberPart = { kind: 'letter'; letter: string } | { kind: 'digits'; digits: string }

/**
 * Splits a ticket number into letters and digit runs: "KD005" → K, D, "005". Case and Unicode
 * form do not matter; spaces, dots and hyphens are separators. Anything else is a RangeError,
 * so a typo in a numbering rule shows up in tests rather than as silence in the waiting room.
 */
export function parseTicketNumber(ticketNumber: string): TicketNumberPart[] {
  const parts: TicketNumberPart[] = []
  for (const m of ticketNumber
    .normalize('NFC')
    .toUpperCase()
    .matchAll(/(\d+)|([^\d\s.-])|[\s.-]+/gu)) {
    if (m[1] !== undefined) parts.push({ kind: 'digits', digits: m[1] })
    else if (m[2] !== undefined) {
      if (!(m[2] in LETTERS)) throw new RangeError(`cannot read ${JSON.stringify(m[2])} in ticket number ${JSON.stringify(ticketNumber)}`)
      parts.push({ kind: 'letter', letter: m[2] })
    }
  }
  if (parts.length === 0) throw new RangeError(`empty ticket number ${JSON.stringify(ticketNumber)}`)
  return parts
}

function wholeNumber(digits: string): number {
  const n = Number(digits)
  if (n > MAX_SPOKEN_NUMBER) throw new RangeError(`number too long to read whole: ${digits}`)
  return n
}

/** Vietnamese words for a ticket number: "A023" → ["a", "hai", "mươi", "ba"] (whole) or ["a", "không", "hai", "ba"]. */
export function ticketNumberToVietnameseWords(ticketNumber: string, reading: NumberReading, options: VietnameseNumberOptions = {}): string[] {
  return parseTicketNumber(ticketNumber).flatMap((part) => {
    if (part.kind === 'letter') return [LETTERS[part.letter]!.vi]
    return reading === 'digits' ? digitsToVietnameseWords(part.digits) : numberToVietnameseWords(wholeNumber(part.digits), options)
  })
}

// ---------------------------------------------------------------------------------------------
// English

const EN_ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const

/** A whole number in English words, one word per element: 121 → ["one", "hundred", "twenty", "one"]. */
export function numberToEnglishWords(n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SPOKEN_NUMBER) {
    throw new RangeError(`cannot read ${n}: expected a whole number from 0 to ${MAX_SPOKEN_NUMBER}`)
  }
  const below1000 = (m: number): string[] => {
    const words: string[] = []
    const hundreds = Math.floor(m / 100)
    const rest = m % 100
    if (hundreds > 0) words.push(EN_ONES[hundreds]!, 'hundred')
    if (rest >= 20) {
      words.push(EN_TENS[Math.floor(rest / 10)]!)
      if (rest % 10 !== 0) words.push(EN_ONES[rest % 10]!)
    } else if (rest > 0) words.push(EN_ONES[rest]!)
    return words
  }
  if (n === 0) return ['zero']
  const thousands = Math.floor(n / 1000)
  return [...(thousands > 0 ? [...below1000(thousands), 'thousand'] : []), ...below1000(n % 1000)]
}

/** English words for a ticket number, always digit by digit: "A023" → ["A", "zero", "two", "three"]. */
export function ticketNumberToEnglishWords(ticketNumber: string): string[] {
  return parseTicketNumber(ticketNumber).flatMap((part) =>
    part.kind === 'letter' ? [LETTERS[part.letter]!.en] : [...part.digits].map((d) => EN_ONES[Number(d)]!),
  )
}

// ---------------------------------------------------------------------------------------------
// Clips

/** One file of a sound pack: its id (also its path under sounds/, without ".wav") and what it says. */
export interface ClipDefinition {
  id: string
  lang: AnnouncementLanguage | null
  /** The words spoken, or null for a non-speech sound. */
  text: string | null
}

export const CHIME_CLIP = 'chime'
export const VI_CALL_PREFIX_CLIP = 'vi/moi-cong-dan-co-so'
export const VI_COUNTER_CLIP = 'vi/den-quay-so'
export const EN_CALL_PREFIX_CLIP = 'en/ticket-number'
export const EN_COUNTER_CLIP = 'en/please-go-to-counter'

/**
 * Vietnamese number words → clip id. Ids are ASCII without tone marks; where two words differ
 * only by tone the rarer one carries the tone's name: "mươi" is vi/muoi, "mười" vi/muoi-huyen,
 * "một" vi/mot, "mốt" vi/mot-sac.
 */
export const VI_WORD_CLIPS: Readonly<Record<string, string>> = {
  'không': 'vi/khong',
  'một': 'vi/mot',
  'mốt': 'vi/mot-sac',
  'hai': 'vi/hai',
  'ba': 'vi/ba',
  'bốn': 'vi/bon',
  'tư': 'vi/tu',
  'năm': 'vi/nam',
  'lăm': 'vi/lam',
  'sáu': 'vi/sau',
  'bảy': 'vi/bay',
  'tám': 'vi/tam',
  'chín': 'vi/chin',
  'mười': 'vi/muoi-huyen',
  'mươi': 'vi/muoi',
  'trăm': 'vi/tram',
  'nghìn': 'vi/nghin',
  'linh': 'vi/linh',
  'lẻ': 'vi/le',
}

/** English number words → clip id (the word itself: en/zero ... en/ninety, en/hundred, en/thousand). */
const EN_WORD_CLIPS: Readonly<Record<string, string>> = Object.fromEntries(
  [...EN_ONES, ...EN_TENS.filter((w) => w !== ''), 'hundred', 'thousand'].map((w) => [w, `en/${w}`]),
)

/** Every clip a complete sound pack holds, in a stable order. */
export const CLIPS: readonly ClipDefinition[] = [
  { id: CHIME_CLIP, lang: null, text: null },
  { id: VI_CALL_PREFIX_CLIP, lang: 'vi', text: 'Mời công dân có số' },
  { id: VI_COUNTER_CLIP, lang: 'vi', text: 'đến quầy số' },
  ...Object.entries(VI_WORD_CLIPS).map(([text, id]) => ({ id, lang: 'vi' as const, text })),
  ...Object.values(LETTERS).map((l) => ({ id: `vi/letter-${l.clip}`, lang: 'vi' as const, text: l.vi })),
  { id: EN_CALL_PREFIX_CLIP, lang: 'en', text: 'Ticket number' },
  { id: EN_COUNTER_CLIP, lang: 'en', text: 'please go to counter' },
  ...Object.entries(EN_WORD_CLIPS).map(([text, id]) => ({ id, lang: 'en' as const, text })),
  // Several Vietnamese letters share an English name (Ă, Â → A): one clip each.
  ...[...new Set(Object.values(LETTERS).map((l) => l.en))].map((en) => ({
    id: `en/letter-${en.toLowerCase()}`,
    lang: 'en' as const,
    text: en,
  })),
]

const CLIP_BY_ID: ReadonlyMap<string, ClipDefinition> = new Map(CLIPS.map((c) => [c.id, c]))

/** The clip definition for an id, or undefined when the id is not part of the pack. */
export function clipDefinition(id: string): ClipDefinition | undefined {
  return CLIP_BY_ID.get(id)
}

function viClip(word: string): string {
  const id = VI_WORD_CLIPS[word]
  if (id === undefined) throw new Error(`no clip for Vietnamese word ${JSON.stringify(word)}`)
  return id
}

function enClip(word: string): string {
  const id = EN_WORD_CLIPS[word]
  if (id === undefined) throw new Error(`no clip for English word ${JSON.stringify(word)}`)
  return id
}

function viTicketClips(ticketNumber: string, opts: AnnouncementOptions): string[] {
  return parseTicketNumber(ticketNumber).flatMap((part) => {
    if (part.kind === 'letter') return [`vi/letter-${LETTERS[part.letter]!.clip}`]
    const words = opts.reading === 'digits' ? digitsToVietnameseWords(part.digits) : numberToVietnameseWords(wholeNumber(part.digits), opts)
    return words.map(viClip)
  })
}

function enTicketClips(ticketNumber: string): string[] {
  return parseTicketNumber(ticketNumber).flatMap((part) =>
    part.kind === 'letter' ? [`en/letter-${LETTERS[part.letter]!.en.toLowerCase()}`] : [...part.digits].map((d) => enClip(EN_ONES[Number(d)]!)),
  )
}

function checkCounter(counterNumber: number): void {
  if (!Number.isSafeInteger(counterNumber) || counterNumber < 0 || counterNumber > MAX_SPOKEN_NUMBER) {
    throw new RangeError(`cannot read counter number ${counterNumber}`)
  }
}

/**
 * The clip ids of one announcement: a chime, then per language "Mời công dân có số <ticket>
 * đến quầy số <counter>" / "Ticket number <ticket>, please go to counter <counter>".
 */
export function announcementWords(ticketNumber: string, counterNumber: number, opts: AnnouncementOptions): string[] {
  checkCounter(counterNumber)
  const clips = [CHIME_CLIP]
  const languages = opts.languages.length > 0 ? opts.languages : (['vi'] as const)
  for (const lang of languages) {
    if (lang === 'vi') {
      clips.push(VI_CALL_PREFIX_CLIP, ...viTicketClips(ticketNumber, opts), VI_COUNTER_CLIP)
      clips.push(...numberToVietnameseWords(counterNumber, opts).map(viClip))
    } else {
      clips.push(EN_CALL_PREFIX_CLIP, ...enTicketClips(ticketNumber), EN_COUNTER_CLIP)
      clips.push(...numberToEnglishWords(counterNumber).map(enClip))
    }
  }
  return clips
}

/**
 * The same announcement as one sentence for speech synthesis, numbers spelled out as the clips
 * say them: "Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số năm".
 */
export function announcementText(
  ticketNumber: string,
  counterNumber: number,
  lang: AnnouncementLanguage,
  reading: NumberReading,
  options: VietnameseNumberOptions = {},
): string {
  checkCounter(counterNumber)
  if (lang === 'vi') {
    const ticket = ticketNumberToVietnameseWords(ticketNumber, reading, options).join(' ')
    return `Mời công dân có số ${ticket} đến quầy số ${numberToVietnameseWords(counterNumber, options).join(' ')}`
  }
  const ticket = ticketNumberToEnglishWords(ticketNumber).join(' ')
  return `Ticket number ${ticket}, please go to counter ${numberToEnglishWords(counterNumber).join(' ')}`
}
