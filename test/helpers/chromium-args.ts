/**
 * How the tests' Chromium is started: by a test file itself (browser.ts), or once for the whole run
 * by test-engines.mjs, which imports this module compiled (so it must stay free of side effects).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]
