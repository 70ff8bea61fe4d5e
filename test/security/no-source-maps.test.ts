/** The production build serves no source maps: the front ends' source and comments stay on the build machine. */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { paths } from '../../server/src/paths.js'
import { build } from '../helpers/build.js'

t.test('no source map is built or served', async (t) => {
  const files = readdirSync(paths.public, { recursive: true }).map(String)
  const scripts = files.filter((f) => f.endsWith('.js'))
  t.ok(scripts.length >= 4, `the front ends are built (${scripts.length} scripts)`)
  t.same(
    files.filter((f) => f.endsWith('.map')),
    [],
    'no .map file in the public folder',
  )
  t.same(
    scripts.filter((f) => readFileSync(join(paths.public, f), 'utf8').includes('sourceMappingURL')),
    [],
    'and no script points to one',
  )
  const { app } = await build(t)
  const page = await app.inject({ url: '/kiosk/' })
  const script = /src="\/?(?:kiosk\/)?(app\.[A-Z0-9]+\.js)"/.exec(page.body)?.[1]
  t.ok(script, 'the kiosk page names its script')
  t.equal((await app.inject({ url: `/kiosk/${script}` })).statusCode, 200, 'which is served')
  t.equal((await app.inject({ url: `/kiosk/${script}.map` })).statusCode, 404, 'its map is not')
})
