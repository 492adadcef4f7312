//! Status and classification enums stored in the database as stable snake_case strings,
//! with Thai/English labels and, where a record has a life cycle, its allowed transitions.
//!
//! Longer than 500 lines on purpose: every stored status and kind has its one definition here,
//! with labels and transitions, so that the database, the API schema and the docs name the same
//! values; tests close the file.

use chrono::NaiveDate;

use super::rules::RuleViolation;

/// A stored string did not name any value of the enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ค่า «{value}» ไม่ใช่{kind}ที่ระบบรู้จัก (ค่าที่ใช้ได้: {allowed})")]
pub struct UnknownValue {
    /// Thai name of the enum, e.g. `สถานะการประชุม`.
    pub kind: &'static str,
    /// The string that was given.
    pub value: String,
    /// The values allowed, comma-separated (`planned, invited, held, …`).
    pub allowed: &'static str,
}

/// Declares a fieldless enum with `ALL`, `as_str`, `label_th`, `label_en`, `FromStr` and `Display`.
///
/// Each variant is written `Variant => "stored", "ป้ายไทย", "English label";`.
/// The serde name of every variant is its stored string, so DB and JSON always agree.
/// Used for every enum the database stores as a string (`db::stored_enum` maps them to columns),
/// here and in the other `domain` modules.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($kind_th:literal) {
            $( $(#[$vmeta:meta])* $variant:ident => $s:literal, $th:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $s)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// Thai name of this kind of value (used in error messages).
            pub const KIND_TH: &'static str = $kind_th;

            /// Stable snake_case string stored in the database.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $s),+ }
            }

            /// Thai label for the UI.
            pub const fn label_th(self) -> &'static str {
                match self { $(Self::$variant => $th),+ }
            }

            /// English label.
            pub const fn label_en(self) -> &'static str {
                match self { $(Self::$variant => $en),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::status::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok(Self::$variant),)+
                    _ => Err($crate::domain::status::UnknownValue {
                        kind: $kind_th,
                        value: s.to_string(),
                        allowed: concat!($($s, ", "),+).trim_end_matches(", "),
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            /// Writes the stored string (`as_str`); use `label_th` for the UI.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use labelled_enum;

/// Adds `next_states`, `can_transition_to` and `transition` from a table `From => [To, ...]`.
macro_rules! life_cycle {
    ($name:ident { $( $from:ident => [$($to:ident),*] ),+ $(,)? }) => {
        impl $name {
            /// Statuses this one may change to (a status never "changes" to itself).
            pub const fn next_states(self) -> &'static [Self] {
                match self { $(Self::$from => &[$(Self::$to),*]),+ }
            }

            /// Whether the life cycle allows changing from `self` to `to`.
            pub fn can_transition_to(self, to: Self) -> bool {
                self.next_states().contains(&to)
            }

            /// Returns `to` if the change is allowed, otherwise an `IllegalTransition` with Thai labels.
            pub fn transition(self, to: Self) -> Result<Self, RuleViolation> {
                if self.can_transition_to(to) {
                    Ok(to)
                } else {
                    Err(RuleViolation::IllegalTransition {
                        kind: Self::KIND_TH,
                        from: self.label_th(),
                        to: to.label_th(),
                    })
                }
            }
        }
    };
}

labelled_enum! {
    /// Life cycle of a meeting, from planning to published minutes.
    pub enum MeetingStatus ("การประชุม") {
        /// Scheduled, invitations not yet sent.
        Planned => "planned", "กำหนดการ", "Planned";
        /// Invitations sent.
        Invited => "invited", "ส่งหนังสือเชิญแล้ว", "Invited";
        /// The meeting took place.
        Held => "held", "ประชุมแล้ว", "Held";
        /// Minutes are being drafted.
        MinutesDraft => "minutes_draft", "ร่างรายงานการประชุม", "Minutes draft";
        /// Draft minutes circulated to members for comment.
        Circulated => "circulated", "เวียนรายงานการประชุมแล้ว", "Minutes circulated";
        /// Minutes certified.
        Certified => "certified", "รับรองรายงานการประชุมแล้ว", "Minutes certified";
        /// Minutes published.
        Published => "published", "เผยแพร่แล้ว", "Published";
        /// The meeting was cancelled.
        Cancelled => "cancelled", "ยกเลิก", "Cancelled";
    }
}

life_cycle!(MeetingStatus {
    Planned => [Invited, Held, Cancelled],
    Invited => [Held, Cancelled, Planned],
    Held => [MinutesDraft],
    MinutesDraft => [Circulated, Certified],
    Circulated => [Certified, MinutesDraft],
    Certified => [Published],
    Published => [Certified],
    Cancelled => [],
});

labelled_enum! {
    /// Progress of an action item assigned at a meeting.
    pub enum ActionStatus ("งานที่ต้องดำเนินการ") {
        /// Not started.
        Open => "open", "ยังไม่ดำเนินการ", "Open";
        /// Being worked on.
        InProgress => "in_progress", "อยู่ระหว่างดำเนินการ", "In progress";
        /// Finished.
        Done => "done", "ดำเนินการแล้วเสร็จ", "Done";
        /// No longer required.
        Cancelled => "cancelled", "ยกเลิก", "Cancelled";
    }
}

life_cycle!(ActionStatus {
    Open => [InProgress, Done, Cancelled],
    InProgress => [Done, Cancelled, Open],
    Done => [InProgress],
    Cancelled => [Open],
});

impl ActionStatus {
    /// Whether an action in this status with this due date is late on `today`.
    pub fn is_overdue(self, due: Option<NaiveDate>, today: NaiveDate) -> bool {
        is_overdue(self, due, today)
    }

    /// See [`is_due_soon`].
    pub fn is_due_soon(self, due: Option<NaiveDate>, today: NaiveDate) -> bool {
        is_due_soon(self, due, today)
    }
}

/// Days before its due date from which an open action is "due soon" (ใกล้ครบกำหนด).
pub const DUE_SOON_DAYS: i64 = 7;

/// An open or in-progress action due today or within [`DUE_SOON_DAYS`] is due soon.
pub fn is_due_soon(status: ActionStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    matches!(status, ActionStatus::Open | ActionStatus::InProgress)
        && due.is_some_and(|d| d >= today && (d - today).num_days() <= DUE_SOON_DAYS)
}

/// An open or in-progress action whose due date is before `today` is overdue.
pub fn is_overdue(status: ActionStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    matches!(status, ActionStatus::Open | ActionStatus::InProgress)
        && due.is_some_and(|d| d < today)
}

labelled_enum! {
    /// Publication state of a directive (ข้อสั่งการ).
    pub enum DirectiveStatus ("ข้อสั่งการ") {
        /// Not yet visible to agencies.
        Draft => "draft", "ร่าง", "Draft";
        /// Visible to agencies.
        Published => "published", "เผยแพร่แล้ว", "Published";
    }
}

life_cycle!(DirectiveStatus {
    Draft => [Published],
    Published => [],
});

labelled_enum! {
    /// State of a set of minutes.
    pub enum MinutesState ("รายงานการประชุม") {
        /// Being written.
        Draft => "draft", "ร่าง", "Draft";
        /// Sent round for comments.
        Circulated => "circulated", "เวียนแล้ว", "Circulated";
        /// Certified by the meeting; final.
        Certified => "certified", "รับรองแล้ว", "Certified";
    }
}

life_cycle!(MinutesState {
    Draft => [Circulated, Certified],
    Circulated => [Certified, Draft],
    Certified => [],
});

labelled_enum! {
    /// Review of a progress update sent in by an agency.
    pub enum UpdateReview ("ผลการตรวจสอบรายงานความก้าวหน้า") {
        /// Not yet reviewed.
        Pending => "pending", "รอตรวจสอบ", "Pending review";
        /// Accepted.
        Accepted => "accepted", "ผ่านการตรวจสอบ", "Accepted";
        /// Returned to the agency for changes.
        Returned => "returned", "ส่งกลับแก้ไข", "Returned";
    }
}

life_cycle!(UpdateReview {
    Pending => [Accepted, Returned],
    Accepted => [],
    Returned => [],
});

labelled_enum! {
    /// Delivery state of an outgoing message in the outbox (`outbox_messages.status`).
    ///
    /// Life cycle, as the mail worker drives it: a message is queued (or stored dead at once
    /// when it has no usable recipient); a worker claims it (sending, under a lease that another
    /// worker may take over once it expires); the attempt ends sent, failed (retried later) or
    /// dead (too many attempts or a permanent error). The resend button queues a sent, failed or
    /// dead message again.
    pub enum OutboxStatus ("อีเมล") {
        /// Waiting for its first attempt (or queued again by the resend button).
        Queued => "queued", "รอส่ง", "Queued";
        /// Claimed by a worker until `locked_until`.
        Sending => "sending", "กำลังส่ง", "Sending";
        /// Accepted by the mail server (or written to a file).
        Sent => "sent", "ส่งแล้ว", "Sent";
        /// An attempt failed; retried at `available_at`.
        Failed => "failed", "ส่งไม่สำเร็จ (จะลองใหม่)", "Failed, will retry";
        /// Given up after too many attempts or a permanent error; `last_error` says why.
        Dead => "dead", "ส่งไม่สำเร็จ (หยุดส่ง)", "Failed, stopped";
    }
}

life_cycle!(OutboxStatus {
    Queued => [Sending],
    Sending => [Sent, Failed, Dead],
    Sent => [Queued],
    Failed => [Sending, Queued],
    Dead => [Queued],
});

impl OutboxStatus {
    /// Statuses a worker may claim once due (`available_at` passed): queued and failed.
    pub const CLAIMABLE: &'static [Self] = &[Self::Queued, Self::Failed];
    /// Statuses the resend button may queue again: every finished attempt.
    pub const RESENDABLE: &'static [Self] = &[Self::Sent, Self::Failed, Self::Dead];
}

labelled_enum! {
    /// How a person attended a meeting.
    pub enum AttendanceStatus ("สถานะการเข้าประชุม") {
        /// Present in the room.
        Present => "present", "มาประชุม", "Present";
        /// Joined online.
        Online => "online", "ประชุมออนไลน์", "Online";
        /// Sent a representative.
        Represented => "represented", "ผู้แทน", "Represented";
        /// Attended as acting holder of the position.
        Acting => "acting", "รักษาการ", "Acting";
        /// Did not attend.
        Absent => "absent", "ไม่มาประชุม", "Absent";
        /// Invited guest, not a member.
        Guest => "guest", "ผู้เข้าร่วมประชุม", "Guest";
    }
}

labelled_enum! {
    /// Time horizon of a directive or action.
    pub enum Horizon ("ระยะเวลาดำเนินการ") {
        /// Urgent.
        Urgent => "urgent", "ระยะเร่งด่วน", "Urgent";
        /// Medium term.
        Medium => "medium", "ระยะกลาง", "Medium term";
        /// Long term.
        LongTerm => "long_term", "ระยะยาว", "Long term";
    }
}

labelled_enum! {
    /// What a user may do in the system.
    pub enum Role ("บทบาทผู้ใช้") {
        /// Full administration.
        Admin => "admin", "ผู้ดูแลระบบ", "Administrator";
        /// Inspector general.
        Inspector => "inspector", "ผู้ตรวจราชการ", "Inspector";
        /// Provincial office staff.
        ProvincialOffice => "provincial_office", "สำนักงานจังหวัด", "Provincial office";
        /// Head of a government agency.
        AgencyHead => "agency_head", "หัวหน้าส่วนราชการ", "Agency head";
        /// Read-only access.
        Viewer => "viewer", "ผู้อ่านอย่างเดียว", "Viewer";
    }
}

labelled_enum! {
    /// Kind of meeting.
    pub enum MeetingKind ("ประเภทการประชุม") {
        /// Integrated inspection meeting.
        IntegratedInspection => "integrated_inspection", "ประชุมบูรณาการตรวจราชการ", "Integrated inspection meeting";
        /// Working-group meeting.
        WorkingGroup => "working_group", "ประชุมคณะทำงาน", "Working group meeting";
        /// Follow-up meeting.
        FollowUp => "follow_up", "ประชุมติดตามผล", "Follow-up meeting";
        /// Visit by executives.
        ExecutiveVisit => "executive_visit", "การตรวจเยี่ยมของผู้บริหาร", "Executive visit";
        /// Quarterly workshop.
        QuarterlyWorkshop => "quarterly_workshop", "ประชุมเชิงปฏิบัติการรายไตรมาส", "Quarterly workshop";
    }
}

labelled_enum! {
    /// Level of government inspection.
    pub enum InspectionLevel ("ระดับการตรวจราชการ") {
        /// Office of the Prime Minister level.
        PrimeMinister => "prime_minister", "ระดับสำนักนายกรัฐมนตรี", "Prime Minister's Office level";
        /// Ministry level.
        Ministry => "ministry", "ระดับกระทรวง", "Ministry level";
        /// Department level.
        Department => "department", "ระดับกรม", "Department level";
    }
}

labelled_enum! {
    /// Who issued a directive.
    pub enum IssuerRole ("ผู้สั่งการ") {
        /// Minister.
        Minister => "minister", "รัฐมนตรี", "Minister";
        /// Permanent secretary.
        PermanentSecretary => "permanent_secretary", "ปลัดกระทรวง", "Permanent secretary";
        /// Director-general.
        DirectorGeneral => "director_general", "อธิบดี", "Director-general";
        /// Inspector general.
        Inspector => "inspector", "ผู้ตรวจราชการ", "Inspector";
        /// Provincial governor.
        Governor => "governor", "ผู้ว่าราชการจังหวัด", "Governor";
        /// The meeting as a body.
        Meeting => "meeting", "ที่ประชุม", "The meeting";
    }
}

labelled_enum! {
    /// How a progress update reached the system.
    pub enum UpdateChannel ("ช่องทางการรายงาน") {
        /// Logged-in web form.
        Web => "web", "ผ่านระบบ", "Web";
        /// One-time link sent by e-mail.
        EmailLink => "email_link", "ผ่านลิงก์อีเมล", "E-mail link";
        /// Entered by the provincial office on the agency's behalf.
        OnBehalf => "on_behalf", "บันทึกแทนโดยสำนักงานจังหวัด", "Entered on behalf";
        /// Machine API.
        Api => "api", "ผ่าน API", "API";
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    macro_rules! round_trip {
        ($($t:ty),+) => {$(
            for v in <$t>::ALL {
                assert_eq!(v.as_str().parse::<$t>(), Ok(*v));
                assert_eq!(v.to_string(), v.as_str());
                assert!(!v.label_th().is_empty() && !v.label_en().is_empty());
                assert!(v.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            }
            let mut names: Vec<&str> = <$t>::ALL.iter().map(|v| v.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), <$t>::ALL.len());
            let err = "nope".parse::<$t>().unwrap_err();
            assert_eq!(err.value, "nope");
            assert_eq!(err.kind, <$t>::KIND_TH);
        )+};
    }

    #[test]
    fn all_round_trip() {
        round_trip!(
            MeetingStatus,
            ActionStatus,
            DirectiveStatus,
            MinutesState,
            UpdateReview,
            OutboxStatus,
            AttendanceStatus,
            Horizon,
            Role,
            MeetingKind,
            InspectionLevel,
            IssuerRole,
            UpdateChannel,
            crate::domain::calendar::Digits,
            crate::domain::minutes::Certification,
            crate::domain::numbering::NumberingScope,
            crate::domain::agenda::AgendaSectionKind,
            crate::domain::agenda::AgendaItemKind
        );
        assert_eq!(MeetingStatus::ALL.len(), 8);
        assert_eq!(AttendanceStatus::Represented.label_th(), "ผู้แทน");
        assert_eq!(Horizon::LongTerm.as_str(), "long_term");
        assert_eq!(UpdateChannel::OnBehalf.label_th(), "บันทึกแทนโดยสำนักงานจังหวัด");
    }

    /// Checks that exactly the listed pairs are allowed, over the full cross product.
    fn check_table<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        allowed: &[(T, T)],
        can: impl Fn(T, T) -> bool,
    ) {
        for &a in all {
            for &b in all {
                assert_eq!(can(a, b), allowed.contains(&(a, b)), "{a:?} -> {b:?}");
            }
        }
    }

    #[test]
    fn meeting_transitions() {
        use MeetingStatus::*;
        let allowed = [
            (Planned, Invited),
            (Planned, Held),
            (Planned, Cancelled),
            (Invited, Held),
            (Invited, Cancelled),
            (Invited, Planned),
            (Held, MinutesDraft),
            (MinutesDraft, Circulated),
            (MinutesDraft, Certified),
            (Circulated, Certified),
            (Circulated, MinutesDraft),
            (Certified, Published),
            (Published, Certified),
        ];
        check_table(
            MeetingStatus::ALL,
            &allowed,
            MeetingStatus::can_transition_to,
        );
        assert_eq!(Planned.transition(Invited), Ok(Invited));
        let err = Cancelled.transition(Held).unwrap_err();
        assert_eq!(
            err,
            RuleViolation::IllegalTransition {
                kind: "การประชุม",
                from: "ยกเลิก",
                to: "ประชุมแล้ว"
            }
        );
        assert!(Held.transition(Published).is_err());
        assert!(Planned.transition(Planned).is_err());
    }

    #[test]
    fn action_transitions_and_overdue() {
        use ActionStatus::*;
        let allowed = [
            (Open, InProgress),
            (Open, Done),
            (Open, Cancelled),
            (InProgress, Done),
            (InProgress, Cancelled),
            (InProgress, Open),
            (Done, InProgress),
            (Cancelled, Open),
        ];
        check_table(ActionStatus::ALL, &allowed, ActionStatus::can_transition_to);
        assert!(Done.transition(Open).is_err());
        assert!(Cancelled.transition(Done).is_err());
        let today = NaiveDate::from_ymd_opt(2022, 4, 19).unwrap();
        let yesterday = today.pred_opt().unwrap();
        assert!(is_overdue(Open, Some(yesterday), today));
        assert!(InProgress.is_overdue(Some(yesterday), today));
        assert!(!is_overdue(Open, Some(today), today));
        assert!(!is_overdue(Open, None, today));
        assert!(!is_overdue(Done, Some(yesterday), today));
        assert!(!is_overdue(Cancelled, Some(yesterday), today));
    }

    #[test]
    fn other_transitions() {
        use DirectiveStatus as D;
        check_table(D::ALL, &[(D::Draft, D::Published)], D::can_transition_to);
        assert!(D::Published.transition(D::Draft).is_err());

        use MinutesState as M;
        let allowed = [
            (M::Draft, M::Circulated),
            (M::Draft, M::Certified),
            (M::Circulated, M::Certified),
            (M::Circulated, M::Draft),
        ];
        check_table(M::ALL, &allowed, M::can_transition_to);
        assert!(M::Certified.transition(M::Draft).is_err());

        use UpdateReview as U;
        let allowed = [(U::Pending, U::Accepted), (U::Pending, U::Returned)];
        check_table(U::ALL, &allowed, U::can_transition_to);
        assert!(U::Accepted.transition(U::Returned).is_err());

        use OutboxStatus as O;
        let allowed = [
            (O::Queued, O::Sending),
            (O::Sending, O::Sent),
            (O::Sending, O::Failed),
            (O::Sending, O::Dead),
            (O::Sent, O::Queued),
            (O::Failed, O::Sending),
            (O::Failed, O::Queued),
            (O::Dead, O::Queued),
        ];
        check_table(O::ALL, &allowed, O::can_transition_to);
        for s in O::RESENDABLE {
            assert!(s.can_transition_to(O::Queued));
        }
        for s in O::CLAIMABLE {
            assert!(s.can_transition_to(O::Sending));
        }
        assert!(O::Sent.transition(O::Dead).is_err());
    }
}
