/**
 * Reads the V8 CPU profiles the system server wrote (node --cpu-prof) and lists the functions with
 * the most self time: where a missed target's time actually goes.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  hitCount?: number
  children?: number[]
  callFrame: { functionName: string; url: string; lineNumber: number }
}

export interface HotFunction {
  name: string
  where: string
  selfPct: number
}

export function summariseProfiles(dir: string, top: number): HotFunction[] {
  const hits = new Map<string, { name: string; where: string; hits: number }>()
  let total = 0
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] }
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame
      const n = node.hitCount ?? 0
      // Idle time is the server waiting for work: not a cost.
      if (functionName === '(idle)' || functionName === '(program)' || n === 0) continue
      total += n
      const where = url ? `${url.replace(/^file:\/\/.*?\/node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/dist\//, 'dist/')}:${lineNumber + 1}` : ''
      const key = `${functionName}|${where}`
      const entry = hits.get(key) ?? { name: functionName || '(anonymous)', where, hits: 0 }
      entry.hits += n
      hits.set(key, entry)
    }
  }
  return [...hits.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((h) => ({ name: h.name, where: h.where, selfPct: total > 0 ? (100 * h.hits) / total : 0 }))
}

/**
 * Inclusive time (self + everything it calls) of the server's own functions (those in the bundle
 * dist/server/main.js), as a share of all non-idle samples: which command or step the time is spent under.
 */
export function inclusiveOwnFunctions(dir: string, top: number): HotFunction[] {
  const totals = new Map<string, { name: string; where: string; hits: number }>()
  let all = 0
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] }
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const idle = (n: ProfileNode) => ['(idle)', '(program)'].includes(n.callFrame.functionName)
    const memo = new Map<number, number>()
    const total = (n: ProfileNode): number => {
      const known = memo.get(n.id)
      if (known !== undefined) return known
      const t = (idle(n) ? 0 : (n.hitCount ?? 0)) + (n.children ?? []).reduce((sum, c) => sum + total(byId.get(c) as ProfileNode), 0)
      memo.set(n.id, t)
      return t
    }
    for (const n of profile.nodes) if (!idle(n)) all += n.hitCount ?? 0
    // Count each function once per stack: skip nodes whose ancestor is the same function.
    const walk = (n: ProfileNode, above: Set<string>) => {
      const { functionName, url, lineNumber } = n.callFrame
      const key = `${functionName}|${url}:${lineNumber}`
      const own = url.includes('/dist/server/')
      if (own && !above.has(key)) {
        const entry = totals.get(key) ?? { name: functionName || '(anonymous)', where: `dist/server/main.js:${lineNumber + 1}`, hits: 0 }
        entry.hits += total(n)
        totals.set(key, entry)
      }
      const next = own ? new Set(above).add(key) : above
      for (const c of n.children ?? []) walk(byId.get(c) as ProfileNode, next)
    }
    const root = profile.nodes[0]
    if (root) walk(root, new Set())
  }
  return [...totals.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((h) => ({ name: h.name, where: h.where, selfPct: all > 0 ? (100 * h.hits) / all : 0 }))
}

// `tsx test/bench/profile.ts <dir>`: summarise profiles by hand.
if (process.argv[1]?.endsWith('profile.ts') && process.argv[2]) {
  console.log('self time:')
  for (const h of summariseProfiles(process.argv[2], Number(process.argv[3] ?? 40))) console.log(`${h.selfPct.toFixed(1).padStart(5)}%  ${h.name}  ${h.where}`)
  console.log("inclusive time of the server's own functions:")
  for (const h of inclusiveOwnFunctions(process.argv[2], Number(process.argv[3] ?? 40)))
    console.log(`${h.selfPct.toFixed(1).padStart(5)}%  ${h.name}  ${h.where}`)
}
