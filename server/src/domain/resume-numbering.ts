/**
 * After a restore the database may be behind the paper: numbers issued after the backup was taken
 * were printed and handed out, but the restored file has never heard of them. Issuing them again
 * would put two citizens on one number. The server keeps a note of each day's last numbers beside
 * the database (plugins/numbering-ledger.ts); at start this command raises the day's counters to
 * that note wherever the database is behind, so numbering continues past every number given out.
 */
import type { Command } from './runner.js'

export interface ResumeNumberingInput {
  serviceDay: string
  /** The last ordinal handed out per service, as the note beside the database says. */
  numbers: { serviceId: number; lastSeqNo: number }[]
}

export interface RaisedNumbering {
  serviceId: number
  from: number
  to: number
}

export const resumeNumbering: Command<ResumeNumberingInput, RaisedNumbering[]> = async (ctx, input) => {
  const known = new Set((await ctx.tx.services.all(ctx.siteId)).map((s) => s.id))
  const raised: RaisedNumbering[] = []
  for (const { serviceId, lastSeqNo } of input.numbers) {
    if (!known.has(serviceId)) continue
    const now = await ctx.tx.tickets.lastNumber(serviceId, input.serviceDay)
    if (lastSeqNo <= now) continue
    await ctx.tx.tickets.setLastNumber(serviceId, input.serviceDay, lastSeqNo)
    raised.push({ serviceId, from: now, to: lastSeqNo })
  }
  if (raised.length === 0) return { result: raised }
  return {
    result: raised,
    audit: { action: 'numbering.resume', targetType: 'site', targetId: ctx.siteId, detail: { serviceDay: input.serviceDay, raised } },
  }
}
