//! Flash messages: after a POST, the handler redirects with a short-lived cookie naming one
//! message of a fixed Thai table (and, for some, a count); the next page shows it once at the
//! top (`role="status"`) and clears the cookie. User text is never reflected: a forged cookie
//! can only pick another message of the table.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::edge::identity::{cookie, set_cookie};
use crate::state::AppState;

/// The cookie carrying the pending message.
pub const COOKIE: &str = "prachum_flash";

/// One message of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    /// Saved (generic).
    Saved,
    /// A meeting was created.
    MeetingCreated,
    /// A meeting was cancelled; n people notified.
    MeetingCancelled(u32),
    /// The agenda was saved.
    AgendaSaved,
    /// An agenda item was removed.
    AgendaItemDeleted,
    /// An agenda item moved up or down.
    AgendaItemMoved,
    /// Attendance recorded: n present.
    AttendanceSaved(u32),
    /// A draft directive was saved.
    DirectiveSaved,
    /// n actions were saved.
    ActionsSaved(u32),
    /// A directive was published; n offices emailed.
    Published(u32),
    /// Minutes saved.
    MinutesSaved,
    /// Minutes circulated to n people.
    Circulated(u32),
    /// Minutes certified.
    Certified,
    /// An update was accepted.
    ReviewAccepted,
    /// An update was returned.
    ReviewReturned,
    /// A progress update was posted.
    UpdatePosted,
    /// An account was saved.
    UserSaved,
    /// The calendar feed URL was revoked.
    CalendarRevoked,
}

impl Flash {
    fn code(self) -> (&'static str, Option<u32>) {
        match self {
            Self::Saved => ("saved", None),
            Self::MeetingCreated => ("meeting_created", None),
            Self::MeetingCancelled(n) => ("meeting_cancelled", Some(n)),
            Self::AgendaSaved => ("agenda_saved", None),
            Self::AgendaItemDeleted => ("agenda_item_deleted", None),
            Self::AgendaItemMoved => ("agenda_item_moved", None),
            Self::AttendanceSaved(n) => ("attendance_saved", Some(n)),
            Self::DirectiveSaved => ("directive_saved", None),
            Self::ActionsSaved(n) => ("actions_saved", Some(n)),
            Self::Published(n) => ("published", Some(n)),
            Self::MinutesSaved => ("minutes_saved", None),
            Self::Circulated(n) => ("circulated", Some(n)),
            Self::Certified => ("certified", None),
            Self::ReviewAccepted => ("review_accepted", None),
            Self::ReviewReturned => ("review_returned", None),
            Self::UpdatePosted => ("update_posted", None),
            Self::UserSaved => ("user_saved", None),
            Self::CalendarRevoked => ("calendar_revoked", None),
        }
    }

    /// The cookie value, e.g. `published.3`.
    fn encode(self) -> String {
        match self.code() {
            (c, Some(n)) => format!("{c}.{n}"),
            (c, None) => c.to_owned(),
        }
    }

    fn decode(v: &str) -> Option<Self> {
        let (code, n) = match v.split_once('.') {
            Some((c, n)) => (c, n.parse::<u32>().ok()?),
            None => (v, 0),
        };
        Some(match code {
            "saved" => Self::Saved,
            "meeting_created" => Self::MeetingCreated,
            "meeting_cancelled" => Self::MeetingCancelled(n),
            "agenda_saved" => Self::AgendaSaved,
            "agenda_item_deleted" => Self::AgendaItemDeleted,
            "agenda_item_moved" => Self::AgendaItemMoved,
            "attendance_saved" => Self::AttendanceSaved(n),
            "directive_saved" => Self::DirectiveSaved,
            "actions_saved" => Self::ActionsSaved(n),
            "published" => Self::Published(n),
            "minutes_saved" => Self::MinutesSaved,
            "circulated" => Self::Circulated(n),
            "certified" => Self::Certified,
            "review_accepted" => Self::ReviewAccepted,
            "review_returned" => Self::ReviewReturned,
            "update_posted" => Self::UpdatePosted,
            "user_saved" => Self::UserSaved,
            "calendar_revoked" => Self::CalendarRevoked,
            _ => return None,
        })
    }

