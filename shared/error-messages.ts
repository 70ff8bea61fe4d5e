/** What each error code means to a person, in Vietnamese and English. Front ends show these. */
import type { ErrorCode } from './constants.js'

export type Lang = 'vi' | 'en'

/** Client-side failures that never come from the server. */
export type ClientErrorCode = 'network' | 'timeout'

export const ERROR_MESSAGES: Record<ErrorCode | ClientErrorCode, Record<Lang, string>> = {
  bad_request: { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  unauthorized: { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' },
  forbidden: { vi: 'Tài khoản này không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  csrf_failed: { vi: 'Phiên làm việc đã cũ, vui lòng tải lại trang.', en: 'Your session is out of date; reload the page.' },
  not_found: { vi: 'Không tìm thấy.', en: 'Not found.' },
  rate_limited: { vi: 'Thao tác quá nhanh, vui lòng thử lại sau ít phút.', en: 'Too many attempts; try again in a minute.' },
  invalid_credentials: { vi: 'Sai tên đăng nhập hoặc mật khẩu.', en: 'Wrong username or password.' },
  account_disabled: { vi: 'Tài khoản đã bị khóa.', en: 'This account is disabled.' },
  device_revoked: { vi: 'Thiết bị chưa được đăng ký hoặc đã bị thu hồi.', en: 'This device is not registered or was revoked.' },
  service_not_found: { vi: 'Không có lĩnh vực này.', en: 'No such service.' },
  service_inactive: { vi: 'Lĩnh vực tạm ngừng tiếp nhận.', en: 'This service is not offered now.' },
  service_closed: { vi: 'Lĩnh vực đã ngừng cấp số.', en: 'This service has stopped issuing numbers.' },
  site_closed_today: { vi: 'Hôm nay trung tâm nghỉ, không cấp số.', en: 'The centre is closed today.' },
  service_outside_hours: { vi: 'Ngoài giờ cấp số của lĩnh vực này.', en: 'Outside this service’s hours.' },
  daily_cap_reached: { vi: 'Đã hết số trong ngày.', en: 'All numbers for today have been issued.' },
  numbering_exhausted: { vi: 'Đã hết số trong ngày.', en: 'All numbers for today have been issued.' },
  priority_group_not_found: { vi: 'Không có đối tượng ưu tiên này.', en: 'No such priority group.' },
  counter_not_found: { vi: 'Không có quầy này.', en: 'No such counter.' },
  counter_closed: { vi: 'Quầy đang đóng.', en: 'The counter is closed.' },
  counter_paused: { vi: 'Quầy đang tạm dừng.', en: 'The counter is paused.' },
  counter_busy: { vi: 'Quầy đang có số chưa xử lý xong.', en: 'The counter still has a ticket in progress.' },
  counter_not_assigned: { vi: 'Tài khoản này chưa mở quầy này.', en: 'You have not opened this counter.' },
  counter_taken: { vi: 'Quầy đang do cán bộ khác phụ trách.', en: 'Another staff member has this counter.' },
  queue_empty: { vi: 'Không còn công dân nào đang chờ.', en: 'Nobody is waiting.' },
  ticket_not_found: { vi: 'Không tìm thấy số này.', en: 'Ticket not found.' },
  ticket_not_waiting: { vi: 'Số này không còn trong hàng chờ.', en: 'This ticket is no longer waiting.' },
  ticket_not_called: { vi: 'Số này chưa được gọi.', en: 'This ticket has not been called.' },
  ticket_not_serving: { vi: 'Số này chưa được bắt đầu tiếp nhận.', en: 'This ticket is not being served.' },
  ticket_not_at_counter: { vi: 'Số này không còn ở quầy đang thao tác.', en: 'This ticket is not at your counter.' },
  ticket_not_no_show: { vi: 'Số này không ở trạng thái vắng mặt.', en: 'This ticket is not marked absent.' },
  ticket_not_set_aside: { vi: 'Số này không ở danh sách tạm gác.', en: 'This ticket is not set aside.' },
  ticket_wrong_service: { vi: 'Số này thuộc lĩnh vực khác.', en: 'This ticket belongs to another service.' },
  transfer_target_invalid: { vi: 'Nơi chuyển đến không hợp lệ.', en: 'Invalid transfer target.' },
  report_bad_date: { vi: 'Ngày không hợp lệ (dạng NNNN-TT-NN).', en: 'Not a valid date (YYYY-MM-DD).' },
  report_range_reversed: { vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end date must not be before the start date.' },
  report_range_too_long: { vi: 'Khoảng thời gian báo cáo tối đa là 366 ngày.', en: 'A report covers at most 366 days.' },
  report_unknown_filter: { vi: 'Bộ lọc chọn một mục không tồn tại.', en: 'A filter names something that does not exist.' },
  self_change_refused: { vi: 'Không thể tự khóa hoặc tự hạ quyền tài khoản đang dùng.', en: 'You cannot disable or demote your own account.' },
  wrong_password: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  invalid_time_zone: { vi: 'Múi giờ không hợp lệ.', en: 'Unknown time zone.' },
  storage_unavailable: { vi: 'Máy chủ đang bận ghi dữ liệu, vui lòng thử lại.', en: 'The server is busy saving data; please try again.' },
  internal_error: { vi: 'Hệ thống gặp sự cố, vui lòng thử lại.', en: 'Something went wrong; please try again.' },
  network: { vi: 'Mất kết nối tới máy chủ.', en: 'Cannot reach the server.' },
  timeout: { vi: 'Máy chủ không phản hồi.', en: 'The server did not answer.' },
  ticket_reserved_elsewhere: { vi: 'Số này đã được chuyển riêng cho quầy khác.', en: 'This ticket was sent to another counter.' },
  ticket_day_closed: { vi: 'Số này thuộc ngày làm việc đã kết thúc.', en: 'This ticket belongs to a day that has ended.' },
  staff_busy_elsewhere: {
    vi: 'Còn số chưa xong ở quầy đang phụ trách. Hãy kết thúc số đó trước.',
    en: 'A ticket is still open at the counter you hold. Finish it first.',
  },
  counter_not_paused: { vi: 'Quầy không ở trạng thái tạm dừng.', en: 'The counter is not paused.' },
  counter_not_held: { vi: 'Quầy này không có cán bộ nào đang phụ trách.', en: 'Nobody holds this counter.' },
  transfer_target_missing: { vi: 'Hãy chọn lĩnh vực hoặc quầy để chuyển đến.', en: 'Choose a service or a counter to transfer to.' },
  transfer_same_counter: { vi: 'Không thể chuyển số đến chính quầy đang giữ số.', en: 'A ticket cannot be transferred to the counter it is at.' },
  transfer_same_service: {
    vi: 'Số này đã ở lĩnh vực này. Hãy chọn lĩnh vực hoặc quầy khác.',
    en: 'The ticket is already in this service. Choose another service or a counter.',
  },
  procedure_not_found: { vi: 'Không có thủ tục này.', en: 'No such procedure.' },
  procedure_code_taken: { vi: 'Mã thủ tục đã được thủ tục khác sử dụng.', en: 'Another procedure already uses this code.' },
  procedure_wrong_service: { vi: 'Thủ tục không thuộc lĩnh vực này.', en: 'This procedure belongs to another service.' },
  outcome_required: { vi: 'Hãy ghi kết quả xử lý trước khi kết thúc.', en: 'Record what was done before finishing.' },
  outcome_reason_required: { vi: 'Hãy ghi lý do từ chối.', en: 'Give the reason for the refusal.' },
  case_code_invalid: { vi: 'Mã hồ sơ không hợp lệ (4–40 ký tự: chữ, số, . - /).', en: 'The case code is not valid (4–40 letters, digits, . - /).' },
  case_code_required: { vi: 'Hãy nhập hoặc quét mã hồ sơ.', en: 'Type or scan the case code.' },
  procedure_import_invalid: { vi: 'Tệp danh mục thủ tục có dòng lỗi; chưa lưu gì.', en: 'The procedure list has rows with errors; nothing was saved.' },
  service_code_taken: { vi: 'Mã lĩnh vực đã được lĩnh vực khác sử dụng.', en: 'Another service already uses this code.' },
  numbering_prefix_taken: { vi: 'Chữ cái đầu số đã được lĩnh vực khác sử dụng.', en: 'Another service already uses this prefix.' },
  numbering_block_overlap: { vi: 'Dãy số trùng với dãy số của lĩnh vực khác.', en: 'The number block overlaps another service’s.' },
  counter_number_taken: { vi: 'Số quầy đã tồn tại.', en: 'A counter with this number already exists.' },
  counter_not_closed: { vi: 'Quầy đang mở hoặc tạm dừng; hãy đóng quầy trước.', en: 'The counter is open or paused; close it first.' },
  counter_has_history: {
    vi: 'Quầy đã có lịch sử phục vụ nên không xóa được; hãy đổi tên thay vì xóa.',
    en: 'The counter has served tickets and cannot be deleted; rename it instead.',
  },
  username_taken: { vi: 'Tên đăng nhập đã có người dùng.', en: 'That username is taken.' },
  code_taken: { vi: 'Mã trung tâm đã được dùng cho trung tâm khác.', en: 'Another centre already has this code.' },
  site_inactive: { vi: 'Trung tâm đã ngừng hoạt động trên hệ thống.', en: 'This centre has been deactivated.' },
  priority_group_code_taken: { vi: 'Mã đối tượng ưu tiên đã tồn tại.', en: 'A priority group with this code already exists.' },
  reprint_no_kiosk: {
    vi: 'Số này không do máy lấy số nào còn hoạt động cấp; hãy chọn máy để in lại.',
    en: 'No registered kiosk issued this ticket; choose a kiosk to reprint on.',
  },
  kiosk_no_network_printer: {
    vi: 'Máy lấy số này không có máy in mạng; hãy chọn máy khác hoặc in phiếu từ trình duyệt.',
    en: 'This kiosk has no network printer; choose another kiosk or print the ticket from the browser.',
  },
  pairing_code_unknown: {
    vi: 'Không có thiết bị nào đang hiện mã này. Kiểm tra lại mã trên màn hình thiết bị.',
    en: 'No device is showing this code. Check the code on the device’s screen.',
  },
  pairing_code_malformed: {
    vi: 'Mã ghép nối gồm 6 chữ và số, như trên màn hình thiết bị. Kiểm tra lại mã đã nhập.',
    en: 'A pairing code is 6 letters and digits, as the device shows it. Check what you typed.',
  },
  pairing_code_expired: {
    vi: 'Mã ghép nối đã hết hạn. Thiết bị đã hiện mã mới, hãy nhập mã mới.',
    en: 'This pairing code has expired. The device now shows a new one; type that.',
  },
  pairing_code_used: { vi: 'Mã ghép nối này đã được dùng.', en: 'This pairing code has already been used.' },
  pairing_request_unknown: { vi: 'Yêu cầu ghép nối không còn, thiết bị sẽ hiện mã mới.', en: 'The pairing request is gone; the device shows a new code.' },
  pairing_kind_mismatch: {
    vi: 'Mã này do một thiết bị khác loại hiện (máy lấy số, màn hình hiển thị hay máy đánh giá). Chọn thiết bị cùng loại.',
    en: 'This code is shown by a device of another kind (kiosk, display or rating device). Choose a device of the same kind.',
  },
  pairing_too_many_attempts: {
    vi: 'Nhập sai mã ghép nối quá nhiều lần. Vui lòng thử lại sau 10 phút.',
    en: 'Too many wrong pairing codes. Try again in 10 minutes.',
  },
  pairing_busy: {
    vi: 'Có quá nhiều thiết bị đang chờ ghép nối, vui lòng thử lại sau ít phút.',
    en: 'Too many devices are waiting to be paired; try again in a few minutes.',
  },
  rating_not_served: { vi: 'Chỉ đánh giá được sau khi đã được phục vụ xong.', en: 'A visit can be rated only once it has been served.' },
  rating_day_over: { vi: 'Đã hết hạn đánh giá lượt phục vụ này.', en: 'This visit can no longer be rated.' },
  rating_not_at_counter: { vi: 'Số này không được phục vụ tại quầy của máy đánh giá.', en: 'This number was not served at this device’s counter.' },
  rating_level_not_offered: { vi: 'Mức đánh giá này không có trong thang của trung tâm.', en: 'This level is not on the centre’s rating scale.' },
  rating_reason_unknown: { vi: 'Lý do này không có trong danh sách của trung tâm.', en: 'This reason is not on the centre’s list.' },
  rating_device_no_counter: {
    vi: 'Máy đánh giá chưa được gắn với quầy nào. Quản trị viên chọn quầy trong Quản trị → Thiết bị.',
    en: 'This rating device is not set to a counter. An administrator picks one under Admin → Devices.',
  },
}

/**
 * The message for a code, in the screen's language. Screens never show the server's English
 * `message`; where they can say more (the ticket number, the counter), they word it themselves from
 * the refusal's `details`.
 */
export function errorMessage(code: string, lang: Lang): string {
  const entry = (ERROR_MESSAGES as Record<string, Record<Lang, string>>)[code]
  return entry ? entry[lang] : ERROR_MESSAGES.internal_error[lang]
}
