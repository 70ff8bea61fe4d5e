#!/usr/bin/env node
/** Says plainly, before the tests run, whether the browser tests will run or be skipped. */
import { existsSync } from 'node:fs'

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean)
const found = candidates.find((p) => existsSync(p))
if (found) {
  console.log(`Browser tests run in ${found}.`)
} else {
  console.log(
    [
      '',
      '*** Browser tests will be SKIPPED: Chromium is not installed. ***',
      '    Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu),',
      '    or point CHROMIUM_PATH at a Chromium or Chrome binary. The other tests still run.',
      '',
    ].join('\n'),
  )
}
