import t from 'tap'
import { ConfigError, loadConfig } from '../../server/src/config.js'

t.test('defaults', async (t) => {
  const config = loadConfig({})
  t.equal(config.PORT, 3000)
  t.equal(config.DATABASE_PATH, 'data/qms.sqlite')
  t.equal(config.DEMO_DATA, true)
  t.equal(config.LOG_LEVEL, 'info')
})

t.test("links default to this machine's address and the configured port", async (t) => {
  t.match(loadConfig({ PORT: '3777' }).PUBLIC_URL, /^http:\/\/[\w.]+:3777$/)
  t.equal(loadConfig({ PUBLIC_URL: 'https://qms.example.vn/' }).PUBLIC_URL, 'https://qms.example.vn', 'a trailing slash is dropped')
  t.throws(() => loadConfig({ PUBLIC_URL: 'qms.example.vn' }), /PUBLIC_URL/)
})

t.test('values from the environment are converted', async (t) => {
  const config = loadConfig({ PORT: '8080', DEMO_DATA: 'false', SESSION_TTL_HOURS: '8' })
  t.equal(config.PORT, 8080)
  t.equal(config.DEMO_DATA, false)
  t.equal(config.SESSION_TTL_HOURS, 8)
})

t.test('a bad configuration lists every problem', async (t) => {
  try {
    loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', ADMIN_PASSWORD: 'short' })
    t.fail('should have refused')
  } catch (err) {
    t.ok(err instanceof ConfigError)
    const problems = (err as ConfigError).problems.join('\n')
    t.match(problems, /PORT/)
    t.match(problems, /LOG_LEVEL/)
    t.match(problems, /ADMIN_PASSWORD/)
    t.equal((err as ConfigError).problems.length, 3)
  }
})
