/**
 * Loaded into every test process by test-runner.mjs: at exit, prints the processor seconds the
 * process used with those of the children it waited for (Chromium, server processes), from
 * /proc/self/stat, as `# test-runner cpu: S`, which the runner reads for test/durations.json.
 */
import { readFileSync, writeSync } from 'node:fs'

process.once('exit', () => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // utime, stime, cutime, cstime: fields 14–17, counted after the command name's closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0)
    writeSync(1, `\n# test-runner cpu: ${(ticks / 100).toFixed(2)}\n`)
  } catch {
    // not Linux, or stdout closed: the runner does without
  }
})