    /// The Thai message.
    pub fn message(self) -> String {
        match self {
            Self::Saved => "บันทึกแล้ว".to_owned(),
            Self::MeetingCreated => "สร้างการประชุมแล้ว ขั้นต่อไป: จัดระเบียบวาระการประชุม".to_owned(),
            Self::MeetingCancelled(n) => {
                format!("ยกเลิกการประชุมแล้ว ส่งอีเมลแจ้งผู้เกี่ยวข้อง {n} คน")
            }
            Self::AgendaSaved => "บันทึกระเบียบวาระแล้ว".to_owned(),
            Self::AgendaItemDeleted => "ลบเรื่องออกจากระเบียบวาระแล้ว เลขวาระที่ตามมาเลื่อนขึ้นให้".to_owned(),
            Self::AgendaItemMoved => "ย้ายลำดับเรื่องแล้ว เลขวาระจัดใหม่ให้".to_owned(),
            Self::AttendanceSaved(n) => format!("บันทึกผู้เข้าประชุมแล้ว มาประชุม {n} คน"),
            Self::DirectiveSaved => "บันทึกร่างข้อสั่งการแล้ว (ยังไม่เผยแพร่)".to_owned(),
            Self::ActionsSaved(n) => format!("บันทึกการดำเนินการแล้ว {n} รายการ"),
            Self::Published(n) => {
                format!("เผยแพร่ข้อสั่งการแล้ว ส่งอีเมลถึงหัวหน้าส่วนราชการ {n} หน่วยงาน")
            }
            Self::MinutesSaved => "บันทึกรายงานการประชุมแล้ว".to_owned(),
            Self::Circulated(n) => {
                format!("เวียนรายงานการประชุมแล้ว ส่งอีเมลถึงผู้เข้าประชุม {n} คน")
            }
            Self::Certified => "รับรองรายงานการประชุมแล้ว ดาวน์โหลดฉบับ PDF ได้".to_owned(),
            Self::ReviewAccepted => "ตรวจรับรายงานความก้าวหน้าแล้ว".to_owned(),
            Self::ReviewReturned => "ส่งรายงานกลับให้หน่วยงานแก้ไขแล้ว".to_owned(),
            Self::UpdatePosted => "ส่งรายงานความก้าวหน้าแล้ว".to_owned(),
            Self::UserSaved => "บันทึกบัญชีผู้ใช้แล้ว".to_owned(),
            Self::CalendarRevoked => "ยกเลิกลิงก์ปฏิทินแล้ว ลิงก์เดิมใช้ไม่ได้อีก".to_owned(),
        }
    }
}

tokio::task_local! {
    static CURRENT: Option<Flash>;
}

/// The message to show on the page being rendered, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(|f| f.map(Flash::message)).ok().flatten()
}

/// `303 See Other` to `to`, with `flash` shown on the next page.
pub fn redirect(app: &AppState, to: &str, flash: Flash) -> Response {
    let mut res = Redirect::to(to).into_response();
    if let Ok(v) = set_cookie(app, COOKIE, &flash.encode(), 120).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The middleware: makes a pending message visible to the page and clears it once shown.
pub async fn layer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let pending = cookie(req.headers(), COOKIE).and_then(Flash::decode);
    let had_cookie = cookie(req.headers(), COOKIE).is_some();
    let mut res = CURRENT.scope(pending, next.run(req)).await;
    let shown = !res.status().is_redirection() && res.status() != StatusCode::NOT_MODIFIED;
    let set_new = res.headers().get_all(header::SET_COOKIE).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.starts_with(&format!("{COOKIE}=")))
    });
    if had_cookie
        && shown
        && !set_new
        && let Ok(v) = set_cookie(&app, COOKIE, "", 0).parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_show_nothing() {
        for f in [
            Flash::Published(3),
            Flash::Certified,
            Flash::AttendanceSaved(12),
        ] {
            assert_eq!(Flash::decode(&f.encode()), Some(f));
        }
        assert_eq!(Flash::decode("<script>"), None);
        assert_eq!(Flash::decode("published.x"), None);
        assert!(Flash::Published(3).message().contains("3 หน่วยงาน"));
    }
}
