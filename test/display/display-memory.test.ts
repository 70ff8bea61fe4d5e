/**
 * A display runs for weeks: what it keeps must stay bounded. A short run here (DOM nodes,
 * listeners and the recent-calls list after 60 and after 240 calls); the 2000-call heap soak is
 * part of `npm run bench` (test/bench/display-memory.ts), where a long run belongs.
 */
import t from 'tap'
import { build } from '../helpers/build.js'
import { SKIP_BROWSER } from '../helpers/browser.js'
import { driveDisplay, mb } from './long-run.js'

t.setTimeout(300_000)

t.test('what the display keeps stays bounded as calls go by', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const { figures, errors } = await driveDisplay(t, app, [60, 240])
  const [early, late] = figures as [(typeof figures)[0], (typeof figures)[0]]
  for (const f of figures) t.comment(`${f.calls} calls: heap ${mb(f.heapUsed)} MB, ${f.nodes} DOM nodes, ${f.listeners} listeners`)
  t.ok(late.nodes - early.nodes < 300, `DOM nodes stay bounded (${early.nodes} → ${late.nodes})`)
  t.ok(late.listeners - early.listeners < 30, `event listeners stay bounded (${early.listeners} → ${late.listeners})`)
  t.equal(late.recentCalls, 6, 'the recent-calls list stays capped')
  t.same(errors, [], 'no errors in the page')
})
