/**
 * Every stable error code has its words in Vietnamese and English, and each refusal the server
 * gives has its own code: `conflict`, which once stood for eleven refusals, is gone.
 */
import t from 'tap'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ERROR_CODES } from '../../shared/constants.js'
import { ERROR_MESSAGES, errorMessage } from '../../shared/error-messages.js'

t.test('every code in shared/constants.ts has a Vietnamese and an English message', async (t) => {
  const messages = ERROR_MESSAGES as Record<string, { vi?: string; en?: string } | undefined>
  for (const code of ERROR_CODES) {
    const entry = messages[code]
    t.ok(entry?.vi && entry.vi.trim().length > 0, `${code} has a Vietnamese message`)
    t.ok(entry?.en && entry.en.trim().length > 0, `${code} has an English message`)
    t.not(entry?.vi, entry?.en, `${code}: the Vietnamese is not the English`)
    if (code !== 'internal_error') t.not(errorMessage(code, 'vi'), errorMessage('internal_error', 'vi'), `${code} is not the generic failure`)
  }
  const known = new Set<string>([...ERROR_CODES, 'network', 'timeout'])
  t.same(
    Object.keys(ERROR_MESSAGES).filter((k) => !known.has(k)),
    [],
    'no message for a code that does not exist',
  )
})

/** Source files under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

t.test('each refusal the server throws names a code of its own kind, never a catch-all', async (t) => {
  const thrown = new Map<string, string[]>()
  for (const file of sources('server/src')) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/new (?:DomainError|HttpError)\(\s*(?:\d{3},\s*)?'([a-z_]+)'/g)) {
      thrown.set(m[1] as string, [...(thrown.get(m[1] as string) ?? []), file])
    }
  }
  t.ok(thrown.size > 30, `found ${thrown.size} codes thrown by the server`)
  for (const code of thrown.keys()) t.ok((ERROR_CODES as readonly string[]).includes(code), `${code} is a listed code`)
  t.notOk(thrown.has('conflict'), 'no refusal is a bare `conflict`')
  t.notOk((ERROR_CODES as readonly string[]).includes('conflict'), '`conflict` is not a code any more')
})
