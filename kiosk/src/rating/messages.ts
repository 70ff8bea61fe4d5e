/** Every word the rating device shows, in Vietnamese and English. The levels' names are shared/ratings.ts's. */
import { translator, type Catalogue } from '../../../shared/web/i18n.js'
import type { PairingMessageKey } from '../pairing-screen.js'

export type RatingMessageKey =
  | 'counter'
  | 'officer'
  | 'serving'
  | 'called'
  | 'welcome'
  | 'welcomeHint'
  | 'question'
  | 'questionNumber'
  | 'reasonsTitle'
  | 'reasonsHint'
  | 'send'
  | 'skip'
  | 'sending'
  | 'thanks'
  | 'thanksHint'
  | 'idleWarning'
  | 'idleWarningHint'
  | 'sendFailed'
  | 'offline'
  | 'noCounterTitle'
  | 'noCounterBody'
  | 'notRatingTitle'
  | 'notRatingBody'
  | PairingMessageKey
  | 'otherLanguage'

const vi: Record<RatingMessageKey, string> = {
  counter: 'Quầy {number}',
  officer: 'Cán bộ tiếp nhận',
  serving: 'Đang phục vụ số',
  called: 'Mời công dân có số',
  welcome: 'Xin kính chào Ông/Bà',
  welcomeHint: 'Sau khi được phục vụ, xin Ông/Bà vui lòng đánh giá mức độ hài lòng tại đây.',
  question: 'Ông/Bà có hài lòng với sự phục vụ của cán bộ?',
  questionNumber: 'Số {number} · Quầy {counter}',
  reasonsTitle: 'Ông/Bà chưa hài lòng vì điều gì?',
  reasonsHint: 'Chạm để chọn một hoặc nhiều lý do, rồi chạm “Gửi đánh giá”.',
  send: 'Gửi đánh giá',
  skip: 'Gửi, không chọn lý do',
  sending: 'Đang gửi…',
  thanks: 'Cảm ơn Ông/Bà đã đánh giá!',
  thanksHint: 'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn.',
  idleWarning: 'Còn {s} giây…',
  idleWarningHint: 'Chạm để thêm thời gian',
  sendFailed: 'Chưa gửi được đánh giá. Vui lòng chạm lại.',
  offline: 'Đang kết nối lại…',
  noCounterTitle: 'Máy đánh giá chưa được gắn với quầy',
  noCounterBody: 'Quản trị viên chọn quầy cho máy này trong Quản trị → Thiết bị.',
  notRatingTitle: 'Đường dẫn này không dành cho máy đánh giá',
  notRatingBody: 'Thiết bị này đã được đăng ký là máy lấy số hoặc màn hình. Hãy mở đúng trang của nó, hoặc ghép nối lại bằng mã.',
  unpairedTitle: 'Máy đánh giá chưa được ghép nối',
  pairLead: 'Một quản trị viên xác nhận mã dưới đây để máy bắt đầu hoạt động.',
  pairStep1: 'Trên máy tính của quản trị viên: Quản trị → Thiết bị → “Ghép nối bằng mã”.',
  pairStep2: 'Nhập mã này, chọn quầy đặt máy, hoặc quét mã QR để mở thẳng trang xác nhận.',
  pairStep3: 'Máy tự khởi động ngay khi mã được xác nhận.',
  pairCodeLabel: 'Mã ghép nối',
  pairQr: 'Quét để xác nhận',
  pairValid: 'Mã còn hiệu lực {minutes} phút',
  pairAsking: 'Đang lấy mã…',
  pairOffline: 'Chưa kết nối được máy chủ, đang thử lại…',
  pairPaired: 'Đã ghép nối, đang khởi động…',
  otherLanguage: 'English',
}

const en: Record<RatingMessageKey, string> = {
  counter: 'Counter {number}',
  officer: 'Officer',
  serving: 'Now serving',
  called: 'Now calling',
  welcome: 'Welcome',
  welcomeHint: 'Once you have been served, please rate our service here.',
  question: 'Were you satisfied with the officer’s service?',
  questionNumber: 'Number {number} · Counter {counter}',
  reasonsTitle: 'What were you not satisfied with?',
  reasonsHint: 'Tap one or more reasons, then tap “Send my rating”.',
  send: 'Send my rating',
  skip: 'Send without a reason',
  sending: 'Sending…',
  thanks: 'Thank you for your rating!',
  thanksHint: 'Your opinion helps us serve you better.',
  idleWarning: '{s} seconds left…',
  idleWarningHint: 'Tap for more time',
  sendFailed: 'Your rating was not sent yet. Please tap again.',
  offline: 'Reconnecting…',
  noCounterTitle: 'This rating device has no counter yet',
  noCounterBody: 'An administrator picks its counter under Administration → Devices.',
  notRatingTitle: 'This link is not for a rating device',
  notRatingBody: 'This device is registered as a kiosk or a display. Open its own page, or pair it again with a code.',
  unpairedTitle: 'This rating device is not paired',
  pairLead: 'An administrator confirms the code below and the device starts.',
  pairStep1: 'On an administrator’s computer: Administration → Devices → “Pair with a code”.',
  pairStep2: 'Type this code and choose the counter, or scan the QR code to open the confirm page.',
  pairStep3: 'The device starts by itself once the code is confirmed.',
  pairCodeLabel: 'Pairing code',
  pairQr: 'Scan to confirm',
  pairValid: 'Valid for {minutes} more minutes',
  pairAsking: 'Getting a code…',
  pairOffline: 'Cannot reach the server yet; trying again…',
  pairPaired: 'Paired; starting…',
  otherLanguage: 'Tiếng Việt',
}

export const catalogue: Catalogue<RatingMessageKey> = { vi, en }
export const t = translator(catalogue)
