<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
        <source>Quản trị: camera và mã truy cập (chỉ quản trị viên lưu được)</source>
        <translation>Administration: cameras and access tokens (only admins can save)</translation>
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
    <name>ForecastView</name>
    <message>
        <source>đạt mục tiêu</source>
        <translation>on target</translation>
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
    <name>FreezeMarker</name>
    <message>
        <source>ĐANG DỪNG HÌNH · số liệu tạm giữ, máy chủ vẫn ghi</source>
        <translation>FROZEN · data on hold, the server keeps recording</translation>
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
    <name>LayoutDraft</name>
    <message>
        <source>tiles.{index} (ô {tile})</source>
        <translation>tiles.{index} (tile {tile})</translation>
    </message>
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
    <name>RestClient</name>
    <message>
        <source>máy chủ không trả lời: {error}</source>
        <translation>the server did not answer: {error}</translation>
    </message>
</context>
<context>
    <name>Snapshots</name>
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
    <name>WallWindow</name>
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
