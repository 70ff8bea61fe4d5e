/**
 * The test runner's scheduling (server/scripts/test-runner.mjs), on small scripts that log when they
 * start and end: at most `jobs` at a time, never two heavy files together, the file that runs alone
 * after every other one, the longest first, and a failing file reported with its output and counts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { projectRoot } from '../../server/src/paths.js'

// A plain ES module of the build scripts (not compiled with the tests: imported from where it is).
const { runFiles } = (await import(pathToFileURL(join(projectRoot, 'server', 'scripts', 'test-runner.mjs')).href)) as {
  runFiles: (items: unknown[], opts: unknown) => Promise<unknown[]>
}

interface Result {
  item: { file: string }
  code: number
  total: number
  pass: number
  fail: number
  output: string
}

t.test('files run within the jobs and the cores, heavy ones one at a time, the lone one last', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-runner-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const log = join(dir, 'log')
  writeFileSync(log, '')
  // Each script logs "start NAME ms" and "end NAME ms" around a sleep; `fail` ends with tap's summary of a failure.
  const script = (name: string, ms: number, fail = false) => {
    const path = join(dir, `${name}.mjs`)
    writeFileSync(
      path,
      `import { appendFileSync } from 'node:fs'
appendFileSync(${JSON.stringify(log)}, 'start ${name} ' + Date.now() + '\\n')
await new Promise((r) => setTimeout(r, ${ms}))
appendFileSync(${JSON.stringify(log)}, 'end ${name} ' + Date.now() + '\\n')
console.log(${fail ? "'not ok 1 - broken\\n# { total: 2, pass: 1, fail: 1 }'" : "'ok 1 - fine\\n# { total: 1, pass: 1 }'"})
process.exitCode = ${fail ? 1 : 0}
`,
    )
    return path
  }
  const names = ['heavy1', 'heavy2', 'light1', 'light2', 'light3', 'light4', 'broken', 'lone']
  const durations: Record<string, [number, number]> = {
    [`P ${script('heavy1', 400)}`]: [40, 40],
    [`P ${script('heavy2', 400)}`]: [39, 35],
    [`P ${script('light1', 300)}`]: [30, 3],
    [`P ${script('light2', 300)}`]: [20, 2],
    [`P ${script('light3', 300)}`]: [10, 1],
    [`P ${script('light4', 300)}`]: [5, 1],
    [`P ${script('broken', 100, true)}`]: [1, 0.1],
    [`P ${script('lone', 200)}`]: [100, 90],
  }
  const items = names.map((name) => ({ file: join(dir, `${name}.mjs`), pass: 'P', env: {}, alone: name === 'lone' }))
  const results = (await runFiles(items, {
    root: dir,
    jobs: 3,
    cores: 2,
    durations,
    argv: () => [],
    children: new Set(),
    stopped: () => false,
    log: () => {},
  })) as Result[]

  t.equal(results.length, names.length, 'every file ran')
  const broken = results.find((r) => r.item.file.endsWith('broken.mjs'))!
  t.match(broken, { code: 1, total: 2, pass: 1, fail: 1 }, 'a failing file: its exit code and tap counts')
  t.match(broken.output, /not ok 1 - broken/, 'with its output')
  t.ok(
    results.filter((r) => r !== broken).every((r) => r.code === 0),
    'the others passed',
  )

  const events = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([kind, name, at]) => ({ kind: kind!, name: name!, at: Number(at) }))
  const span = (name: string) => ({
    start: events.find((e) => e.kind === 'start' && e.name === name)!.at,
    end: events.find((e) => e.kind === 'end' && e.name === name)!.at,
  })
  let running = 0
  let most = 0
  let heavies = 0
  let mostHeavy = 0
  for (const e of [...events].sort((a, b) => a.at - b.at || (a.kind === 'end' ? -1 : 1))) {
    running += e.kind === 'start' ? 1 : -1
    if (e.name.startsWith('heavy')) heavies += e.kind === 'start' ? 1 : -1
    most = Math.max(most, running)
    mostHeavy = Math.max(mostHeavy, heavies)
  }
  t.ok(most <= 3, `at most three at a time (${most})`)
  t.equal(mostHeavy, 1, 'never two heavy files together')
  const lone = span('lone')
  t.ok(
    names.filter((n) => n !== 'lone').every((n) => span(n).end <= lone.start),
    'the lone file starts once every other has ended',
  )
})

t.test('one at a time, the longest known first and an unknown one by the median', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qms-runner-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const files = ['short', 'long', 'middle', 'unknown'].map((name) => {
    const path = join(dir, `${name}.mjs`)
    writeFileSync(path, "console.log('ok 1 - fine\\n# { total: 1, pass: 1 }')\n")
    return path
  })
  const [short, long, middle, unknown] = files as [string, string, string, string]
  const results = (await runFiles(
    files.map((file) => ({ file, pass: 'P', env: {} })),
    {
      root: dir,
      jobs: 1,
      durations: { [`P ${short}`]: [2, 1], [`P ${long}`]: [60, 5], [`P ${middle}`]: [20, 5] },
      argv: () => [],
      children: new Set(),
      stopped: () => false,
      log: () => {},
    },
  )) as Result[]
  t.same(
    results.map((r) => r.item.file),
    [long, middle, unknown, short],
    '60 s, 20 s, unknown (15 s), 2 s',
  )
})
