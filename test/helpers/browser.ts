/**
 * Real Chromium for browser tests: Debian's package driven by playwright-core. Where Chromium is
 * not installed, browser tests are skipped with a plain message saying how to install it.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core'
import tap from 'tap'
import type { Tap } from './build.js'
import { CHROMIUM_ARGS } from './chromium-args.js'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
  (p): p is string => typeof p === 'string' && p.length > 0,
)

export const chromiumPath: string | undefined = CANDIDATES.find((p) => existsSync(p))

export const SKIP_BROWSER = chromiumPath
  ? false
  : 'browser tests skipped: Chromium is not installed (install it with `apt-get install -y chromium`, or set CHROMIUM_PATH)'

/** How long a browser test waits for an element or an event before it fails. */
export const BROWSER_WAIT_MS = 60_000

export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts')

/** The file's one Chromium, started by the first test that asks for it. */
let shared: Promise<Browser> | undefined

/**
 * Chromium for this test: under `npm test` the run's one Chromium (QMS_TEST_BROWSER_WS, started by
 * test-engines.mjs: a launch costs about 2 s of CPU, and forty-odd files launched one each), else one
 * browser per test file, shared by its tests. Each test has contexts of its own (cookies, storage and
 * pages), closed when the test ends; the file disconnects from the browser, or closes its own, when
 * its last test has ended.
 */
export async function launch(t: Tap): Promise<Browser> {
  if (!chromiumPath) throw new Error(String(SKIP_BROWSER))
  shared ??= start(chromiumPath)
  const browser = await shared
  const before = new Set(browser.contexts())
  t.teardown(async () => {
    for (const context of browser.contexts()) if (!before.has(context)) await context.close()
  })
  return browser
}

async function start(executablePath: string): Promise<Browser> {
  const ws = process.env.QMS_TEST_BROWSER_WS
  const browser = ws ? await chromium.connect(ws, { timeout: BROWSER_WAIT_MS }) : await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  // (On a browser it connected to, close() ends the connection and this file's contexts, not Chromium.)
  tap.teardown(() => browser.close())
  // The tests' TypeScript is compiled by esbuild (tsx) with names kept: a function a test hands to
  // `page.evaluate` may call esbuild's `__name` helper, which exists in Node, not in the page.
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (...args) => {
    const context = await newContext(...args)
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn' })
    return context
  }
  return browser
}

export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1920, height: opts.height ?? 1080 },
    locale: opts.locale ?? 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  })
  // A loaded two-core CI machine can stall a page for tens of seconds: waits fail on a missing
  // element, not on a slow one.
  context.setDefaultTimeout(BROWSER_WAIT_MS)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  return { context, page, errors }
}

/** Saves a screenshot under test/artifacts/ for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** Waits for a condition the page reaches by itself (a live update), failing with `what` after BROWSER_WAIT_MS. */
export async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + BROWSER_WAIT_MS
  let last: T = await probe()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 50))
    last = await probe()
  }
  return last
}

/** A download's bytes, read through Playwright (a browser it connected to keeps the file on its side: no path here). */
export async function downloaded(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
