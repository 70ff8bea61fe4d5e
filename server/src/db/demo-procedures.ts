/**
 * The demo centre's procedures (thủ tục) per field, with the papers a citizen brings, as a
 * provincial centre lists them. Codes are the demo's own (a province imports its real list from
 * CSV). Đăng ký kinh doanh, Xây dựng and Trả kết quả have none: their kiosk tiles issue at once.
 */
export const DEMO_PROCEDURES: { field: string; code: string; nameVi: string; nameEn: string; papers: string[] }[] = [
  {
    field: 'HT',
    code: 'HT-001',
    nameVi: 'Đăng ký khai sinh',
    nameEn: 'Birth registration',
    papers: [
      'Tờ khai đăng ký khai sinh (theo mẫu)',
      'Giấy chứng sinh (bản chính)',
      'Căn cước công dân / thẻ căn cước của người đi đăng ký',
      'Giấy chứng nhận kết hôn của cha mẹ (nếu có)',
    ],
  },
  {
    field: 'HT',
    code: 'HT-002',
    nameVi: 'Đăng ký kết hôn',
    nameEn: 'Marriage registration',
    papers: [
      'Tờ khai đăng ký kết hôn (theo mẫu)',
      'Căn cước công dân / thẻ căn cước của hai bên nam, nữ',
      'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi khác nơi cư trú)',
    ],
  },
  {
    field: 'HT',
    code: 'HT-003',
    nameVi: 'Đăng ký khai tử',
    nameEn: 'Death registration',
    papers: ['Tờ khai đăng ký khai tử (theo mẫu)', 'Giấy báo tử hoặc giấy tờ thay giấy báo tử', 'Căn cước công dân / thẻ căn cước của người đi đăng ký'],
  },
  {
    field: 'HT',
    code: 'HT-004',
    nameVi: 'Cấp bản sao trích lục hộ tịch',
    nameEn: 'Copy of a civil status extract',
    papers: ['Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)', 'Căn cước công dân / thẻ căn cước', 'Giấy ủy quyền (nếu nhờ người khác nộp)'],
  },
  {
    field: 'HT',
    code: 'HT-005',
    nameVi: 'Đăng ký khai sinh có yếu tố nước ngoài kết hợp nhận cha, mẹ, con và đăng ký thường trú cho trẻ em dưới 6 tuổi',
    nameEn: 'Birth registration with a foreign element, with acknowledgement of parentage and permanent residence for a child under 6',
    papers: [
      'Tờ khai đăng ký khai sinh (theo mẫu)',
      'Giấy chứng sinh (bản chính)',
      'Tờ khai nhận cha, mẹ, con',
      'Hộ chiếu của cha hoặc mẹ là người nước ngoài',
    ],
  },
  {
    field: 'DD',
    code: 'DD-001',
    nameVi: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    nameEn: 'Registration of changes in land use rights and attached property',
    papers: [
      'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)',
      'Bản gốc Giấy chứng nhận đã cấp',
      'Hợp đồng, văn bản về chuyển nhượng, tặng cho, thừa kế (đã công chứng hoặc chứng thực)',
      'Căn cước công dân / thẻ căn cước',
    ],
  },
  {
    field: 'DD',
    code: 'DD-002',
    nameVi: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất',
    nameEn: 'Exchange of a land use right certificate',
    papers: ['Đơn đề nghị cấp đổi Giấy chứng nhận (theo mẫu)', 'Bản gốc Giấy chứng nhận đã cấp', 'Căn cước công dân / thẻ căn cước'],
  },
  {
    field: 'DD',
    code: 'DD-003',
    nameVi: 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu',
    nameEn: 'First registration of land and attached property',
    papers: ['Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)', 'Giấy tờ về quyền sử dụng đất (nếu có)', 'Căn cước công dân / thẻ căn cước'],
  },
  {
    field: 'CT',
    code: 'CT-001',
    nameVi: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    nameEn: 'Certified copy from an original document',
    papers: ['Bản chính giấy tờ, văn bản cần chứng thực', 'Bản sao cần chứng thực (nếu tự sao)'],
  },
  {
    field: 'CT',
    code: 'CT-002',
    nameVi: 'Chứng thực chữ ký trong giấy tờ, văn bản',
    nameEn: 'Certification of a signature',
    papers: ['Căn cước công dân / thẻ căn cước của người ký', 'Giấy tờ, văn bản cần chứng thực chữ ký (chưa ký)'],
  },
  {
    field: 'CT',
    code: 'CT-003',
    nameVi: 'Chứng thực hợp đồng, giao dịch liên quan đến động sản',
    nameEn: 'Certification of contracts about movable property',
    papers: ['Dự thảo hợp đồng, giao dịch', 'Căn cước công dân / thẻ căn cước của các bên', 'Giấy tờ chứng minh quyền sở hữu tài sản'],
  },
]
