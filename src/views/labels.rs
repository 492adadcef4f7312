//! Thai names for what the audit log and histories store in English codes: actions
//! (`directive.publish` → `เผยแพร่ข้อสั่งการ`), object kinds and field names. Unknown codes are
//! shown as they are.

/// The Thai name of an audit action code.
pub fn action_th(code: &str) -> &str {
    match code {
        "action.create" => "มอบหมายการดำเนินการ",
        "action.update_posted" => "รายงานความก้าวหน้า",
        "action.update_accepted" => "ตรวจรับรายงานความก้าวหน้า",
        "action.update_returned" => "ส่งรายงานกลับให้แก้ไข",
        "agenda.add_item" => "เพิ่มเรื่องในระเบียบวาระ",
        "agenda.update_item" => "แก้ไขเรื่องในระเบียบวาระ",
        "agenda.delete_item" => "ลบเรื่องในระเบียบวาระ",
        "agenda.move_up" | "agenda.move_down" => "จัดลำดับระเบียบวาระ",
        "attendance.save" => "บันทึกผู้เข้าประชุม",
        "directive.create" => "สร้างร่างข้อสั่งการ",
        "directive.update" => "แก้ไขข้อสั่งการ",
        "directive.publish" => "เผยแพร่ข้อสั่งการ",
        "indicator.create" => "เพิ่มตัวชี้วัด",
        "indicator.update" => "แก้ไขตัวชี้วัด",
        "indicator.delete" => "ลบตัวชี้วัด",
        "issue.create" => "เพิ่มประเด็นการตรวจ",
        "issue.update" => "แก้ไขประเด็นการตรวจ",
        "issue.delete" => "ลบประเด็นการตรวจ",
        "mail.resend" => "ส่งอีเมลอีกครั้ง",
        "meeting.create" => "สร้างการประชุม",
        "meeting.update" => "แก้ไขข้อมูลการประชุม",
        "meeting.reschedule" => "เลื่อนวันประชุม",
        "meeting.cancel" => "ยกเลิกการประชุม",
        "minutes.save" => "บันทึกรายงานการประชุม",
        "minutes.circulate" => "เวียนรายงานการประชุม",
        "minutes.certify" => "รับรองรายงานการประชุม",
        "minutes.publish" => "เผยแพร่รายงานการประชุมต่อสาธารณะ",
        "minutes.unpublish" => "เลิกเผยแพร่รายงานการประชุม",
        "office.update" => "แก้ไขข้อมูลหน่วยงาน",
        "office_head.change" => "เปลี่ยนหัวหน้าส่วนราชการ",
        "office_head.correct" => "แก้ไขข้อมูลหัวหน้าส่วนราชการ",
        "round.create" => "สร้างรอบการตรวจราชการ",
        "round.update" => "แก้ไขรอบการตรวจราชการ",
        "round.reminder_text" => "แก้ไขข้อความแจ้งเตือนของรอบการตรวจ",
        "series.create" => "สร้างชุดการประชุม",
        "user.create" => "เพิ่มบัญชีผู้ใช้",
        "user.update" => "แก้ไขบัญชีผู้ใช้",
        other => other,
    }
}

/// The Thai name of an object kind.
pub fn kind_th(kind: &str) -> &str {
    match kind {
        "action" => "การดำเนินการ",
        "agenda_item" => "ระเบียบวาระ",
        "attendance" => "ผู้เข้าประชุม",
        "directive" => "ข้อสั่งการ",
        "indicator" => "ตัวชี้วัด",
        "issue" => "ประเด็นการตรวจ",
        "meeting" => "การประชุม",
        "minutes" => "รายงานการประชุม",
        "office" => "หน่วยงาน",
        "outbox" | "mail" => "อีเมล",
        "round" => "รอบการตรวจราชการ",
        "series" => "ชุดการประชุม",
        "user" => "บัญชีผู้ใช้",
        other => other,
    }
}

/// The Thai name of a stored field.
pub fn field_th(field: &str) -> &str {
    match field {
        "status" => "สถานะ",
        "title" => "ชื่อเรื่อง",
        "text_md" => "ข้อความ",
        "progress" => "ความก้าวหน้า (%)",
        "due_on" | "due" => "กำหนดแล้วเสร็จ",
        "meeting_date" => "วันที่ประชุม",
        "published_at" => "เผยแพร่เมื่อ",
        "review" => "ผลการตรวจ",
        "comment" | "review_comment" => "ความเห็น",
        "channel" => "ช่องทาง",
        "files" => "ไฟล์หลักฐาน",
        "office_id" => "หน่วยงาน",
        "email" => "อีเมล",
        "display_name" => "ชื่อ",
        "role" => "บทบาท",
        "active" => "ใช้งานได้",
        "deadline" | "circulation_deadline" => "กำหนดตอบกลับ",
        "emails" => "จำนวนอีเมล",
        "method" => "วิธีการรับรอง",
        "revision" => "ฉบับที่",
        "sha256" => "ค่า SHA-256",
        "metric_value" | "metric_current" => "ค่าตัวชี้วัด",
        "expected_md" => "ผลที่คาดหวัง",
        "full_name" => "ชื่อ-สกุล",
        "title_as_printed" => "ตำแหน่ง",
        "valid_from" => "มีผลตั้งแต่",
        "venue_room" => "ห้องประชุม",
        "cancelled_reason" => "เหตุผลที่ยกเลิก",
        other => other,
    }
}

/// An ISO date (`2026-11-23`) in the table form `23 พ.ย. 2569`; anything else unchanged.
pub fn date_table(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => {
            crate::domain::calendar::ThaiDate(d).table(crate::domain::calendar::Digits::Arabic)
        }
        Err(_) => iso.to_owned(),
    }
}

/// A count with thousands separators, as Thai offices write them: `10,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_in_thai() {
        assert_eq!(action_th("directive.publish"), "เผยแพร่ข้อสั่งการ");
        assert_eq!(action_th("x.y"), "x.y");
        assert_eq!(date_table("2022-04-19"), "19 เม.ย. 2565");
        assert_eq!(date_table("—"), "—");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(2_736_000), "2,736,000");
    }
}
