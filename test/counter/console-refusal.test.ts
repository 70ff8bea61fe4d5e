/**
 * The console turns the server's refusals into plain Vietnamese from their stable code and details,
 * never from the English message. The refusals here are real: each is provoked through the API, so a
 * refusal that loses its code or its specifics fails here.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, build, counterId, issue, login, serviceId, type Staff } from '../helpers/build.js'
import { refusalText } from '../../counter/src/console/refusal.js'
import type { ErrorDetails } from '../../shared/types.js'

async function refusal(app: FastifyInstance, staff: Staff, url: string, payload?: object) {
  const res = await app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })
  if (res.statusCode < 400) throw new Error(`${url} was not refused: ${res.body}`)
  return res.json() as { code: string; message: string; details?: ErrorDetails }
}

t.test('refusals name the ticket and the counter in plain words', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const lan = await login(app, 'canbo1')
  const hung = await login(app, 'canbo2')
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  const post = (staff: Staff, url: string, payload?: object) => app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })
  const say = (r: { code: string; message: string; details?: ErrorDetails }, ctx: object = {}) => {
    const text = refusalText(r.code, r.details, { lang: 'vi', ...ctx })
    if (r.message && text.includes(r.message)) throw new Error(`the server's English reached the screen: ${text}`)
    return text
  }

  const first = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json().ticket
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  await post(lan, `/api/counters/${c1}/open`)
  await post(hung, `/api/counters/${c2}/open`)
  await post(lan, `/api/counters/${c1}/call`, { ticketId: first.id })

  const late = await refusal(app, hung, `/api/counters/${c2}/call`, { ticketId: first.id })
  t.equal(late.code, 'ticket_not_waiting')
  t.equal(say(late, { counterNumber: 2 }), 'Số 1001 đã được quầy 1 gọi.', 'a ticket another counter called')
  t.equal(refusalText(late.code, late.details, { lang: 'en', counterNumber: 2 }), 'Ticket 1001 has already been called by counter 1.', 'in English too')

  const busy = await refusal(app, lan, `/api/counters/${c1}/call-next`)
  t.equal(say(busy), 'Quầy 1 còn số 1001 chưa xong. Hãy kết thúc số đó trước.', 'calling while a ticket is at the counter')

  const pauseBusy = await refusal(app, lan, `/api/counters/${c1}/pause`, { reason: 'Nghỉ' })
  t.equal(say(pauseBusy), 'Quầy 1 còn số 1001 chưa xong. Hãy kết thúc số đó trước.', 'pausing while a ticket is at the counter')

  const early = await refusal(app, lan, `/api/counters/${c1}/tickets/${first.id}/finish`)
  t.equal(early.code, 'ticket_not_serving')
  t.equal(say(early, { counterNumber: 1 }), 'Số 1001 mới được gọi, chưa bắt đầu tiếp nhận.', 'finishing before serving starts')

  await post(lan, `/api/counters/${c1}/tickets/${first.id}/start`)
  const serving = await refusal(app, lan, `/api/counters/${c1}/tickets/${first.id}/no-show`)
  t.equal(say(serving, { counterNumber: 1 }), 'Số 1001 đang được tiếp nhận tại quầy này.', 'marking absent a citizen being served')
  const servingElsewhere = await refusal(app, hung, `/api/counters/${c2}/call`, { ticketId: first.id })
  t.equal(say(servingElsewhere, { counterNumber: 2 }), 'Số 1001 đang được quầy 1 tiếp nhận.', 'a ticket served at another counter')
  await post(lan, `/api/counters/${c1}/tickets/${first.id}/finish`)
  const done = await refusal(app, hung, `/api/counters/${c2}/call`, { ticketId: first.id })
  t.equal(say(done), 'Số 1001 đã được giải quyết xong.', 'a ticket already served')

  const notMine = await refusal(app, hung, `/api/counters/${c1}/call-next`)
  t.equal(notMine.code, 'counter_not_assigned')
  t.equal(
    say(notMine),
    'Tài khoản này không còn phụ trách quầy 1 (quầy đã được đóng, giải phóng hoặc người khác đã nhận).',
    'acting at a counter one does not hold',
  )

  const taken = await refusal(app, hung, `/api/counters/${c1}/open`)
  t.equal(taken.code, 'counter_taken')
  t.equal(
    say(taken),
    'Quầy 1 đang do Nguyễn Thị Lan phụ trách. Lãnh đạo hoặc quản trị viên có thể giải phóng quầy.',
    'a counter held by someone else: who holds it, from the refusal itself, and who can free it',
  )

  await post(hung, `/api/counters/${c2}/call-next`)
  await post(hung, `/api/counters/${c2}/tickets/${first.id + 1}/start`)
  await post(hung, `/api/counters/${c2}/tickets/${first.id + 1}/finish`)
  const empty = await refusal(app, hung, `/api/counters/${c2}/call-next`)
  t.equal(say(empty), 'Không còn công dân nào đang chờ ở quầy 2.', 'nobody waiting')

  await post(hung, `/api/counters/${c2}/pause`, { reason: 'Họp' })
  const paused = await refusal(app, hung, `/api/counters/${c2}/call-next`)
  t.equal(say(paused), 'Quầy 2 đang tạm dừng. Nhấn “Tiếp tục làm việc” trước.', 'calling at a paused counter')

  const notPaused = await refusal(app, lan, `/api/counters/${c1}/resume`)
  t.equal(notPaused.code, 'counter_not_paused', 'resuming an open counter has its own code')
  t.equal(say(notPaused), 'Quầy 1 không tạm dừng.')

  t.equal(say({ code: 'network', message: 'Cannot reach the server' }), 'Mất kết nối tới máy chủ.', 'no answer at all')
  t.equal(say({ code: 'something_new', message: '' }), 'Hệ thống gặp sự cố, vui lòng thử lại.', 'an unknown code still reads as a sentence')
})
