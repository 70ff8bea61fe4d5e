/**
 * A long queue at office scale for console screenshots: counter 1 serves three fields with long
 * names, and 24 citizens wait, some with priority.
 */
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { aDevice, counterId, issue, serviceId } from '../helpers/build.js'
import { counterServices, priorityGroups, services } from '../../server/src/db/schema.js'

export const LONG_NAMES: Record<string, string> = {
  DD: 'Đất đai: cấp đổi, cấp lại giấy chứng nhận quyền sử dụng đất và tài sản gắn liền với đất',
  HT: 'Hộ tịch: đăng ký khai sinh, kết hôn, khai tử và trích lục bản sao giấy tờ hộ tịch',
  CT: 'Chứng thực bản sao từ bản chính, chứng thực chữ ký và hợp đồng, giao dịch',
}

/** Counter 1 serves three fields with long names; 24 citizens wait, some with priority. */
export async function longQueue(app: FastifyInstance): Promise<void> {
  const db = app.storage.db
  for (const [code, nameVi] of Object.entries(LONG_NAMES)) db.update(services).set({ nameVi }).where(eq(services.code, code)).run()
  const c1 = await counterId(app, 1)
  db.delete(counterServices).where(eq(counterServices.counterId, c1)).run()
  db.insert(counterServices)
    .values(
      [await serviceId(app, 'DD'), await serviceId(app, 'HT'), await serviceId(app, 'CT')].map((serviceId, position) => ({
        counterId: c1,
        serviceId,
        position,
      })),
    )
    .run()
  const groups = db.select({ id: priorityGroups.id }).from(priorityGroups).all()
  const kiosk = await aDevice(app, 'kiosk')
  for (let i = 0; i < 24; i++) {
    const code = ['DD', 'HT', 'CT'][i % 3] as string
    const priorityGroupId = i % 5 === 2 ? (groups[i % groups.length]?.id ?? null) : null
    const res = await issue(app, kiosk, { serviceId: await serviceId(app, code), priorityGroupId })
    if (res.statusCode !== 201) throw new Error(`issue failed: ${res.body}`)
  }
}
