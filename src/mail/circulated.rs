//! "Minutes circulated" (แจ้งเวียนรายงานการประชุม): the draft minutes as a PDF to each member
//! office of the meeting (its current head, the office contact in Cc) with the reply deadline,
//! queued in the transaction that circulates the minutes.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::MailError;
use super::outbox::{self, Attachment, NewMail};
use super::{assigned, kind, render};
use crate::db::entities::{attendances, meetings};
use crate::domain::calendar::{Digits, ThaiDate};

#[derive(Serialize)]
struct View {
    greeting: String,
    meeting_title: String,
    meeting_date_th: String,
    deadline_th: String,
}

/// Queues the circulation email to every member office on the attendance list; `pdf` is the
/// stored PDF's path relative to `storage.files_dir`. Returns how many were queued.
pub async fn enqueue_for_minutes(
    db: &impl ConnectionTrait,
    templates: &crate::templating::Templates,
    m: &meetings::Model,
    pdf: &str,
    deadline: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, MailError> {
    let offices: BTreeSet<i32> = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .filter(attendances::Column::IsMember.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.office_id)
        .collect();
    let today = now.with_timezone(&crate::state::bangkok()).date_naive();
    let who = assigned::recipients(db, &offices.into_iter().collect::<Vec<_>>(), today).await?;
    let mut n = 0;
    for (office_id, (_, to)) in who {
        let view = View {
            greeting: to.greeting.clone(),
            meeting_title: m.title.clone(),
            meeting_date_th: ThaiDate(m.meeting_date).long(Digits::Arabic),
            deadline_th: ThaiDate(deadline).long(Digits::Arabic),
        };
        let rendered = render::render(templates, kind::MINUTES_CIRCULATED, &view)?;
        let mut mail = NewMail::new(kind::MINUTES_CIRCULATED, &to.email, rendered, now);
        // Circulated again (after going back to draft) with a new deadline: a new message.
        mail.dedupe_key = Some(format!(
            "{}:m{}:o{office_id}:{deadline}",
            kind::MINUTES_CIRCULATED,
            m.id
        ));
        mail.to_name = to.name.clone();
        mail.cc = to.cc.clone();
        mail.meeting_id = Some(m.id);
        mail.office_id = Some(office_id);
        mail.attachments = vec![Attachment::stored(
            &format!("รายงานการประชุม-{}.pdf", m.id),
            "application/pdf",
            pdf,
        )];
        mail.data = serde_json::json!({ "deadline": deadline });
        outbox::enqueue(db, mail).await?;
        n += 1;
    }
    Ok(n)
}
