/**
 * The province's catalogue of fields (lĩnh vực) that a new centre can start from (DOMAIN.md): each
 * becomes a service of the centre, numbered in its own block of a thousand, with its own counter.
 * The centre then changes its copy as it likes; the catalogue stays as it is.
 */
export interface CatalogueField {
  code: string
  nameVi: string
  nameEn: string
  /** Typical minutes at the counter: the wait estimate's start before there is history. */
  minutes: number
  /** Target wait in minutes. */
  target: number
}

export const PROVINCE_CATALOGUE: readonly CatalogueField[] = [
  { code: 'DD', nameVi: 'Đất đai', nameEn: 'Land', minutes: 15, target: 20 },
  { code: 'HT', nameVi: 'Hộ tịch', nameEn: 'Civil status registration', minutes: 7, target: 15 },
  { code: 'CT', nameVi: 'Chứng thực', nameEn: 'Certification of copies and signatures', minutes: 4, target: 10 },
  { code: 'KD', nameVi: 'Đăng ký kinh doanh', nameEn: 'Business registration', minutes: 14, target: 20 },
  { code: 'XD', nameVi: 'Xây dựng', nameEn: 'Construction permits', minutes: 15, target: 20 },
  { code: 'LD', nameVi: 'Lao động – Thương binh và Xã hội', nameEn: 'Labour, invalids and social affairs', minutes: 10, target: 15 },
  { code: 'TN', nameVi: 'Tài nguyên và Môi trường', nameEn: 'Natural resources and environment', minutes: 15, target: 20 },
  { code: 'TKQ', nameVi: 'Trả kết quả', nameEn: 'Return of results', minutes: 3, target: 10 },
]

/** The priority groups a new centre starts with (DOMAIN.md): elderly, disability, pregnancy, merit. */
export const DEFAULT_PRIORITY_GROUPS = [
  { code: 'NCT', nameVi: 'Người cao tuổi (từ 60 tuổi)', nameEn: 'Elderly (60 and over)' },
  { code: 'NKT', nameVi: 'Người khuyết tật', nameEn: 'People with disabilities' },
  { code: 'PNMT', nameVi: 'Phụ nữ mang thai', nameEn: 'Pregnant women' },
  { code: 'NCC', nameVi: 'Người có công với cách mạng', nameEn: 'People with merit to the revolution' },
]
