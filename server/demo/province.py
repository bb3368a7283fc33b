"""Static facts of the demo province: districts, border gates, KPI series, cameras, alert texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from server.detection.settings import DetectSettings, Zone
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.forecast import ForecastSpec

PROVINCE = "Lạng Sơn"

DISTRICTS = (
    "Thành phố Lạng Sơn", "Cao Lộc", "Văn Lãng", "Lộc Bình", "Hữu Lũng", "Chi Lăng",
    "Tràng Định", "Bình Gia", "Văn Quan", "Bắc Sơn", "Đình Lập",
)
BORDER_GATES = ("Hữu Nghị", "Tân Thanh", "Chi Ma", "Cốc Nam", "ga Đồng Đăng")
AGENCIES = ("Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Tài nguyên và Môi trường",
            "Sở Xây dựng", "Công an tỉnh", "Trung tâm Phục vụ hành chính công")


@dataclass(frozen=True)
class YearToDate:
    """A total that accumulates over the local calendar year and restarts on 1 January."""

    total: float  # this year's total: the pace the current year is on
    growth: float  # how much a year's total grows on the year before, on average
    spread: float  # how far (share) a past year's total strays from that trend
    monthly: tuple[float, ...]  # each month's share of a typical year, January first
    years: int = 5  # past years of history: what the seasonal projection learns from


@dataclass(frozen=True)
class Level:
    """A rate or estimate drifting along a straight line, sampled once a day or once a month."""

    today: float  # the value at the demo's start
    per_year: float  # the drift per year (negative: falling)
    noise: float  # standard deviation of one sample around the line
    every: Literal["day", "month"]
    days: int = 400  # history: a year and more, so a young year can borrow the last 365 days


@dataclass(frozen=True)
class DemoSeries:
    key: str
    name: str
    unit: str
    base: float
    step: float
    low: float
    high: float
    target: float | None = None
    area: str = ""
    decimals: int = 1
    forecast: ForecastSpec | None = None
    story: YearToDate | Level | None = None  # a forecast series' history and live values (kpi_history.py)


# Vietnamese budget revenue is uneven: Tết slows February, and taxes, land-use fees and the
# settlement of the year pile up in November and December.
BUDGET_MONTHLY = (7.0, 5.5, 6.5, 8.0, 7.5, 8.0, 8.0, 7.5, 8.0, 8.5, 9.5, 16.0)

SERIES = (
    # Falling towards 7.5% while the target is 8%: the one KPI the demo warns about.
    DemoSeries("grdp-growth", "Tăng trưởng GRDP", "%", 7.6, 0.05, 5.0, 10.0, target=8.0,
               forecast=ForecastSpec(period="year"),
               story=Level(today=7.45, per_year=-0.4, noise=0.04, every="month", days=730)),
    # On a pace of about 11.450 against a target of 11.200: on track, by the seasonal method.
    DemoSeries("budget-revenue", "Thu ngân sách lũy kế", "tỷ đồng", 8120, 6, 0, 20000, target=11200, decimals=0,
               forecast=ForecastSpec(period="year", cumulative=True),
               story=YearToDate(total=11_450, growth=0.08, spread=0.025, monthly=BUDGET_MONTHLY)),
    DemoSeries("border-trade", "Kim ngạch xuất nhập khẩu qua cửa khẩu", "triệu USD", 41.5, 0.8, 10, 90, decimals=1),
    DemoSeries("border-vehicles", "Phương tiện qua cửa khẩu Hữu Nghị", "xe/giờ", 118, 9, 20, 260,
               area="Cao Lộc", decimals=0),
    # Rising about 6 points a year: just short of 80% at the year end, within the margin.
    DemoSeries("online-service-rate", "Tỷ lệ dịch vụ công trực tuyến", "%", 71.4, 0.15, 50, 100, target=80,
               forecast=ForecastSpec(period="year"),
               story=Level(today=78.2, per_year=6.0, noise=0.35, every="day")),
    # Close to 98% and steady. Near 100% a 5% margin would never fire, so the margin is 2 points.
    DemoSeries("dossier-on-time-rate", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 97.2, 0.1, 85, 100, target=98,
               forecast=ForecastSpec(period="year", warn_margin=0.02),
               story=Level(today=97.3, per_year=0.4, noise=0.1, every="day")),
    DemoSeries("e-documents", "Văn bản điện tử xử lý trong ngày", "văn bản", 1840, 25, 0, 6000, decimals=0),
    DemoSeries("tourist-arrivals", "Lượt khách du lịch trong ngày", "lượt", 9650, 140, 0, 40000, decimals=0),
    DemoSeries("hospital-beds", "Công suất giường bệnh", "%", 86.5, 0.6, 40, 130, target=95),
    DemoSeries("students", "Học sinh đang đi học", "học sinh", 212_400, 40, 150_000, 260_000, decimals=0),
    DemoSeries("citizen-reports-open", "Phản ánh hiện trường đang xử lý", "phản ánh", 37, 1.5, 0, 200, decimals=0),
    DemoSeries("soc-events", "Sự kiện an ninh mạng", "sự kiện/giờ", 14, 2.5, 0, 400, decimals=0),
    DemoSeries("aqi-lang-son", "Chỉ số chất lượng không khí (AQI)", "AQI", 58, 3, 10, 300,
               area="Thành phố Lạng Sơn", target=100, decimals=0),
)


@dataclass(frozen=True)
class DemoCamera:
    id: str
    name: str
    area: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    scene: Literal["traffic", "person", "square"] = "traffic"
    detect: DetectSettings = field(default_factory=DetectSettings)


CAMERAS = (
    DemoCamera("huu-nghi-xuat", "Cửa khẩu Hữu Nghị - làn xuất", "Cao Lộc", 21.9695, 106.7045, ("border", "traffic")),
    DemoCamera("huu-nghi-nhap", "Cửa khẩu Hữu Nghị - làn nhập", "Cao Lộc", 21.9690, 106.7050, ("border", "traffic")),
    DemoCamera("tan-thanh", "Cửa khẩu Tân Thanh - bãi xe", "Văn Lãng", 21.9320, 106.5700, ("border",)),
    DemoCamera("chi-ma", "Cửa khẩu Chi Ma", "Lộc Bình", 21.7920, 106.9150, ("border",)),
    DemoCamera("phai-ve", "Nút giao Phai Vệ", "Thành phố Lạng Sơn", 21.8530, 106.7610, ("traffic",)),
    DemoCamera("quang-truong-17-10", "Quảng trường 17/10", "Thành phố Lạng Sơn", 21.8470, 106.7580,
               ("public_order",), scene="square"),
    DemoCamera("cho-dong-kinh", "Chợ Đông Kinh", "Thành phố Lạng Sơn", 21.8490, 106.7640, ("public_order",),
               scene="person", detect=DetectSettings(enabled=True, severity="minor")),
    DemoCamera("ql1a-huu-lung", "Quốc lộ 1A - Hữu Lũng", "Hữu Lũng", 21.5050, 106.3410, ("traffic",)),
    DemoCamera("cao-toc-bac-giang", "Cao tốc Bắc Giang - Lạng Sơn km 98", "Chi Lăng", 21.6700, 106.5900,
               ("traffic",)),
    DemoCamera("ql4b-loc-binh", "Quốc lộ 4B - Lộc Bình", "Lộc Bình", 21.7600, 106.9200, ("traffic",)),
    DemoCamera("ga-dong-dang", "Ga liên vận Đồng Đăng", "Cao Lộc", 21.9480, 106.6980, ("border",)),
    DemoCamera("benh-vien-da-khoa", "Bệnh viện Đa khoa tỉnh - cổng chính", "Thành phố Lạng Sơn", 21.8390,
               106.7700, ("health",), scene="person", detect=DetectSettings(
                   enabled=True, severity="minor", end_after_s=10,  # the walker comes back within one clip
                   zones=[Zone(name="cong-cap-cuu", title="Cổng cấp cứu",
                               points=[(0.5, 0.55), (0.98, 0.55), (0.98, 0.98), (0.5, 0.98)])])),
)


@dataclass(frozen=True)
class AlertTemplate:
    category: AlertCategory
    severity: Severity
    title: str
    body: str
    source: str
    camera_tag: str | None = None


ALERT_TEMPLATES = (
    AlertTemplate(AlertCategory.TRAFFIC, Severity.MAJOR, "Ùn tắc tại {camera}", "Hàng đợi dài hơn 1 km, tốc độ "
                  "dưới 10 km/h.", "giao-thong", "traffic"),
    AlertTemplate(AlertCategory.TRAFFIC, Severity.CRITICAL, "Tai nạn giao thông - {district}", "Va chạm giữa xe tải "
                  "và xe khách; đã báo CSGT và cấp cứu 115.", "giao-thong", "traffic"),
    AlertTemplate(AlertCategory.BORDER, Severity.MINOR, "Xe chờ thông quan tăng tại cửa khẩu {gate}",
                  "Số xe chờ vượt ngưỡng 300.", "cua-khau-so", "border"),
    AlertTemplate(AlertCategory.PUBLIC_ORDER, Severity.MAJOR, "Tụ tập đông người - {camera}", "Phát hiện đám đông "
                  "bất thường.", "an-ninh-trat-tu", "public_order"),
    AlertTemplate(AlertCategory.CITIZEN_REPORT, Severity.MINOR, "Phản ánh: đèn chiếu sáng hỏng - {district}",
                  "Người dân phản ánh qua ứng dụng Lạng Sơn S.", "phan-anh-hien-truong"),
    AlertTemplate(AlertCategory.CITIZEN_REPORT, Severity.MINOR, "Phản ánh: rác thải tồn đọng - {district}",
                  "Điểm tập kết rác chưa được thu gom 2 ngày.", "phan-anh-hien-truong"),
    AlertTemplate(AlertCategory.PUBLIC_SERVICE, Severity.MINOR, "Hồ sơ quá hạn tại {agency}",
                  "Có hồ sơ thủ tục hành chính đã quá hạn giải quyết.", "dich-vu-cong"),
    AlertTemplate(AlertCategory.E_DOCUMENT, Severity.INFO, "Văn bản chỉ đạo khẩn từ UBND tỉnh",
                  "Văn bản cần xử lý trong ngày.", "van-ban-dieu-hanh"),
    AlertTemplate(AlertCategory.CYBER, Severity.CRITICAL, "Tấn công dò quét mật khẩu vào cổng dịch vụ công",
                  "SOC ghi nhận hơn 5 000 lần đăng nhập sai trong 5 phút.", "soc"),
    AlertTemplate(AlertCategory.CYBER, Severity.MAJOR, "Mã độc trên máy trạm tại {agency}",
                  "EDR đã cách ly tệp nghi vấn.", "soc"),
    AlertTemplate(AlertCategory.HEALTH, Severity.MAJOR, "Công suất giường bệnh vượt 100% - {district}",
                  "Trung tâm y tế báo quá tải khoa nội.", "y-te"),
    AlertTemplate(AlertCategory.EDUCATION, Severity.INFO, "Trường học nghỉ do thời tiết - {district}",
                  "Rét đậm, rét hại dưới 10°C.", "giao-duc"),
    AlertTemplate(AlertCategory.TOURISM, Severity.INFO, "Lượng khách tăng đột biến tại Mẫu Sơn",
                  "Khách du lịch săn băng tuyết.", "du-lich"),
    AlertTemplate(AlertCategory.ENVIRONMENT, Severity.MAJOR, "AQI vượt ngưỡng 150 - {district}",
                  "Khuyến cáo hạn chế ra ngoài.", "moi-truong"),
    AlertTemplate(AlertCategory.SYSTEM, Severity.MINOR, "Camera mất tín hiệu: {camera}",
                  "Không nhận được hình ảnh trong 60 giây.", "he-thong"),
)
