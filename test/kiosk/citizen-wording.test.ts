/**
 * What citizens read, at the kiosk, on the phone's ticket page, on paper and in the shared wait
 * wording, follows one style (STYLE rules for UI text): one form of address ("Ông/Bà" or none,
 * never "bạn", "công dân" or "quý công dân" mixed in), the spelling "ngừng", and Vietnamese
 * quotation marks “…” rather than straight ones.
 */
import t from 'tap'
import { MESSAGES } from '../../kiosk/src/messages.js'
import { TRACKING_TEXT } from '../../server/src/routes/tracking-view.js'
import { WAIT_MESSAGES } from '../../shared/wait-text.js'
import { ticketStatLines } from '../../server/src/printing/ticket-image.js'
import { aTicket } from '../helpers/ticket-print-data.js'

/** Every string in a nested catalogue, with where it sits. */
function strings(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value])
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out)
  return out
}

const vietnamese: [string, string][] = [
  ...strings(MESSAGES.vi, 'kiosk'),
  ...strings(TRACKING_TEXT.vi, 'ticket page'),
  ...strings(WAIT_MESSAGES.vi, 'wait'),
  ...ticketStatLines(aTicket(), 'vi').map((s, i): [string, string] => [`paper[${i}]`, s]),
]

t.test('one form of address: “Ông/Bà” or none', async (t) => {
  const offending = vietnamese.filter(([, s]) => /\b(bạn|Bạn|quý công dân|công dân)\b/u.test(s))
  t.same(offending, [], 'no “bạn” or “công dân” in what citizens read')
  t.ok(
    vietnamese.some(([, s]) => s.includes('Ông/Bà')),
    'where a sentence addresses the citizen, it is “Ông/Bà”',
  )
})

t.test('“ngừng”, not “ngưng”', async (t) => {
  t.same(
    vietnamese.filter(([, s]) => /ngưng/iu.test(s)),
    [],
  )
})

t.test('Vietnamese quotation marks, never straight ones', async (t) => {
  const all = [...vietnamese, ...strings(MESSAGES.en, 'kiosk en'), ...strings(TRACKING_TEXT.en, 'page en'), ...strings(WAIT_MESSAGES.en, 'wait en')]
  t.same(
    all.filter(([, s]) => /["]/.test(s)),
    [],
    'no straight double quotes',
  )
  t.ok(
    all.some(([, s]) => s.includes('“') && s.includes('”')),
    'quotations use “…”',
  )
})
