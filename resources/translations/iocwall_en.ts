<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AckConfirm</name>
    <message>
        <source>Xác nhận</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Xác nhận cảnh báo: {title}?</source>
        <translation>Acknowledge alert: {title}?</translation>
    </message>
    <message>
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>máy chủ không trả lời</source>
        <translation>the server does not answer</translation>
    </message>
    <message>
        <source>Không xác nhận được: {why}</source>
        <translation>Could not acknowledge: {why}</translation>
    </message>
</context>
<context>
    <name>AdminDialog</name>
    <message>
        <source>Máy chủ trả lời {what} không đúng dạng: {reason}</source>
        <translation>The server&apos;s answer to {what} is not in the expected form: {reason}</translation>
    </message>
    <message>
        <source>Nhập tên cho mã mới</source>
        <translation>Enter a name for the new token</translation>
    </message>
    <message>
        <source>Nhập mã camera trước khi lưu</source>
        <translation>Enter the camera&apos;s id before saving</translation>
    </message>
    <message>
        <source>Camera chưa lưu được: {reason}</source>
        <translation>The camera could not be saved: {reason}</translation>
    </message>
    <message>
        <source>Quản trị: camera, mã truy cập, tài khoản</source>
        <translation>Administration: cameras, access tokens, accounts</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Mã truy cập</source>
        <translation>Access tokens</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Phiên đăng nhập</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Liên kết chia sẻ</source>
        <translation>Share links</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Huyện / nhóm</source>
        <translation>District / group</translation>
    </message>
    <message>
        <source>Luồng phụ</source>
        <translation>Sub stream</translation>
    </message>
    <message>
        <source>Bật</source>
        <translation>On</translation>
    </message>
    <message>
        <source>vd. phai-ve (chữ thường, số, gạch ngang)</source>
        <translation>e.g. phai-ve (lower case, digits, hyphens)</translation>
    </message>
    <message>
        <source>rtsp://… hoặc http(s)://…</source>
        <translation>rtsp://… or http(s)://…</translation>
    </message>
    <message>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>Luồng chính</source>
        <translation>Main stream</translation>
    </message>
    <message>
        <source>RTSP qua</source>
        <translation>RTSP over</translation>
    </message>
    <message>
        <source>Camera mới</source>
        <translation>New camera</translation>
    </message>
    <message>
        <source>Lưu camera</source>
        <translation>Save camera</translation>
    </message>
    <message>
        <source>Xoá camera…</source>
        <translation>Delete camera…</translation>
    </message>
    <message>
        <source>Camera đang chọn</source>
        <translation>Selected camera</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Tạo lúc</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Thu hồi lúc</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>vd. tuong-phong-truc</source>
        <translation>e.g. tuong-phong-truc</translation>
    </message>
    <message>
        <source>Tạo mã</source>
        <translation>Create token</translation>
    </message>
    <message>
        <source>Thu hồi mã đang chọn…</source>
        <translation>Revoke the selected token…</translation>
    </message>
    <message>
        <source>Mã vừa tạo</source>
        <translation>New token</translation>
    </message>
    <message>
        <source>Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ này là không xem lại được. Sao chép và cất giữ ngay.</source>
        <translation>Shown ONCE: the server keeps only a hash, and once this window closes the token cannot be shown again. Copy it and keep it safe now.</translation>
    </message>
    <message>
        <source>Sao chép</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>đọc danh sách camera</source>
        <translation>reading the camera list</translation>
    </message>
    <message>
        <source>đọc danh sách mã</source>
        <translation>reading the token list</translation>
    </message>
    <message>
        <source>Vai trò {role}: chỉ quản trị viên (admin) sửa được camera, mã truy cập và tài khoản; điều hành viên (operator) tạo được liên kết chia sẻ. Máy chủ từ chối việc khác và cho biết lý do.</source>
        <translation>Role {role}: only administrators (admin) can change cameras, access tokens and accounts; operators can create share links. The server refuses anything else and says why.</translation>
    </message>
    <message>
        <source>Đang gửi: {what}…</source>
        <translation>Sending: {what}…</translation>
    </message>
    <message>
        <source>Đã thực hiện: {what}</source>
        <translation>Done: {what}</translation>
    </message>
    <message>
        <source>Máy chủ từ chối {what}: {reason}</source>
        <translation>The server refused {what}: {reason}</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>tắt</source>
        <translation>off</translation>
    </message>
    <message>
        <source>đọc cấu hình camera {camera}</source>
        <translation>reading the settings of camera {camera}</translation>
    </message>
    <message>
        <source>lưu camera «{name}»</source>
        <translation>saving camera “{name}”</translation>
    </message>
    <message>
        <source>Chọn một camera trong bảng trước</source>
        <translation>Choose a camera in the table first</translation>
    </message>
    <message>
        <source>xoá camera «{name}»</source>
        <translation>deleting camera “{name}”</translation>
    </message>
    <message>
        <source>Xoá camera «{name}» ({camera}) khỏi mọi tường?</source>
        <translation>Delete camera “{name}” ({camera}) from every wall?</translation>
    </message>
    <message>
        <source>tạo mã «{name}» ({role})</source>
        <translation>creating token “{name}” ({role})</translation>
    </message>
    <message>
        <source>Đã thực hiện: {what}. Sao chép mã ngay: nó không hiện lại.</source>
        <translation>Done: {what}. Copy the token now: it is not shown again.</translation>
    </message>
    <message>
        <source>Đã sao chép mã vào bộ nhớ tạm</source>
        <translation>The token was copied to the clipboard</translation>
    </message>
    <message>
        <source>Chọn một mã trong bảng trước</source>
        <translation>Choose a token in the table first</translation>
    </message>
    <message>
        <source>thu hồi mã «{name}»</source>
        <translation>revoking token “{name}”</translation>
    </message>
    <message>
        <source>Thu hồi mã «{name}»? Mọi tường và bảng điều khiển dùng mã này sẽ bị ngắt.</source>
        <translation>Revoke token “{name}”? Every wall and console using it will be disconnected.</translation>
    </message>
    <message>
        <source>Máy chủ tạo liên kết nhưng không gửi địa chỉ của nó</source>
        <translation>The server created the link but did not send its address</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp</source>
        <translation>The two passwords do not match</translation>
    </message>
    <message>
        <source>Mật khẩu cần ít nhất {count} ký tự</source>
        <translation>The password needs at least {count} characters</translation>
    </message>
    <message>
        <source>Tài khoản chưa lưu được: {reason}</source>
        <translation>Account not saved: {reason}</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập cho tài khoản mới</source>
        <translation>Enter a user name for the new account</translation>
    </message>
    <message>
        <source>Không có gì thay đổi để lưu</source>
        <translation>Nothing changed to save</translation>
    </message>
    <message>
        <source>đã vô hiệu hoá</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>bị khoá đến {time}</source>
        <translation>locked until {time}</translation>
    </message>
    <message>
        <source>đang dùng</source>
        <translation>active</translation>
    </message>
    <message>
        <source>mọi tường</source>
        <translation>all walls</translation>
    </message>
    <message>
        <source>tường {wall}</source>
        <translation>wall {wall}</translation>
    </message>
    <message>
        <source>tường {wall} (liên kết #{link})</source>
        <translation>wall {wall} (link #{link})</translation>
    </message>
    <message>
        <source>Chọn tường cần chia sẻ</source>
        <translation>Choose the wall to share</translation>
    </message>
    <message>
        <source>Ghi rõ liên kết dành cho ai (vd. Chủ tịch UBND tỉnh)</source>
        <translation>Say who the link is for (e.g. Chairman of the Provincial People&apos;s Committee)</translation>
    </message>
    <message>
        <source>Thời hạn từ 1 giờ đến {days} ngày</source>
        <translation>The duration is from 1 hour to {days} days</translation>
    </message>
    <message>
        <source>đã thu hồi {time}</source>
        <translation>revoked {time}</translation>
    </message>
    <message>
        <source>đã hết hạn</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>còn hiệu lực</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Từ lúc</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Đến lúc</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>Phạm vi</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Kết thúc phiên đang chọn…</source>
        <translation>End selected session…</translation>
    </message>
    <message>
        <source>đọc danh sách phiên đăng nhập</source>
        <translation>reading the sessions</translation>
    </message>
    <message>
        <source>Chọn một phiên trong bảng trước</source>
        <translation>Select a session in the table first</translation>
    </message>
    <message>
        <source>kết thúc phiên #{session} của «{user}»</source>
        <translation>ending session #{session} of «{user}»</translation>
    </message>
    <message>
        <source>Kết thúc phiên #{session} của «{user}»? Bảng điều khiển hoặc trang web của phiên đó bị ngắt ngay.</source>
        <translation>End session #{session} of «{user}»? The console or web page of that session is cut off at once.</translation>
    </message>
    <message>
        <source>vd. Chủ tịch UBND tỉnh</source>
        <translation>e.g. Provincial chairman</translation>
    </message>
    <message>
        <source>giờ</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>ngày</source>
        <translation>days</translation>
    </message>
    <message>
        <source>Tạo liên kết</source>
        <translation>Create link</translation>
    </message>
    <message>
        <source>Tường</source>
        <translation>Wall</translation>
    </message>
    <message>
        <source>Dành cho</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Thời hạn</source>
        <translation>Valid for</translation>
    </message>
    <message>
        <source>Liên kết vừa tạo</source>
        <translation>New link</translation>
    </message>
    <message>
        <source>Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ này là không xem lại được. Ai có liên kết đều xem được tường này đến khi hết hạn: gửi riêng cho người nhận.</source>
        <translation>Shown ONCE only: the server keeps only a hash; once this window is closed it cannot be seen again. Anyone with the link can watch this wall until it expires: send it privately to its recipient.</translation>
    </message>
    <message>
        <source>Người tạo</source>
        <translation>Created by</translation>
    </message>
    <message>
        <source>Hết hạn</source>
        <translation>Expires</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Thu hồi liên kết đang chọn…</source>
        <translation>Revoke selected link…</translation>
    </message>
    <message>
        <source>đọc danh sách liên kết chia sẻ</source>
        <translation>reading the share links</translation>
    </message>
    <message>
        <source>tạo liên kết chia sẻ tường {wall} cho «{label}»</source>
        <translation>creating a share link to wall {wall} for «{label}»</translation>
    </message>
    <message>
        <source>Đã thực hiện: {what}. Sao chép liên kết ngay: nó không hiện lại.</source>
        <translation>Done: {what}. Copy the link now: it is not shown again.</translation>
    </message>
    <message>
        <source>Đã sao chép liên kết vào bộ nhớ tạm</source>
        <translation>Link copied to the clipboard</translation>
    </message>
    <message>
        <source>Chọn một liên kết trong bảng trước</source>
        <translation>Select a link in the table first</translation>
    </message>
    <message>
        <source>thu hồi liên kết «{label}»</source>
        <translation>revoking the link «{label}»</translation>
    </message>
    <message>
        <source>Thu hồi liên kết «{label}»? Ai đang xem tường qua liên kết này sẽ bị ngắt.</source>
        <translation>Revoke the link «{label}»? Whoever watches the wall through it is cut off.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Tên hiển thị</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>vd. an.nv (chữ thường, số, . _ -)</source>
        <translation>e.g. an.nv (lower case, digits, . _ -)</translation>
    </message>
    <message>
        <source>vd. Nguyễn Văn An</source>
        <translation>e.g. Nguyễn Văn An</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Nhập lại</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Tài khoản mới</source>
        <translation>New account</translation>
    </message>
    <message>
        <source>Lưu tài khoản</source>
        <translation>Save account</translation>
    </message>
    <message>
        <source>Vô hiệu hoá…</source>
        <translation>Disable…</translation>
    </message>
    <message>
        <source>Mở khoá</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>đọc danh sách tài khoản</source>
        <translation>reading the accounts</translation>
    </message>
    <message>
        <source>Tài khoản đang chọn</source>
        <translation>Selected account</translation>
    </message>
    <message>
        <source>Để trống mật khẩu nếu không đổi. Mật khẩu mới, vai trò mới hoặc vô hiệu hoá sẽ đăng xuất người này ở mọi nơi.</source>
        <translation>Leave the password empty to keep it. A new password, a new role or disabling logs this person out everywhere.</translation>
    </message>
    <message>
        <source>Bật lại</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>Mật khẩu ít nhất 10 ký tự; người dùng tự đổi được sau khi đăng nhập.</source>
        <translation>At least 10 characters; users can change it themselves after logging in.</translation>
    </message>
    <message>
        <source>tạo tài khoản «{name}» ({role})</source>
        <translation>creating the account «{name}» ({role})</translation>
    </message>
    <message>
        <source>lưu tài khoản «{name}»</source>
        <translation>saving the account «{name}»</translation>
    </message>
    <message>
        <source>Lưu thay đổi của «{name}»? Mật khẩu mới hoặc vai trò mới sẽ đăng xuất người này ở mọi nơi.</source>
        <translation>Save the changes to «{name}»? A new password or a new role logs this person out everywhere.</translation>
    </message>
    <message>
        <source>Chọn một tài khoản trong bảng trước</source>
        <translation>Select an account in the table first</translation>
    </message>
    <message>
        <source>bật lại tài khoản «{name}»</source>
        <translation>enabling the account «{name}»</translation>
    </message>
    <message>
        <source>vô hiệu hoá tài khoản «{name}»</source>
        <translation>disabling the account «{name}»</translation>
    </message>
    <message>
        <source>Vô hiệu hoá «{name}»? Người này bị đăng xuất ở mọi nơi và không đăng nhập được nữa.</source>
        <translation>Disable «{name}»? This person is logged out everywhere and can no longer log in.</translation>
    </message>
    <message>
        <source>mở khoá tài khoản «{name}»</source>
        <translation>unlocking the account «{name}»</translation>
    </message>
</context>
<context>
    <name>AlarmSoundControl</name>
    <message>
        <source>Tắt / bật âm báo động (khi tắt âm, ô báo động vẫn nhấp nháy)</source>
        <translation>Mute / unmute the alarm sound (while muted, the alarm tile still flashes)</translation>
    </message>
    <message>
        <source>Âm lượng báo động (thả chuột để nghe thử)</source>
        <translation>Alarm volume (let go of the mouse to hear it)</translation>
    </message>
    <message>
        <source>ĐÃ TẮT ÂM BÁO ĐỘNG</source>
        <translation>ALARM SOUND MUTED</translation>
    </message>
    <message>
        <source>Âm báo động</source>
        <translation>Alarm sound</translation>
    </message>
</context>
<context>
    <name>Alarms</name>
    <message>
        <source>Cảnh báo #{id}</source>
        <translation>Alert #{id}</translation>
    </message>
    <message>
        <source>{time} · {age} trước</source>
        <translation>{time} · {age} ago</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <source>Mức độ</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Lúc</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Xử lý</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>Ghi chú khi xác nhận / xử lý (không bắt buộc)</source>
        <translation>Note for acknowledging / resolving (optional)</translation>
    </message>
    <message>
        <source>Xác nhận (Ctrl+K)</source>
        <translation>Acknowledge (Ctrl+K)</translation>
    </message>
    <message>
        <source>Đã xử lý (Ctrl+R)</source>
        <translation>Resolve (Ctrl+R)</translation>
    </message>
    <message>
        <source>Đang mở ({count})</source>
        <translation>Open ({count})</translation>
    </message>
    <message>
        <source>Vừa xử lý ({count})</source>
        <translation>Recently resolved ({count})</translation>
    </message>
    <message>
        <source>{alarm}: camera của cảnh báo đang hiện trên tường cho tới khi được xác nhận</source>
        <translation>{alarm}: the alert&apos;s camera stays on the wall until someone acknowledges it</translation>
    </message>
    <message>
        <source>Chỉ xem: vai trò của token này không được xử lý cảnh báo</source>
        <translation>View only: this token&apos;s role may not handle alerts</translation>
    </message>
    <message>
        <source>Chọn một cảnh báo đang mở trước</source>
        <translation>Select an open alert first</translation>
    </message>
</context>
<context>
    <name>AlertsTile</name>
    <message>
        <source>TRÊN TƯỜNG</source>
        <translation>ON THE WALL</translation>
    </message>
    <message>
        <source>Không có cảnh báo đang mở</source>
        <translation>No open alerts</translation>
    </message>
</context>
<context>
    <name>Briefing</name>
    <message>
        <source>{title}: {steps} bước, chưa bắt đầu</source>
        <translation>{title}: not started (steps: {steps})</translation>
    </message>
    <message>
        <source>Bước {step}/{steps}: {title}</source>
        <translation>Step {step}/{steps}: {title}</translation>
    </message>
</context>
<context>
    <name>BriefingBar</name>
    <message>
        <source>Giao ban</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <source>Giao ban:</source>
        <translation>Briefing:</translation>
    </message>
    <message>
        <source>◀ Trước (PgUp)</source>
        <translation>◀ Back (PgUp)</translation>
    </message>
    <message>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Sau ▶ (PgDn)</source>
        <translation>Next ▶ (PgDn)</translation>
    </message>
    <message>
        <source>Dừng hình (F9)</source>
        <translation>Freeze (F9)</translation>
    </message>
    <message>
        <source>Chưa có kịch bản giao ban nào trên máy chủ</source>
        <translation>The server has no briefings yet</translation>
    </message>
    <message>
        <source>(chưa có kịch bản)</source>
        <translation>(no briefings)</translation>
    </message>
    <message>
        <source> · tự chuyển sau {seconds} giây</source>
        <translation> · next step automatically after {seconds} s</translation>
    </message>
    <message>
        <source>Bỏ dừng hình {wall} (F9)</source>
        <translation>Unfreeze {wall} (F9)</translation>
    </message>
    <message>
        <source>Dừng hình {wall} (F9)</source>
        <translation>Freeze {wall} (F9)</translation>
    </message>
    <message>
        <source>Chưa có tường nào để dừng hình</source>
        <translation>There is no wall to freeze yet</translation>
    </message>
</context>
<context>
    <name>BriefingEditor</name>
    <message>
        <source>Một kịch bản có tối đa {n} bước</source>
        <translation>A briefing has at most {n} steps</translation>
    </message>
    <message>
        <source>{n}. {name} — cấu hình không còn trên máy chủ</source>
        <translation>{n}. {name} — preset no longer on the server</translation>
    </message>
    <message>
        <source>màn {index} «{layout}»</source>
        <translation>monitor {index} «{layout}»</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tên hiển thị</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Tự chuyển bước</source>
        <translation>Auto-advance</translation>
    </message>
    <message>
        <source>Các bước</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>(bước {n})</source>
        <translation>(step {n})</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Kịch bản giao ban</source>
        <translation>Briefing playlists</translation>
    </message>
    <message>
        <source>Chỉ xem: vai trò này không được sửa kịch bản giao ban</source>
        <translation>View only: this role may not edit briefing playlists</translation>
    </message>
    <message>
        <source>Kịch bản mới</source>
        <translation>New briefing</translation>
    </message>
    <message>
        <source>Xoá kịch bản…</source>
        <translation>Delete briefing…</translation>
    </message>
    <message>
        <source>Kịch bản trên máy chủ</source>
        <translation>Briefings on the server</translation>
    </message>
    <message>
        <source>vd. giao-ban-sang (chữ thường, số, gạch ngang)</source>
        <translation>e.g. giao-ban-sang (lower case, digits, hyphens)</translation>
    </message>
    <message>
        <source>Tự chuyển bước sau</source>
        <translation>Advance by itself after</translation>
    </message>
    <message>
        <source> giây</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Thêm bước</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>▲ Lên</source>
        <translation>▲ Up</translation>
    </message>
    <message>
        <source>▼ Xuống</source>
        <translation>▼ Down</translation>
    </message>
    <message>
        <source>Bỏ bước</source>
        <translation>Remove step</translation>
    </message>
    <message>
        <source>Các bước (mỗi bước áp dụng một cấu hình tường)</source>
        <translation>Steps (each step applies a wall preset)</translation>
    </message>
    <message>
        <source>Cấu hình:</source>
        <translation>Preset:</translation>
    </message>
    <message>
        <source>Lưu lên máy chủ</source>
        <translation>Save to server</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Giao ban mới</source>
        <translation>New briefing</translation>
    </message>
    <message>
        <source>Kịch bản mới: thêm các bước rồi bấm «Lưu lên máy chủ»</source>
        <translation>New briefing: add its steps, then press «Save to server»</translation>
    </message>
    <message>
        <source>lưu kịch bản «{title}»</source>
        <translation>save briefing «{title}»</translation>
    </message>
    <message>
        <source>Đang gửi: {what}…</source>
        <translation>Sending: {what}…</translation>
    </message>
    <message>
        <source>Đã thực hiện: {what}</source>
        <translation>Done: {what}</translation>
    </message>
    <message>
        <source>Máy chủ từ chối {what}: {reason}</source>
        <translation>The server refused to {what}: {reason}</translation>
    </message>
    <message>
        <source>Xoá kịch bản «{title}» khỏi máy chủ? Mọi bảng điều khiển sẽ không còn thấy nó.</source>
        <translation>Delete briefing «{title}» from the server? No console will see it any more.</translation>
    </message>
    <message>
        <source>xoá kịch bản «{title}»</source>
        <translation>delete briefing «{title}»</translation>
    </message>
</context>
<context>
    <name>CameraCatalog</name>
    <message>
        <source>Chưa phân vùng</source>
        <translation>No area</translation>
    </message>
</context>
<context>
    <name>CameraTree</name>
    <message>
        <source>Tìm camera: tên, mã hoặc huyện (Ctrl+F)</source>
        <translation>Find a camera: name, id or district (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>ChartTile</name>
    <message>
        <source>Chưa có dữ liệu trong khoảng thời gian này</source>
        <translation>No data in this time window yet</translation>
    </message>
</context>
<context>
    <name>ClockTile</name>
    <message>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Chủ Nhật</source>
        <translation>Sunday</translation>
    </message>
</context>
<context>
    <name>ConsoleActions</name>
    <message>
        <source>Chỉ xem: vai trò của token này không được điều khiển tường</source>
        <translation>View only: this token&apos;s role may not control walls</translation>
    </message>
    <message>
        <source>máy chủ không trả lời</source>
        <translation>the server did not answer</translation>
    </message>
    <message>
        <source>Đang gửi: {what}…</source>
        <translation>Sending: {what}…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối {what}: {reason}</source>
        <translation>The server refused to {what}: {reason}</translation>
    </message>
    <message>
        <source>Máy chủ không trả lời về {what}; tường giữ nguyên trạng thái máy chủ báo</source>
        <translation>The server did not answer the request to {what}; the wall stays as the server last reported it</translation>
    </message>
    <message>
        <source>Đã thực hiện: {what}</source>
        <translation>Done: {what}</translation>
    </message>
    <message>
        <source>đưa camera «{camera}» lên ô {tile} ({wall}/{monitor})</source>
        <translation>put camera “{camera}” on tile {tile} ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>Chọn các camera cần tuần tra trong cây camera trước</source>
        <translation>First select the cameras to tour in the camera tree</translation>
    </message>
    <message>
        <source>tuần tra {count} camera trên ô {tile} ({wall}/{monitor})</source>
        <translation>start a tour on tile {tile} ({wall}/{monitor}), cameras: {count}</translation>
    </message>
    <message>
        <source>ghim ô {tile} ({wall}/{monitor})</source>
        <translation>pin tile {tile} ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>bỏ ghim ô {tile} ({wall}/{monitor})</source>
        <translation>unpin tile {tile} ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>xoá ô {tile} ({wall}/{monitor})</source>
        <translation>clear tile {tile} ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>phóng to ô {tile} ({wall}/{monitor})</source>
        <translation>maximise tile {tile} ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>thu nhỏ, hiện cả bố cục ({wall}/{monitor})</source>
        <translation>restore the whole layout ({wall}/{monitor})</translation>
    </message>
    <message>
        <source>đổi bố cục màn hình {wall}/{monitor} sang «{layout}»</source>
        <translation>switch monitor {wall}/{monitor} to layout “{layout}”</translation>
    </message>
    <message>
        <source>xác nhận cảnh báo #{alert}</source>
        <translation>acknowledge alert #{alert}</translation>
    </message>
    <message>
        <source>xử lý xong cảnh báo #{alert}</source>
        <translation>resolve alert #{alert}</translation>
    </message>
    <message>
        <source>áp dụng cấu hình «{preset}»</source>
        <translation>apply preset “{preset}”</translation>
    </message>
    <message>
        <source>lưu đè cấu hình «{preset}»</source>
        <translation>overwrite preset “{preset}”</translation>
    </message>
    <message>
        <source>lưu cấu hình mới «{preset}»</source>
        <translation>save new preset “{preset}”</translation>
    </message>
    <message>
        <source>dừng hình tường {wall}</source>
        <translation>freeze wall {wall}</translation>
    </message>
    <message>
        <source>bỏ dừng hình tường {wall}</source>
        <translation>unfreeze wall {wall}</translation>
    </message>
    <message>
        <source>Chọn một camera trong cây và một ô trên hình thu nhỏ của tường</source>
        <translation>Select a camera in the tree and a tile on a wall&apos;s miniature</translation>
    </message>
    <message>
        <source>Chọn một ô trên hình thu nhỏ của tường trước</source>
        <translation>First select a tile on a wall&apos;s miniature</translation>
    </message>
</context>
<context>
    <name>ConsoleAlerts</name>
    <message>
        <source>Đã xử lý bởi {who} lúc {time}</source>
        <translation>Resolved by {who} at {time}</translation>
    </message>
    <message>
        <source>Đã xác nhận bởi {who} lúc {time}</source>
        <translation>Acknowledged by {who} at {time}</translation>
    </message>
    <message>
        <source>Chưa xử lý</source>
        <translation>Not handled yet</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Tìm camera (tên, mã, huyện; gõ không dấu cũng được)</source>
        <translation>Find a camera (name, id, district; typing without diacritics works too)</translation>
    </message>
    <message>
        <source>Đưa camera đang chọn lên ô đang chọn của tường</source>
        <translation>Put the selected camera on the selected wall tile</translation>
    </message>
    <message>
        <source>Xoá ô đang chọn của tường</source>
        <translation>Clear the selected wall tile</translation>
    </message>
    <message>
        <source>Ghim / bỏ ghim ô đang chọn</source>
        <translation>Pin / unpin the selected tile</translation>
    </message>
    <message>
        <source>Tuần tra các camera đang chọn trên ô đang chọn</source>
        <translation>Tour the selected cameras on the selected tile</translation>
    </message>
    <message>
        <source>Xác nhận cảnh báo đang chọn</source>
        <translation>Acknowledge the selected alert</translation>
    </message>
    <message>
        <source>Đánh dấu đã xử lý cảnh báo đang chọn</source>
        <translation>Mark the selected alert as resolved</translation>
    </message>
    <message>
        <source>Áp dụng cấu hình tường gán phím đó (xem bảng Cấu hình)</source>
        <translation>Apply the wall preset on that key (see the Presets panel)</translation>
    </message>
    <message>
        <source>Giao ban: bước sau / bước trước (áp dụng cấu hình của bước)</source>
        <translation>Briefing: next / previous step (applies the step&apos;s preset)</translation>
    </message>
    <message>
        <source>Dừng hình / bỏ dừng hình tường đang chọn (dữ liệu vẫn được ghi)</source>
        <translation>Freeze / unfreeze the selected wall (data is still recorded)</translation>
    </message>
    <message>
        <source>Kéo - thả</source>
        <translation>Drag and drop</translation>
    </message>
    <message>
        <source>Kéo camera từ cây thả vào một ô trên hình thu nhỏ</source>
        <translation>Drag a camera from the tree onto a tile of a miniature</translation>
    </message>
    <message>
        <source>Chuột phải</source>
        <translation>Right-click</translation>
    </message>
    <message>
        <source>Menu của ô: camera, tuần tra, ghim, xoá, phóng to, chụp ảnh, bố cục</source>
        <translation>Tile menu: camera, tour, pin, clear, maximise, snapshot, layout</translation>
    </message>
    <message>
        <source>Mở trình sửa bố cục (tạo, sửa, nhập / xuất tệp; quản trị viên lưu lên máy chủ)</source>
        <translation>Open the layout editor (create, edit, import / export files; admins save to the server)</translation>
    </message>
    <message>
        <source>Soạn kịch bản giao ban (thêm, đổi tên, sắp xếp bước, xoá)</source>
        <translation>Edit briefing playlists (add, rename, reorder steps, delete)</translation>
    </message>
    <message>
        <source>Xem sự kiện phát hiện (lọc theo camera, vùng, thời gian; ảnh)</source>
        <translation>Browse detection events (by camera, zone, time; pictures)</translation>
    </message>
    <message>
        <source>Quản trị: camera, mã truy cập, tài khoản, liên kết chia sẻ</source>
        <translation>Administration: cameras, access tokens, accounts, share links</translation>
    </message>
    <message>
        <source>Hiện / ẩn bảng phím tắt này</source>
        <translation>Show / hide this list of shortcuts</translation>
    </message>
    <message>
        <source>IOC Wall - Bảng điều khiển</source>
        <translation>IOC Wall - Console</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Cấu hình</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Sửa bố cục… (Ctrl+E)</source>
        <translation>Edit layouts… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Kịch bản giao ban… (Ctrl+B)</source>
        <translation>Briefings… (Ctrl+B)</translation>
    </message>
    <message>
        <source>Sự kiện phát hiện… (Ctrl+D)</source>
        <translation>Detection events… (Ctrl+D)</translation>
    </message>
    <message>
        <source>Quản trị… (Ctrl+Shift+A)</source>
        <translation>Administration… (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Chọn một ô trên hình thu nhỏ của tường trước</source>
        <translation>First select a tile on a wall&apos;s miniature</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Vai trò: {role}</source>
        <translation>Role: {role}</translation>
    </message>
    <message>
        <source>Người dùng: {name}</source>
        <translation>User: {name}</translation>
    </message>
    <message>
        <source>Mã truy cập: {name}</source>
        <translation>Access token: {name}</translation>
    </message>
    <message>
        <source>IOC Wall - Bảng điều khiển - {name}</source>
        <translation>IOC Wall - Console - {name}</translation>
    </message>
    <message>
        <source> (chỉ xem)</source>
        <translation> (view only)</translation>
    </message>
    <message>
        <source>Đã kết nối máy chủ</source>
        <translation>Connected to the server</translation>
    </message>
    <message>
        <source>Mất kết nối: {reason}</source>
        <translation>Connection lost: {reason}</translation>
    </message>
    <message>
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Thư mục lưu ảnh chụp camera</source>
        <translation>Folder for camera snapshots</translation>
    </message>
</context>
<context>
    <name>EditorGrid</name>
    <message>
        <source>Ô báo động</source>
        <translation>Alarm tile</translation>
    </message>
    <message>
        <source>Trống
bấm để tạo ô</source>
        <translation>Empty
click to add a tile</translation>
    </message>
</context>
<context>
    <name>EventBrowser</name>
    <message>
        <source>1 giờ qua</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>24 giờ qua</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>7 ngày qua</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>30 ngày qua</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Mọi lúc</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>Từ … đến …</source>
        <translation>From … to …</translation>
    </message>
    <message>
        <source>Chọn thời điểm bắt đầu và kết thúc</source>
        <translation>Choose a start and an end time</translation>
    </message>
    <message>
        <source>Thời điểm kết thúc phải sau thời điểm bắt đầu</source>
        <translation>The end time must be after the start time</translation>
    </message>
    <message>
        <source>cả khung hình</source>
        <translation>whole picture</translation>
    </message>
    <message>
        <source>đang diễn ra</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <source>Sự kiện phát hiện</source>
        <translation>Detection events</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Vùng:</source>
        <translation>Zone:</translation>
    </message>
    <message>
        <source>Thời gian:</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>◀ Mới hơn</source>
        <translation>◀ Newer</translation>
    </message>
    <message>
        <source>Cũ hơn ▶</source>
        <translation>Older ▶</translation>
    </message>
    <message>
        <source>Chọn một sự kiện để xem ảnh</source>
        <translation>Choose an event to see its picture</translation>
    </message>
    <message>
        <source>Xem trước camera</source>
        <translation>Preview camera</translation>
    </message>
    <message>
        <source>Đưa lên ô đang chọn (Enter)</source>
        <translation>Send to the selected tile (Enter)</translation>
    </message>
    <message>
        <source>Mọi camera</source>
        <translation>Every camera</translation>
    </message>
    <message>
        <source>Mọi vùng</source>
        <translation>Every zone</translation>
    </message>
    <message>
        <source>Đang tải sự kiện…</source>
        <translation>Loading events…</translation>
    </message>
    <message>
        <source>Máy chủ từ chối danh sách sự kiện: {reason}</source>
        <translation>The server refused the event list: {reason}</translation>
    </message>
    <message>
        <source>Máy chủ trả lời không đúng dạng: {error}</source>
        <translation>The server&apos;s answer is malformed: {error}</translation>
    </message>
    <message>
        <source>{n} sự kiện</source>
        <translation>{n} events</translation>
    </message>
    <message>
        <source>Không có sự kiện nào khớp bộ lọc</source>
        <translation>No event matches the filter</translation>
    </message>
    <message>
        <source>Trang {page}</source>
        <translation>Page {page}</translation>
    </message>
    <message>
        <source>Sự kiện này chưa có ảnh</source>
        <translation>This event has no picture yet</translation>
    </message>
    <message>
        <source>Đang tải ảnh…</source>
        <translation>Loading picture…</translation>
    </message>
    <message>
        <source>Chọn một ô trên hình thu nhỏ của tường trước</source>
        <translation>Select a tile on a wall miniature first</translation>
    </message>
</context>
<context>
    <name>ForecastView</name>
    <message>
        <source>đạt mục tiêu</source>
        <translation>on target</translation>
    </message>
    <message>
        <source>Dự báo cuối năm</source>
        <translation>Year-end forecast</translation>
    </message>
    <message>
        <source>Dự báo cuối quý</source>
        <translation>Quarter-end forecast</translation>
    </message>
    <message>
        <source>Dự báo cuối tháng</source>
        <translation>Month-end forecast</translation>
    </message>
    <message>
        <source>Mục tiêu {value}</source>
        <translation>Target {value}</translation>
    </message>
    <message>
        <source>khoảng {low} – {high}</source>
        <translation>range {low} – {high}</translation>
    </message>
    <message>
        <source>thấp hơn mục tiêu {points} điểm %</source>
        <translation>{points} points below target</translation>
    </message>
    <message>
        <source>cao hơn mục tiêu {points} điểm %</source>
        <translation>{points} points above target</translation>
    </message>
    <message>
        <source>thấp hơn mục tiêu {share}%</source>
        <translation>{share}% below target</translation>
    </message>
    <message>
        <source>cao hơn mục tiêu {share}%</source>
        <translation>{share}% above target</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>.</source>
        <comment>thousands separator</comment>
        <translation>,</translation>
    </message>
    <message>
        <source>,</source>
        <comment>decimal separator</comment>
        <translation>.</translation>
    </message>
    <message>
        <source>{n} giây</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} phút</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} giờ</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} ngày</source>
        <translation>{n} d</translation>
    </message>
</context>
<context>
    <name>FreezeMarker</name>
    <message>
        <source>ĐANG DỪNG HÌNH · số liệu tạm giữ, máy chủ vẫn ghi</source>
        <translation>FROZEN · data on hold, the server keeps recording</translation>
    </message>
    <message>
        <source>ĐANG DỪNG HÌNH từ {time} · số liệu tạm giữ, máy chủ vẫn ghi</source>
        <translation>FROZEN since {time} · data on hold, the server keeps recording</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Phím tắt</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>F1 hoặc Esc để đóng</source>
        <translation>F1 or Esc to close</translation>
    </message>
</context>
<context>
    <name>ImageTile</name>
    <message>
        <source>Không kết nối được tới máy chủ: {error}</source>
        <translation>Cannot reach the server: {error}</translation>
    </message>
    <message>
        <source>Máy chủ gửi dữ liệu không đọc được thành hình ảnh</source>
        <translation>The server sent data that cannot be read as a picture</translation>
    </message>
    <message>
        <source>Chưa chọn hình ảnh</source>
        <translation>No image chosen</translation>
    </message>
    <message>
        <source>Không có hình ảnh: {reason}</source>
        <translation>No image: {reason}</translation>
    </message>
    <message>
        <source>Đang tải hình ảnh…</source>
        <translation>Loading the image…</translation>
    </message>
    <message>
        <source>Cập nhật {age} trước</source>
        <translation>Updated {age} ago</translation>
    </message>
    <message>
        <source>DỮ LIỆU CŨ</source>
        <translation>STALE DATA</translation>
    </message>
    <message>
        <source>lần làm mới gần nhất bị lỗi</source>
        <translation>the last refresh failed</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>Cập nhật {age} trước</source>
        <translation>Updated {age} ago</translation>
    </message>
    <message>
        <source>DỮ LIỆU CŨ</source>
        <translation>STALE DATA</translation>
    </message>
    <message>
        <source>Mục tiêu {value}</source>
        <translation>Target {value}</translation>
    </message>
    <message>
        <source>so với cùng giờ hôm qua</source>
        <translation>vs the same time yesterday</translation>
    </message>
    <message>
        <source>so với cùng kỳ tháng trước</source>
        <translation>vs the same point last month</translation>
    </message>
    <message>
        <source>so với cùng kỳ quý trước</source>
        <translation>vs the same point last quarter</translation>
    </message>
    <message>
        <source>so với cùng kỳ năm trước</source>
        <translation>vs the same point last year</translation>
    </message>
    <message>
        <source>{points} điểm %</source>
        <translation>{points} points</translation>
    </message>
</context>
<context>
    <name>LayoutDraft</name>
    <message>
        <source>Bố cục mới</source>
        <translation>New layout</translation>
    </message>
    <message>
        <source>không có ô {tile}</source>
        <translation>there is no tile {tile}</translation>
    </message>
    <message>
        <source>hoàn tác: {action}</source>
        <translation>undo “{action}”</translation>
    </message>
    <message>
        <source>làm lại: {action}</source>
        <translation>redo “{action}”</translation>
    </message>
    <message>
        <source>đổi mã bố cục</source>
        <translation>change the layout id</translation>
    </message>
    <message>
        <source>đổi tên bố cục</source>
        <translation>rename the layout</translation>
    </message>
    <message>
        <source>lưới {cols}×{rows}</source>
        <translation>resize the grid to {cols}×{rows}</translation>
    </message>
    <message>
        <source>gộp {cells} ô lưới thành ô {tile}</source>
        <translation>merge {cells} grid cells into tile {tile}</translation>
    </message>
    <message>
        <source>ô {tile} chỉ chiếm một ô lưới: không có gì để tách</source>
        <translation>tile {tile} covers a single grid cell: nothing to split</translation>
    </message>
    <message>
        <source>tách ô {tile}</source>
        <translation>split tile {tile}</translation>
    </message>
    <message>
        <source>đổi loại ô {tile}</source>
        <translation>change the kind of tile {tile}</translation>
    </message>
    <message>
        <source>đổi tiêu đề ô {tile}</source>
        <translation>change the title of tile {tile}</translation>
    </message>
    <message>
        <source>đổi thứ tự trên điện thoại của ô {tile}</source>
        <translation>change the phone order of tile {tile}</translation>
    </message>
    <message>
        <source>đổi thuộc tính ô {tile}</source>
        <translation>change the settings of tile {tile}</translation>
    </message>
    <message>
        <source>đổi mã ô {tile} thành {new}</source>
        <translation>rename tile {tile} to {new}</translation>
    </message>
    <message>
        <source>đổi vị trí ô {tile}</source>
        <translation>move tile {tile}</translation>
    </message>
    <message>
        <source>xoá ô {tile}</source>
        <translation>remove tile {tile}</translation>
    </message>
    <message>
        <source>vùng chọn nằm ngoài lưới</source>
        <translation>the selection is outside the grid</translation>
    </message>
    <message>
        <source>lưới phải từ 1×1 đến {max}×{max}, không phải {cols}×{rows}</source>
        <translation>the grid must be between 1×1 and {max}×{max}, not {cols}×{rows}</translation>
    </message>
    <message>
        <source>không phải TOML hợp lệ: {error}</source>
        <translation>not valid TOML: {error}</translation>
    </message>
    <message>
        <source>khoá không biết trong tệp: {keys}</source>
        <translation>unknown keys in the file: {keys}</translation>
    </message>
    <message>
        <source>tệp không có bảng [[tiles]] nào</source>
        <translation>the file has no [[tiles]] table</translation>
    </message>
    <message>
        <source>cols và rows phải là số nguyên</source>
        <translation>cols and rows must be whole numbers</translation>
    </message>
</context>
<context>
    <name>LayoutEditor</name>
    <message>
        <source>Mở để sửa</source>
        <translation>Open for editing</translation>
    </message>
    <message>
        <source>Bố cục mới</source>
        <translation>New layout</translation>
    </message>
    <message>
        <source>Bố cục trên máy chủ:</source>
        <translation>Layouts on the server:</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Số cột</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Số hàng</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Hoàn tác (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Làm lại (Ctrl+Shift+Z)</source>
        <translation>Redo (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Tách ô</source>
        <translation>Split tile</translation>
    </message>
    <message>
        <source>Xoá ô</source>
        <translation>Remove tile</translation>
    </message>
    <message>
        <source>Nhập tệp TOML…</source>
        <translation>Import TOML file…</translation>
    </message>
    <message>
        <source>Xuất tệp TOML…</source>
        <translation>Export TOML file…</translation>
    </message>
    <message>
        <source>Lưu thành mã mới…</source>
        <translation>Save under a new id…</translation>
    </message>
    <message>
        <source>Lưu lên máy chủ (Ctrl+S)</source>
        <translation>Save to the server (Ctrl+S)</translation>
    </message>
    <message>
        <source>Hợp lệ: lưới {cols}×{rows}, {tiles} ô.</source>
        <translation>Valid: {cols}×{rows} grid, tiles: {tiles}.</translation>
    </message>
    <message>
        <source>Bố cục chưa hợp lệ, chưa lưu được: {error}</source>
        <translation>The layout is not valid, so it cannot be saved yet: {error}</translation>
    </message>
    <message>
        <source>Đã {action}.</source>
        <translation>Done: {action}.</translation>
    </message>
    <message>
        <source>IOC Wall - Trình sửa bố cục - {name} ({id}) - chưa lưu lên máy chủ</source>
        <translation>IOC Wall - Layout editor - {name} ({id}) - not saved to the server</translation>
    </message>
    <message>
        <source>IOC Wall - Trình sửa bố cục - {name} ({id}) - đã lưu</source>
        <translation>IOC Wall - Layout editor - {name} ({id}) - saved</translation>
    </message>
    <message>
        <source>Vai trò {role}: chỉ quản trị viên (admin) lưu được bố cục lên máy chủ; máy chủ sẽ từ chối và nói lý do. Vẫn xuất được ra tệp.</source>
        <translation>Role {role}: only admins can save layouts to the server; the server will refuse and say why. Exporting to a file still works.</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Chọn một ô trên lưới trước</source>
        <translation>First select a tile on the grid</translation>
    </message>
    <message>
        <source>Không có bố cục {id} trên máy chủ</source>
        <translation>The server has no layout {id}</translation>
    </message>
    <message>
        <source>mở bố cục {id}</source>
        <translation>open layout {id}</translation>
    </message>
    <message>
        <source>tạo bố cục mới</source>
        <translation>create a new layout</translation>
    </message>
    <message>
        <source>Không nhập được {file}: {error}</source>
        <translation>Could not import {file}: {error}</translation>
    </message>
    <message>
        <source>nhập tệp {file}</source>
        <translation>import file {file}</translation>
    </message>
    <message>
        <source>Không xuất được {file}: {error}</source>
        <translation>Could not export {file}: {error}</translation>
    </message>
    <message>
        <source>Đã xuất bố cục ra {path}</source>
        <translation>Layout exported to {path}</translation>
    </message>
    <message>
        <source>Nhập bố cục</source>
        <translation>Import a layout</translation>
    </message>
    <message>
        <source>Bố cục TOML (*.toml)</source>
        <translation>TOML layouts (*.toml)</translation>
    </message>
    <message>
        <source>Xuất bố cục</source>
        <translation>Export the layout</translation>
    </message>
    <message>
        <source>Không lưu: bố cục chưa hợp lệ: {error}</source>
        <translation>Not saved: the layout is not valid: {error}</translation>
    </message>
    <message>
        <source>lưu bố cục «{name}» ({id})</source>
        <translation>save layout “{name}” ({id})</translation>
    </message>
    <message>
        <source>Không lưu: {error}</source>
        <translation>Not saved: {error}</translation>
    </message>
    <message>
        <source>lưu bố cục mới «{name}» ({id})</source>
        <translation>save new layout “{name}” ({id})</translation>
    </message>
    <message>
        <source>Lưu thành mã mới</source>
        <translation>Save under a new id</translation>
    </message>
    <message>
        <source>Mã bố cục mới (chữ thường, số, -):</source>
        <translation>New layout id (lower-case letters, digits, -):</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <source>máy chủ {server} không trả lời trong {seconds} giây</source>
        <translation>the server {server} did not answer within {seconds} seconds</translation>
    </message>
    <message>
        <source>máy chủ trả lời đăng nhập không đúng dạng (không có mã phiên)</source>
        <translation>the server&apos;s answer to the login is malformed (no session token)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>IOC Wall - Đăng nhập</source>
        <translation>IOC Wall - Log in</translation>
    </message>
    <message>
        <source>Đăng nhập bảng điều khiển bằng tài khoản của bạn</source>
        <translation>Log in to the console with your account</translation>
    </message>
    <message>
        <source>vd. an.nv</source>
        <translation>e.g. an.nv</translation>
    </message>
    <message>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mật khẩu</source>
        <translation>Enter your user name and password</translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>sai tên đăng nhập hoặc mật khẩu</source>
        <translation>wrong user name or password</translation>
    </message>
    <message>
        <source>Không đăng nhập được: {reason}</source>
        <translation>Could not log in: {reason}</translation>
    </message>
</context>
<context>
    <name>Miniature</name>
    <message>
        <source>Đặt camera đang chọn</source>
        <translation>Put the selected camera here</translation>
    </message>
    <message>
        <source>Tuần tra {count} camera đang chọn (10 giây/camera)</source>
        <translation>Tour the selected cameras ({count}, 10 s each)</translation>
    </message>
    <message>
        <source>Bỏ ghim ô</source>
        <translation>Unpin tile</translation>
    </message>
    <message>
        <source>Ghim ô</source>
        <translation>Pin tile</translation>
    </message>
    <message>
        <source>Xoá ô</source>
        <translation>Clear tile</translation>
    </message>
    <message>
        <source>Thu nhỏ (hiện cả bố cục)</source>
        <translation>Restore (show the whole layout)</translation>
    </message>
    <message>
        <source>Phóng to ô lên cả màn hình</source>
        <translation>Maximise tile to the whole monitor</translation>
    </message>
    <message>
        <source>Chụp ảnh camera của ô</source>
        <translation>Take a snapshot of the tile&apos;s camera</translation>
    </message>
    <message>
        <source>Bố cục màn hình</source>
        <translation>Monitor layout</translation>
    </message>
    <message>
        <source>Chưa có bố cục cho màn hình này</source>
        <translation>No layout for this monitor yet</translation>
    </message>
    <message>
        <source>Tuần tra</source>
        <translation>Tour</translation>
    </message>
    <message>
        <source>Trống</source>
        <translation>Empty</translation>
    </message>
    <message>
        <source>PHÓNG TO</source>
        <translation>MAXIMISED</translation>
    </message>
    <message>
        <source>GHIM</source>
        <translation>PINNED</translation>
    </message>
    <message>
        <source>Tuần tra {n} camera · {dwell:g} giây</source>
        <translation>Tour of {n} cameras · {dwell:g} s</translation>
    </message>
</context>
<context>
    <name>Overlays</name>
    <message>
        <source>người</source>
        <translation>person</translation>
    </message>
    <message>
        <source>ô tô</source>
        <translation>car</translation>
    </message>
    <message>
        <source>xe máy</source>
        <translation>motorbike</translation>
    </message>
    <message>
        <source>xe đạp</source>
        <translation>bicycle</translation>
    </message>
    <message>
        <source>xe buýt</source>
        <translation>bus</translation>
    </message>
    <message>
        <source>xe tải</source>
        <translation>truck</translation>
    </message>
    <message>
        <source>chó</source>
        <translation>dog</translation>
    </message>
    <message>
        <source>mèo</source>
        <translation>cat</translation>
    </message>
</context>
<context>
    <name>PresetsPanel</name>
    <message>
        <source>Tường sẽ được lưu thành cấu hình</source>
        <translation>The wall to save as a preset</translation>
    </message>
    <message>
        <source>Lưu tường thành cấu hình…</source>
        <translation>Save wall as preset…</translation>
    </message>
    <message>
        <source>Áp dụng «{preset}» ({name}) cho tường {wall}</source>
        <translation>Apply “{preset}” ({name}) to wall {wall}</translation>
    </message>
    <message>
        <source>Chưa có cấu hình nào trên máy chủ</source>
        <translation>The server has no presets yet</translation>
    </message>
    <message>
        <source>Chưa có cấu hình nào gán phím Ctrl+{key}</source>
        <translation>No preset is on Ctrl+{key}</translation>
    </message>
    <message>
        <source>Lưu tường thành cấu hình</source>
        <translation>Save wall as preset</translation>
    </message>
    <message>
        <source>Tên cấu hình cho những gì tường «{wall}» đang hiện:</source>
        <translation>Preset name for what wall “{wall}” shows now:</translation>
    </message>
    <message>
        <source>Chưa biết tường {wall}</source>
        <translation>Unknown wall {wall}</translation>
    </message>
</context>
<context>
    <name>PropertyForm</name>
    <message>
        <source>— không đặt —</source>
        <translation>— not set —</translation>
    </message>
    <message>
        <source>cột</source>
        <translation>col</translation>
    </message>
    <message>
        <source>hàng</source>
        <translation>row</translation>
    </message>
    <message>
        <source>rộng</source>
        <translation>width</translation>
    </message>
    <message>
        <source>cao</source>
        <translation>height</translation>
    </message>
    <message>
        <source>Chọn một ô trên lưới</source>
        <translation>Choose a tile on the grid</translation>
    </message>
    <message>
        <source>Ô</source>
        <translation>Tile</translation>
    </message>
    <message>
        <source>trống: tên của chuỗi số liệu / camera</source>
        <translation>empty: the series&apos; or camera&apos;s name</translation>
    </message>
    <message>
        <source>Mã ô</source>
        <translation>Tile id</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Tiêu đề</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Vị trí</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Kích thước</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>theo thứ tự ô</source>
        <translation>in layout order</translation>
    </message>
    <message>
        <source>Thứ tự trên điện thoại</source>
        <translation>Order on a phone</translation>
    </message>
    <message>
        <source>Thuộc tính</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Chọn một ô trên lưới (kéo qua nhiều ô để gộp)</source>
        <translation>Choose a tile on the grid (drag across cells to merge them)</translation>
    </message>
    <message>
        <source>Ô {tile} · {kind}</source>
        <translation>Tile {tile} · {kind}</translation>
    </message>
    <message>
        <source>Loại ô này không có thuộc tính riêng.</source>
        <translation>This kind of tile has no settings of its own.</translation>
    </message>
    <message>
        <source>trống = không đặt</source>
        <translation>empty = not set</translation>
    </message>
    <message>
        <source>{field}: «{text}» không phải là một số</source>
        <translation>{field}: “{text}” is not a number</translation>
    </message>
    <message>
        <source>mã, cách nhau bằng dấu phẩy</source>
        <translation>ids, separated by commas</translation>
    </message>
    <message>
        <source>{name} (không có trên máy chủ)</source>
        <translation>{name} (not on the server)</translation>
    </message>
</context>
<context>
    <name>Ranking</name>
    <message>
        <source>Chưa có dữ liệu bảng {table}</source>
        <translation>No data yet for table {table}</translation>
    </message>
    <message>
        <source>Chưa chọn bảng</source>
        <translation>No table chosen</translation>
    </message>
    <message>
        <source>Bảng {table} không có cột &apos;{column}&apos;</source>
        <translation>Table {table} has no column &apos;{column}&apos;</translation>
    </message>
    <message>
        <source>… và {n} đơn vị khác</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <source>{rest}: tổng {value}</source>
        <translation>{rest}: total {value}</translation>
    </message>
    <message>
        <source>{rest}: trung bình {value}</source>
        <translation>{rest}: average {value}</translation>
    </message>
</context>
<context>
    <name>RankingTile</name>
    <message>
        <source>MỚI</source>
        <translation>NEW</translation>
    </message>
    <message>
        <source>Trang {page}/{pages}</source>
        <translation>Page {page}/{pages}</translation>
    </message>
    <message>
        <source>DỮ LIỆU CŨ</source>
        <translation>STALE DATA</translation>
    </message>
    <message>
        <source>{age} trước</source>
        <translation>{age} ago</translation>
    </message>
    <message>
        <source>Cập nhật {age} trước</source>
        <translation>Updated {age} ago</translation>
    </message>
</context>
<context>
    <name>RestClient</name>
    <message>
        <source>máy chủ gửi {size} byte, nhiều hơn mức {limit} byte</source>
        <translation>the server sent {size} bytes, more than the limit of {limit} bytes</translation>
    </message>
    <message>
        <source>không kết nối được tới máy chủ {server}: {error}</source>
        <translation>cannot connect to the server {server}: {error}</translation>
    </message>
</context>
<context>
    <name>Screenshots</name>
    <message>
        <source>Đang chụp ảnh camera «{camera}»…</source>
        <translation>Taking a snapshot of camera “{camera}”…</translation>
    </message>
    <message>
        <source>Không lưu được ảnh camera «{camera}»: {error}</source>
        <translation>Could not save the snapshot of camera “{camera}”: {error}</translation>
    </message>
    <message>
        <source>Đã chụp ảnh camera «{camera}»: {path}</source>
        <translation>Snapshot of camera “{camera}” saved: {path}</translation>
    </message>
    <message>
        <source>Không chụp được ảnh camera «{camera}»: chưa nhận được hình trong {seconds} giây</source>
        <translation>No snapshot of camera “{camera}”: no picture came within {seconds} s</translation>
    </message>
</context>
<context>
    <name>ServerText</name>
    <message>
        <source>Phát hiện {label} tại {camera}</source>
        <translation>Detection: {label} at {camera}</translation>
    </message>
    <message>
        <source>Phát hiện {label} tại {camera} · {zone}</source>
        <translation>Detection: {label} at {camera} · {zone}</translation>
    </message>
    <message>
        <source>Bắt đầu {started}; {objects} {label} trong vùng (nhiều nhất {max_objects}); độ tin cậy cao nhất {score}%</source>
        <translation>Started {started}; {objects} {label} in the zone (at most {max_objects}); highest confidence {score}%</translation>
    </message>
    <message>
        <source>đã rời vùng lúc {time}</source>
        <translation>left the zone at {time}</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, thấp hơn mục tiêu {target}{unit} ({gap:+.1f}%)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, below the target of {target}{unit} ({gap:+.1f}%)</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, thấp hơn mục tiêu {target}{unit} ({gap:+.2f} điểm %)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, below the target of {target}{unit} ({gap:+.2f} percentage points)</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, cao hơn mục tiêu {target}{unit} ({gap:+.1f}%)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, above the target of {target}{unit} ({gap:+.1f}%)</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, cao hơn mục tiêu {target}{unit} ({gap:+.2f} điểm %)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, above the target of {target}{unit} ({gap:+.2f} percentage points)</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, đã trở lại trong ngưỡng mục tiêu {target}{unit} ({gap:+.1f}%)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, back within the target of {target}{unit} ({gap:+.1f}%)</translation>
    </message>
    <message>
        <source>Dự báo {name} cuối {period} {value}{unit}, đã trở lại trong ngưỡng mục tiêu {target}{unit} ({gap:+.2f} điểm %)</source>
        <translation>{name} forecast for the end of the {period}: {value}{unit}, back within the target of {target}{unit} ({gap:+.2f} percentage points)</translation>
    </message>
    <message>
        <source>Đã hết kỳ của cảnh báo dự báo {name}; kỳ mới được theo dõi lại</source>
        <translation>The period of the {name} forecast warning has ended; the new period is being watched afresh</translation>
    </message>
    <message>
        <source>Khoảng dự báo (80%): {low} – {high}{unit}. Phương pháp: theo mùa vụ {periods} {period} trước. Số liệu đến {as_of}.</source>
        <translation>Forecast interval (80%): {low} – {high}{unit}. Method: seasonal, from the previous {periods} {period}s. Data up to {as_of}.</translation>
    </message>
    <message>
        <source>Khoảng dự báo (80%): {low} – {high}{unit}. Phương pháp: xu hướng tuyến tính {points} điểm. Số liệu đến {as_of}.</source>
        <translation>Forecast interval (80%): {low} – {high}{unit}. Method: linear trend over {points} points. Data up to {as_of}.</translation>
    </message>
    <message>
        <source>theo mùa vụ {periods} {period} trước</source>
        <translation>seasonal, from the previous {periods} {period}s</translation>
    </message>
    <message>
        <source>xu hướng tuyến tính {points} điểm</source>
        <translation>linear trend over {points} points</translation>
    </message>
    <message>
        <source>Chưa đủ dữ liệu: {points} điểm, trải {share}% kỳ — cần ít nhất {min_points} điểm và {min_share}% kỳ</source>
        <translation>Not enough data: {points} points over {share}% of the period — at least {min_points} points and {min_share}% of the period are needed</translation>
    </message>
    <message>
        <source>Chỉ tiêu không còn được dự báo</source>
        <translation>The indicator is no longer forecast</translation>
    </message>
    <message>
        <source>Chỉ tiêu {name} không còn mục tiêu</source>
        <translation>The indicator {name} no longer has a target</translation>
    </message>
    <message>
        <source>Máy chủ không ghi được dữ liệu: ổ đĩa đã đầy</source>
        <translation>The server cannot write data: its disk is full</translation>
    </message>
    <message>
        <source>Ổ đĩa máy chủ sắp đầy</source>
        <translation>The server&apos;s disk is almost full</translation>
    </message>
    <message>
        <source>Dung lượng trống: {free:.1f} MB (ngưỡng {threshold} MB). Ảnh phát hiện cũ nhất đang được xoá trước để dành chỗ. Hãy giải phóng dung lượng đĩa; cảnh báo tự đóng khi đủ chỗ trống. ({reason})</source>
        <translation>Free space: {free:.1f} MB (threshold {threshold} MB). The oldest detection images are being deleted first to make room. Free some disk space; the alert closes by itself once there is enough. ({reason})</translation>
    </message>
    <message>
        <source>Dung lượng trống: không đo được (ngưỡng {threshold} MB). Ảnh phát hiện cũ nhất đang được xoá trước để dành chỗ. Hãy giải phóng dung lượng đĩa; cảnh báo tự đóng khi đủ chỗ trống. ({reason})</source>
        <translation>Free space: could not be measured (threshold {threshold} MB). The oldest detection images are being deleted first to make room. Free some disk space; the alert closes by itself once there is enough. ({reason})</translation>
    </message>
    <message>
        <source>đã đủ dung lượng trống</source>
        <translation>enough free space again</translation>
    </message>
    <message>
        <source>người</source>
        <translation>person</translation>
    </message>
    <message>
        <source>ô tô</source>
        <translation>car</translation>
    </message>
    <message>
        <source>xe máy</source>
        <translation>motorbike</translation>
    </message>
    <message>
        <source>xe đạp</source>
        <translation>bicycle</translation>
    </message>
    <message>
        <source>xe buýt</source>
        <translation>bus</translation>
    </message>
    <message>
        <source>xe tải</source>
        <translation>truck</translation>
    </message>
    <message>
        <source>chó</source>
        <translation>dog</translation>
    </message>
    <message>
        <source>mèo</source>
        <translation>cat</translation>
    </message>
    <message>
        <source>năm</source>
        <translation>year</translation>
    </message>
    <message>
        <source>quý</source>
        <translation>quarter</translation>
    </message>
    <message>
        <source>tháng</source>
        <translation>month</translation>
    </message>
    <message>
        <source>phát hiện tự động</source>
        <translation>automatic detection</translation>
    </message>
    <message>
        <source>dự báo KPI</source>
        <translation>KPI forecast</translation>
    </message>
    <message>
        <source>giám sát ổ đĩa</source>
        <translation>disk monitor</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Thông tin</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Nhẹ</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>Nghiêm trọng</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>Khẩn cấp</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Đã xác nhận</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Đã xử lý</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Giao thông</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Trật tự công cộng</source>
        <translation>Public order</translation>
    </message>
    <message>
        <source>Phản ánh hiện trường</source>
        <translation>Citizen reports</translation>
    </message>
    <message>
        <source>Dịch vụ công</source>
        <translation>Public services</translation>
    </message>
    <message>
        <source>Văn bản điện tử</source>
        <translation>E-documents</translation>
    </message>
    <message>
        <source>An toàn thông tin</source>
        <translation>Cybersecurity</translation>
    </message>
    <message>
        <source>Y tế</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Giáo dục</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>Du lịch</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <source>Môi trường</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Cửa khẩu</source>
        <translation>Border gates</translation>
    </message>
    <message>
        <source>Phát hiện đối tượng</source>
        <translation>Object detection</translation>
    </message>
    <message>
        <source>Chỉ số KPI</source>
        <translation>KPIs</translation>
    </message>
    <message>
        <source>Hệ thống</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Biểu đồ</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>Chỉ số</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Đồng hồ</source>
        <translation>Clock</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hình ảnh</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Trạng thái camera</source>
        <translation>Camera status</translation>
    </message>
    <message>
        <source>Bản đồ</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>Xếp hạng</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>trực tiếp</source>
        <translation>live</translation>
    </message>
    <message>
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <source>mất tín hiệu, đang kết nối lại</source>
        <translation>signal lost, reconnecting</translation>
    </message>
    <message>
        <source>lỗi</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>không có ai xem</source>
        <translation>nobody watching</translation>
    </message>
    <message>
        <source>Báo động</source>
        <translation>Alarm</translation>
    </message>
</context>
<context>
    <name>TileRegistry</name>
    <message>
        <source>Ô &apos;{kind}&apos; chưa được hỗ trợ ở phiên bản này</source>
        <translation>Tile kind &apos;{kind}&apos; is not supported in this version</translation>
    </message>
</context>
<context>
    <name>TileSettings</name>
    <message>
        <source>Đường</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Vùng</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Bars</translation>
    </message>
    <message>
        <source>1 giờ</source>
        <translation>1 hour</translation>
    </message>
    <message>
        <source>6 giờ</source>
        <translation>6 hours</translation>
    </message>
    <message>
        <source>24 giờ</source>
        <translation>24 hours</translation>
    </message>
    <message>
        <source>7 ngày</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>30 ngày</source>
        <translation>30 days</translation>
    </message>
    <message>
        <source>12 tháng</source>
        <translation>12 months</translation>
    </message>
    <message>
        <source>Kỳ dự báo (năm, quý, tháng)</source>
        <translation>Forecast period (year, quarter, month)</translation>
    </message>
    <message>
        <source>Danh sách</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Chữ chạy</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Lần đo trước</source>
        <translation>Previous sample</translation>
    </message>
    <message>
        <source>Cùng giờ hôm qua</source>
        <translation>Same time yesterday</translation>
    </message>
    <message>
        <source>Cùng kỳ tháng trước</source>
        <translation>Same point last month</translation>
    </message>
    <message>
        <source>Cùng kỳ quý trước</source>
        <translation>Same point last quarter</translation>
    </message>
    <message>
        <source>Cùng kỳ năm trước</source>
        <translation>Same point last year</translation>
    </message>
    <message>
        <source>Kém nhất trước</source>
        <translation>Worst first</translation>
    </message>
    <message>
        <source>Tốt nhất trước</source>
        <translation>Best first</translation>
    </message>
    <message>
        <source>Thanh ngang</source>
        <translation>Bars</translation>
    </message>
    <message>
        <source>Bảng</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Vừa khung (thấy cả ảnh)</source>
        <translation>Fit (the whole picture)</translation>
    </message>
    <message>
        <source>Phủ kín khung (cắt mép)</source>
        <translation>Fill (edges cut off)</translation>
    </message>
    <message>
        <source>Ngưỡng cảnh báo</source>
        <translation>Warning threshold</translation>
    </message>
    <message>
        <source>Ngưỡng báo động</source>
        <translation>Alarm threshold</translation>
    </message>
    <message>
        <source>Cũ sau (giây)</source>
        <translation>Stale after (seconds)</translation>
    </message>
    <message>
        <source>Camera cố định</source>
        <translation>Fixed camera</translation>
    </message>
    <message>
        <source>Ô báo động (camera của cảnh báo hiện ở đây)</source>
        <translation>Alarm tile (an alert&apos;s camera shows here)</translation>
    </message>
    <message>
        <source>Tuần tra: các camera (theo thứ tự chọn)</source>
        <translation>Tour: cameras (in the order ticked)</translation>
    </message>
    <message>
        <source>Tuần tra: thời gian mỗi camera (giây)</source>
        <translation>Tour: time per camera (seconds)</translation>
    </message>
    <message>
        <source>Chuỗi số liệu</source>
        <translation>Data series</translation>
    </message>
    <message>
        <source>Kiểu biểu đồ</source>
        <translation>Chart style</translation>
    </message>
    <message>
        <source>Khoảng thời gian</source>
        <translation>Time window</translation>
    </message>
    <message>
        <source>Càng cao càng tốt</source>
        <translation>Higher is better</translation>
    </message>
    <message>
        <source>So sánh với</source>
        <translation>Compare with</translation>
    </message>
    <message>
        <source>Kiểu hiển thị</source>
        <translation>Display</translation>
    </message>
    <message>
        <source>Mức tối thiểu</source>
        <translation>Lowest severity</translation>
    </message>
    <message>
        <source>Chỉ các loại (bỏ trống: tất cả)</source>
        <translation>Only these categories (none: all)</translation>
    </message>
    <message>
        <source>Chỉ các địa bàn (bỏ trống: tất cả)</source>
        <translation>Only these areas (empty: all)</translation>
    </message>
    <message>
        <source>Nhấp nháy cảnh báo khẩn cấp mới (giây)</source>
        <translation>Flash new critical alerts (seconds)</translation>
    </message>
    <message>
        <source>Tốc độ chữ chạy (điểm ảnh/giây)</source>
        <translation>Ticker speed (pixels/second)</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Chữ đậm</source>
        <translation>Bold</translation>
    </message>
    <message>
        <source>Cỡ chữ (điểm ảnh)</source>
        <translation>Font size (pixels)</translation>
    </message>
    <message>
        <source>Hình ảnh</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Cách đặt ảnh</source>
        <translation>Picture fit</translation>
    </message>
    <message>
        <source>Làm mới sau (giây)</source>
        <translation>Refresh every (seconds)</translation>
    </message>
    <message>
        <source>Bảng số liệu</source>
        <translation>Data table</translation>
    </message>
    <message>
        <source>Cột xếp hạng (trống: cột đầu)</source>
        <translation>Ranked column (empty: the first)</translation>
    </message>
    <message>
        <source>Thứ tự</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Số dòng hiển thị</source>
        <translation>Rows shown</translation>
    </message>
    <message>
        <source>Cuộn trang sau (giây)</source>
        <translation>Next page after (seconds)</translation>
    </message>
    <message>
        <source>Kiểu</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>Cột phụ</source>
        <translation>Secondary columns</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Chưa chọn camera</source>
        <translation>No camera chosen</translation>
    </message>
    <message>
        <source>Mất tín hiệu camera · hình cách đây {age} · đang kết nối lại</source>
        <translation>Camera signal lost · picture from {age} ago · reconnecting</translation>
    </message>
    <message>
        <source>Mất tín hiệu camera · đang kết nối lại</source>
        <translation>Camera signal lost · reconnecting</translation>
    </message>
    <message>
        <source>TRỰC TIẾP</source>
        <translation>LIVE</translation>
    </message>
    <message>
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Mất tín hiệu · hình cách đây {age}</source>
        <translation>Signal lost · picture from {age} ago</translation>
    </message>
    <message>
        <source>Vòng camera tạm dừng do báo động</source>
        <translation>Camera tour paused by an alarm</translation>
    </message>
    <message>
        <source>TIẾT KIỆM · chưa lấy được ảnh tĩnh</source>
        <translation>SAVING · no still received yet</translation>
    </message>
    <message>
        <source>TIẾT KIỆM · đang tải ảnh tĩnh…</source>
        <translation>SAVING · loading a still…</translation>
    </message>
    <message>
        <source>TIẾT KIỆM · ảnh tĩnh cách đây {age}</source>
        <translation>SAVING · still from {age} ago</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Bố cục &apos;{layout}&apos; không hiển thị được trên máy này (phần mềm cũ hơn máy chủ?): {reason}.</source>
        <translation>Layout &apos;{layout}&apos; cannot be shown on this PC (is its software older than the server?): {reason}.</translation>
    </message>
    <message>
        <source>Đang giữ bố cục trước đó.</source>
        <translation>Keeping the previous layout.</translation>
    </message>
    <message>
        <source>Không dựng được ô &apos;{tile}&apos; ({kind}) của bố cục &apos;{layout}&apos;: {error}.</source>
        <translation>Tile &apos;{tile}&apos; ({kind}) of layout &apos;{layout}&apos; could not be built: {error}.</translation>
    </message>
    <message>
        <source>Đang kết nối tới máy chủ…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Chưa kết nối được máy chủ: {reason}</source>
        <translation>Cannot reach the server yet: {reason}</translation>
    </message>
    <message>
        <source>Mất kết nối máy chủ {duration} - dữ liệu đang hiển thị có thể đã cũ; đang tự kết nối lại</source>
        <translation>Connection to the server lost {duration} ago - the data shown may be out of date; reconnecting</translation>
    </message>
    <message>
        <source>Tường &apos;{wall}&apos; không có màn hình {monitor} hoặc bố cục chưa có</source>
        <translation>Wall &apos;{wall}&apos; has no monitor {monitor}, or no layout yet</translation>
    </message>
</context>
<context>
    <name>WallsPanel</name>
    <message>
        <source>ghép {cols}×{rows} màn hình {monitors}</source>
        <translation>spanned {cols}×{rows} over monitors {monitors}</translation>
    </message>
    <message>
        <source>Màn hình {monitor}</source>
        <translation>Monitor {monitor}</translation>
    </message>
    <message>
        <source>Chưa nhận được danh sách tường từ máy chủ…</source>
        <translation>Waiting for the list of walls from the server…</translation>
    </message>
    <message>
        <source>ĐANG DỪNG HÌNH</source>
        <translation>FROZEN</translation>
    </message>
</context>
</TS>
