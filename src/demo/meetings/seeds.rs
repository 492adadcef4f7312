//! The three seed meetings, one function each, paraphrasing what the press releases record.
//!
//! Longer than 500 lines on purpose: data, not logic — three seed meetings written out as their
//! press releases record them.

use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::Set;

use super::super::builder::{Builder, date as d, time};
use super::{
    Att, DirectiveSpec, RoundSpec, act, attendance, customary_agenda, directive, exists, indicator,
    item, link_meeting, remote_site, round, series, session,
};
use crate::db::entities::{meeting_series, meetings};
use crate::domain::calendar::Digits;
use crate::domain::numbering::NumberingScope;
use crate::domain::status::{
    AttendanceStatus, Horizon, InspectionLevel, IssuerRole, MeetingKind, MeetingStatus,
};

const SISAKET: &str = "TH-33";
const ZONE12: [&str; 4] = ["TH-46", "TH-40", "TH-44", "TH-45"];

pub(super) const POVERTY_ISSUE: &str =
    "การตรวจติดตามการขับเคลื่อนการขจัดความยากจนและพัฒนาคนทุกช่วงวัยอย่างยั่งยืน ตามหลักปรัชญาของเศรษฐกิจพอเพียง";
const COVID_ISSUE: &str = "การตรวจติดตามการป้องกันการแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนาตามมาตรการปลอดภัยสำหรับองค์กร (COVID Free Setting)";

/// The governor of Sisaket and the deputy who chairs by his delegation (both seeds 000 and 001).
async fn sisaket_governor_and_deputy(b: &Builder<'_>) -> anyhow::Result<(i32, i32)> {
    let governor = b
        .person("นาย", "วัฒนา พุฒิชาติ", "ผู้ว่าราชการจังหวัดศรีสะเกษ")
        .await?;
    let deputy = b
        .person("นางสาว", "ชนมณัฐ รอดบุญธรรม", "รองผู้ว่าราชการจังหวัดศรีสะเกษ")
        .await?;
    Ok((governor, deputy))
}

/// Seed 000: Sisaket, integrated MOI + CDD inspection meeting, 19 April 2565, zone 14.
pub(super) async fn sisaket_integrated_inspection(b: &Builder<'_>) -> anyhow::Result<bool> {
    let title = "ประชุมบูรณาการตรวจราชการกระทรวงมหาดไทย ประจำเดือนเมษายน 2565";
    let on = d(2022, 4, 19)?;
    if exists(b, title, on).await? {
        return Ok(false);
    }
    let (governor, deputy) = sisaket_governor_and_deputy(b).await?;
    let moi_inspector = b
        .person("นาย", "พิจิตร บุญทัน", "ผู้ตรวจราชการกระทรวงมหาดไทย")
        .await?;
    let cdd_inspector = b
        .person("นาย", "สรสารส์ สีเพ็ง", "ผู้ตรวจราชการกรมการพัฒนาชุมชน")
        .await?;
    let inspectors = [
        (moi_inspector, "ผู้ตรวจราชการกระทรวงมหาดไทย"),
        (cdd_inspector, "ผู้ตรวจราชการกรมการพัฒนาชุมชน"),
    ];
    let (round_id, issues) = round(
        b,
        RoundSpec {
            fiscal_year: 2565,
            level: InspectionLevel::Ministry,
            organisation: "กระทรวงมหาดไทย",
            label: "ประจำเดือนเมษายน 2565",
            notes: Some("ข่าวประชาสัมพันธ์ระบุ \"ประจำเดือนเมษายน 2564\" ซึ่งไม่ตรงกับวันที่ประชุม 19 เมษายน 2565 จึงบันทึกเป็นปี 2565 และคงข้อสังเกตไว้"),
            zones: &[14],
            inspectors: &inspectors,
            issues: &[(POVERTY_ISSUE, true), (COVID_ISSUE, true)],
        },
    )
    .await?;
    let meeting = meetings::ActiveModel {
        round_id: Set(Some(round_id)),
        kind: Set(MeetingKind::IntegratedInspection),
        title: Set(title.to_owned()),
        host_province_id: Set(Some(b.province(SISAKET)?)),
        zone_id: Set(Some(b.zone(14)?)),
        meeting_date: Set(on),
        start_time: Set(Some(time(9, 0)?)),
        venue_room: Set(Some("ห้องประชุมสระกำแพงใหญ่".to_owned())),
        venue_floor: Set(Some("4".to_owned())),
        venue_building: Set(Some("ศาลากลางจังหวัดศรีสะเกษ".to_owned())),
        chair_person_id: Set(Some(deputy)),
        chair_title: Set(Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ".to_owned())),
        delegated_by_person_id: Set(Some(governor)),
        delegated_by_title: Set(Some("ผู้ว่าราชการจังหวัดศรีสะเกษ".to_owned())),
        status: Set(MeetingStatus::Held),
        summary: Set(Some("จังหวัดศรีสะเกษรับการตรวจราชการแบบบูรณาการ นำเสนอและรายงานผลการดำเนินงานประเด็นตรวจราชการที่เน้นหนักสำคัญ 2 ประเด็น แลกเปลี่ยนและรับข้อเสนอแนะที่เป็นประโยชน์ต่อการดำเนินงานในพื้นที่".to_owned())),
        digit_style: Set(Digits::Arabic),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    let m = meeting.id;
    link_meeting(b, m, &[SISAKET], &issues, &inspectors).await?;
    let sections = customary_agenda(b, m).await?;
    let cdd = b.office(SISAKET, "cdd_provincial").await?;
    let ppho = b.office(SISAKET, "ppho").await?;
    let office = b.office(SISAKET, "provincial_office").await?;
    let section4 = sections[3];
    let item_poverty = item(
        b,
        m,
        section4,
        1,
        POVERTY_ISSUE,
        Some(cdd),
        Some("จังหวัดรายงานผลการขับเคลื่อนการขจัดความยากจนฯ ผ่านทีมพี่เลี้ยงและทีมปฏิบัติการตำบล"),
    )
    .await?;
    let item_covid = item(
        b,
        m,
        section4,
        2,
        COVID_ISSUE,
        Some(ppho),
        Some("จังหวัดรายงานผลการเฝ้าระวังและการฉีดวัคซีนตามมาตรการ COVID Free Setting"),
    )
    .await?;
    let item_rest = item(
        b,
        m,
        section4,
        3,
        "ประเด็นตรวจราชการที่เหลือ",
        Some(office),
        None,
    )
    .await?;
    let issue = |i: usize| issues.get(i).copied();
    directive(b, m, 14, DirectiveSpec {
        number: 1,
        issuer_role: IssuerRole::Meeting,
        issuer_person_id: None,
        issuer_name: None,
        agenda_item_id: Some(item_poverty),
        issue_id: issue(0),
        text: "ทีมพี่เลี้ยงและทีมปฏิบัติการตำบลต้องเข้าใจแนวทางการขับเคลื่อนการขจัดความยากจนฯ และปฏิบัติให้ชัดเจน แยกแยะครัวเรือนตกเกณฑ์ในแต่ละมิติ (ครัวเรือนหนึ่งประสบปัญหากี่มิติ) และมีข้อมูลเมนูช่วยเหลือ เยียวยา สงเคราะห์ของหน่วยงานหลักที่รับผิดชอบแต่ละมิติ เพื่อบูรณาการการแก้ไขได้ถูกต้อง ชัดเจน ตรงเป้าหมาย และรวดเร็ว",
        actions: vec![act(cdd, SISAKET, "แยกแยะครัวเรือนตกเกณฑ์รายมิติและจัดทำเมนูช่วยเหลือของหน่วยงานหลักแต่ละมิติ", None)],
    }).await?;
    directive(b, m, 14, DirectiveSpec {
        number: 2,
        issuer_role: IssuerRole::Meeting,
        issuer_person_id: None,
        issuer_name: None,
        agenda_item_id: Some(item_covid),
        issue_id: issue(1),
        text: "เฝ้าระวังและดูแลผู้ติดเชื้อไวรัสโคโรนา (Covid-19) ให้ครอบคลุมทั่วถึงทุกกลุ่มเป้าหมาย เพื่อป้องกันกระแสเชิงลบต่อภาครัฐ และรณรงค์การฉีดวัคซีนให้เป็นไปตามเป้าหมาย โดยเฉพาะกลุ่มผู้สูงอายุ นักเรียน นักศึกษา",
        actions: vec![act(ppho, SISAKET, "รณรงค์การฉีดวัคซีนกลุ่มผู้สูงอายุ นักเรียน นักศึกษา ให้เป็นไปตามเป้าหมาย และรายงานผล", None)],
    }).await?;
    directive(b, m, 14, DirectiveSpec {
        number: 3,
        issuer_role: IssuerRole::Inspector,
        issuer_person_id: Some(moi_inspector),
        issuer_name: Some("ผู้ตรวจราชการกระทรวงมหาดไทย"),
        agenda_item_id: Some(item_rest),
        issue_id: None,
        text: "ประเด็นที่เหลือให้จัดส่งเป็นเอกสารรายงาน เพื่อใช้เป็นข้อมูลจัดทำรายงานในภาพรวมของเขตตรวจราชการที่ 14",
        actions: vec![act(office, SISAKET, "จัดส่งเอกสารรายงานประเด็นตรวจราชการที่เหลือให้ผู้ตรวจราชการกระทรวงมหาดไทย", None)],
    }).await?;
    let o = |code: &'static str| async move { b.office(SISAKET, code).await };
    let rows = [
        Att {
            office_id: Some(o("province_governor").await?),
            name: Some("นางสาวชนมณัฐ รอดบุญธรรม"),
            title: "ผู้ว่าราชการจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: Some(office),
            name: None,
            title: "รักษาการหัวหน้าสำนักงานจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Acting,
            represented_by: None,
            is_member: true,
        },
        Att {
            office_id: Some(cdd),
            name: None,
            title: "พัฒนาการจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Present,
            represented_by: None,
            is_member: true,
        },
        Att {
            office_id: Some(o("ddpm_provincial").await?),
            name: None,
            title: "หัวหน้าสำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Present,
            represented_by: None,
            is_member: true,
        },
        Att {
            office_id: Some(o("msdhs_provincial").await?),
            name: None,
            title: "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดศรีสะเกษ",
            status: AttendanceStatus::Present,
            represented_by: None,
            is_member: true,
        },
        Att {
            office_id: Some(ppho),
            name: None,
            title: "นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("รองนายแพทย์สาธารณสุขจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: Some(o("district_office").await?),
            name: None,
            title: "นายอำเภอเมืองศรีสะเกษ",
            status: AttendanceStatus::Present,
            represented_by: None,
            is_member: true,
        },
        Att {
            office_id: Some(o("dopa_provincial").await?),
            name: None,
            title: "ปลัดจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("ผู้แทนปลัดจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: Some(o("dla_provincial").await?),
            name: None,
            title: "ท้องถิ่นจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("ผู้แทนท้องถิ่นจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: Some(o("moe_provincial").await?),
            name: None,
            title: "ศึกษาธิการจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("ผู้แทนศึกษาธิการจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: Some(o("learning_promotion_provincial").await?),
            name: None,
            title: "ผู้อำนวยการสำนักงานส่งเสริมการศึกษานอกระบบและการศึกษาตามอัธยาศัยจังหวัดศรีสะเกษ",
            status: AttendanceStatus::Represented,
            represented_by: Some("ผู้แทนสำนักงานส่งเสริมการศึกษานอกระบบและการศึกษาตามอัธยาศัยจังหวัดศรีสะเกษ"),
            is_member: true,
        },
        Att {
            office_id: None,
            name: None,
            title: "เจ้าหน้าที่ที่รับผิดชอบแต่ละประเด็น",
            status: AttendanceStatus::Guest,
            represented_by: None,
            is_member: false,
        },
    ];
    attendance(b, m, &rows).await?;
    Ok(true)
}

/// Seed 001: Sisaket poverty working-group secretaries, 27 January 2565, meets every 3rd Thursday.
pub(super) async fn sisaket_poverty_secretaries(b: &Builder<'_>) -> anyhow::Result<bool> {
    let body =
        "คณะทำงานขจัดความยากจนและพัฒนาคนทุกช่วงวัยอย่างยั่งยืนตามหลักปรัชญาของเศรษฐกิจพอเพียง จังหวัดศรีสะเกษ";
    let title = format!("ประชุมเลขานุการใน{body}");
    let on = d(2022, 1, 27)?;
    if exists(b, &title, on).await? {
        return Ok(false);
    }
    let (governor, deputy) = sisaket_governor_and_deputy(b).await?;
    let sisaket = b.province(SISAKET)?;
    let series_id = series(
        b,
        meeting_series::ActiveModel {
            name: Set(format!("ประชุมเลขานุการใน{body}")),
            body_name: Set(Some(body.to_owned())),
            kind: Set(MeetingKind::WorkingGroup),
            province_id: Set(Some(sisaket)),
            zone_id: Set(Some(b.zone(14)?)),
            numbering_scope: Set(NumberingScope::CalendarYear),
            recurrence_rule: Set(Some("monthly:3:thu".to_owned())),
            default_start: Set(Some(time(13, 30)?)),
            active: Set(true),
            created_at: Set(b.now),
            ..Default::default()
        },
        &title,
    )
    .await?;
    // The working group tracks the poverty issue with the province's TPMAP targets.
    let (_, issues) = round(
        b,
        RoundSpec {
            fiscal_year: 2565,
            level: InspectionLevel::Ministry,
            organisation: "จังหวัดศรีสะเกษ (ศจพ.จ.)",
            label: "การขจัดความยากจนฯ ปีงบประมาณ 2565",
            notes: Some("ครัวเรือนเป้าหมายจาก TPMAP; รายงานผลรายไตรมาสตามแบบฟอร์มของทีมเลขานุการ"),
            zones: &[14],
            inspectors: &[],
            issues: &[(super::seeds::POVERTY_ISSUE, true)],
        },
    )
    .await?;
    let poverty = *issues
        .first()
        .ok_or_else(|| anyhow::anyhow!("poverty issue"))?;
    indicator(
        b,
        poverty,
        1,
        "ครัวเรือนเป้าหมาย TPMAP จังหวัดศรีสะเกษ",
        "ครัวเรือน",
        Some(2242.0),
    )
    .await?;
    indicator(
        b,
        poverty,
        2,
        "ครัวเรือนเป้าหมายที่ได้รับการบรรเทาความเดือดร้อนอย่างน้อย 1 มิติ",
        "ร้อยละ",
        Some(100.0),
    )
    .await?;
    let dimensions = [
        "มิติสุขภาพ",
        "มิติรายได้",
        "มิติการศึกษา",
        "มิติความเป็นอยู่",
        "มิติการเข้าถึงบริการภาครัฐ",
        "มิติอื่นๆ",
    ];
    for (i, dim) in dimensions.iter().enumerate() {
        indicator(
            b,
            poverty,
            i32::try_from(i + 3)?,
            &format!("ครัวเรือนตกเกณฑ์ {dim}"),
            "ครัวเรือน",
            None,
        )
        .await?;
    }
    let meeting = meetings::ActiveModel {
        series_id: Set(Some(series_id)),
        kind: Set(MeetingKind::WorkingGroup),
        title: Set(title.clone()),
        number: Set(Some(1)),
        number_year: Set(Some(2565)),
        host_province_id: Set(Some(sisaket)),
        zone_id: Set(Some(b.zone(14)?)),
        meeting_date: Set(on),
        start_time: Set(Some(time(13, 30)?)),
        venue_room: Set(Some("ห้องประชุมศรีลำดวน".to_owned())),
        venue_floor: Set(Some("1".to_owned())),
        venue_building: Set(Some("ศูนย์ดำรงธรรมจังหวัดศรีสะเกษ ศาลากลางจังหวัดศรีสะเกษ".to_owned())),
        chair_person_id: Set(Some(deputy)),
        chair_title: Set(Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ".to_owned())),
        delegated_by_person_id: Set(Some(governor)),
        delegated_by_title: Set(Some("ผู้ว่าราชการจังหวัดศรีสะเกษ".to_owned())),
        status: Set(MeetingStatus::Held),
        summary: Set(Some("ส่งมอบครัวเรือนเป้าหมาย TPMAP จำนวน 2,242 ครัวเรือน จำแนกตามสภาพปัญหา 6 มิติ ให้เลขานุการคณะทำงานผู้รับผิดชอบแต่ละมิติ และหารือแนวทางการดำเนินการร่วมกัน".to_owned())),
        digit_style: Set(Digits::Arabic),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    let m = meeting.id;
    link_meeting(b, m, &[SISAKET], &[poverty], &[]).await?;
    let sections = customary_agenda(b, m).await?;
    let office = b.office(SISAKET, "provincial_office").await?;
    let dopa = b.office(SISAKET, "dopa_provincial").await?;
    let cdd = b.office(SISAKET, "cdd_provincial").await?;
    let handover = item(b, m, sections[3], 1, "การส่งมอบครัวเรือนเป้าหมาย TPMAP จำนวน 2,242 ครัวเรือน จำแนกตามสภาพปัญหา 6 มิติ", Some(office), Some("ส่งมอบให้เลขานุการคณะทำงานฯ ผู้รับผิดชอบแต่ละมิติ: มิติสุขภาพ มิติรายได้ มิติการศึกษา มิติความเป็นอยู่ มิติการเข้าถึงบริการภาครัฐ และมิติอื่นๆ")).await?;
    let schedule = item(b, m, sections[4], 1, "กำหนดวันประชุมเลขานุการในคณะทำงานฯ", Some(office), Some("ประชุมทุกวันพฤหัสบดีที่ 3 ของเดือน เพื่อรายงานความก้าวหน้าและสรุปรายงานเสนอ ศจพ.จ. หรือที่ประชุมกรมการจังหวัด")).await?;
    let meeting_directive = |number, agenda_item_id, text, actions| DirectiveSpec {
        number,
        issuer_role: IssuerRole::Meeting,
        issuer_person_id: None,
        issuer_name: None,
        agenda_item_id: Some(agenda_item_id),
        issue_id: Some(poverty),
        text,
        actions,
    };
    directive(b, m, 14, meeting_directive(1, handover, "ให้อำเภอจัดทำคำสั่งแต่งตั้งทีมพี่เลี้ยงภายใน 4 กุมภาพันธ์ 2565 และจัดทำแผนครัวเรือนให้แล้วเสร็จภายใน 16 กุมภาพันธ์ 2565", vec![
        act(dopa, SISAKET, "ให้อำเภอจัดทำคำสั่งแต่งตั้งทีมพี่เลี้ยงครบทุกอำเภอ", Some(d(2022, 2, 4)?)),
        act(cdd, SISAKET, "จัดทำแผนครัวเรือนเป้าหมายให้แล้วเสร็จ", Some(d(2022, 2, 16)?)),
    ])).await?;
    directive(b, m, 14, meeting_directive(2, handover, "ครัวเรือนตกเกณฑ์แต่ละมิติ ให้ทีมพี่เลี้ยงลงสำรวจข้อมูล เก็บภาพประกอบ และนำเสนอสภาพปัญหาความเป็นอยู่ของแต่ละครัวเรือนประกอบการจัดทำแผนครัวเรือน", vec![])).await?;
    let mut relief = act(
        cdd,
        SISAKET,
        "ช่วยเหลือครัวเรือนเป้าหมายให้ได้รับการบรรเทาความเดือดร้อนอย่างน้อย 1 มิติ และบันทึกแผน/โครงการในระบบ eMENSCR/TPMAP Logbook",
        None,
    );
    relief.horizon = Some(Horizon::Medium);
    relief.metric = Some(("ครัวเรือนที่ได้รับการช่วยเหลืออย่างน้อย 1 มิติ", "ครัวเรือน", 2242.0));
    directive(b, m, 14, meeting_directive(3, handover, "แนวทางแก้ไขปัญหาของครัวเรือนให้สอดคล้องกับวาระจังหวัด (10 Agenda Sisaket) เพื่อชี้เป้า เข้าถึง และช่วยเหลือครัวเรือนเป้าหมายทั้งหมด 2,242 ครัวเรือน คิดเป็นร้อยละ 100 ให้ได้รับการบรรเทาความเดือดร้อนอย่างน้อย 1 มิติ โดยแบ่งระดับ ระยะเร่งด่วน (สงเคราะห์) ระยะกลาง (อาชีพ รายได้ การศึกษา) ระยะยาว (ที่ดิน ที่อยู่อาศัย การเข้าถึง) ร่วมกับหลัก 4 ท", vec![relief])).await?;
    directive(b, m, 14, meeting_directive(4, schedule, "การรายงานผลของหน่วยงานที่รับผิดชอบแต่ละมิติให้ดำเนินการรายไตรมาส โดยทีมเลขานุการออกแบบแบบฟอร์มรายงานและจัดส่งให้ผู้รับผิดชอบแต่ละมิติ", vec![
        act(office, SISAKET, "ออกแบบแบบฟอร์มรายงานผลรายไตรมาสและจัดส่งให้ผู้รับผิดชอบแต่ละมิติ", None),
    ])).await?;
    let mut rows = vec![Att {
        office_id: Some(b.office(SISAKET, "province_governor").await?),
        name: Some("นางสาวชนมณัฐ รอดบุญธรรม"),
        title: "ผู้ว่าราชการจังหวัดศรีสะเกษ",
        status: AttendanceStatus::Represented,
        represented_by: Some("รองผู้ว่าราชการจังหวัดศรีสะเกษ"),
        is_member: true,
    }];
    let secretaries: Vec<String> = dimensions
        .iter()
        .map(|dim| format!("เลขานุการคณะทำงาน{dim}"))
        .collect();
    for s in &secretaries {
        rows.push(Att {
            office_id: None,
            name: None,
            title: s,
            status: AttendanceStatus::Present,
            represented_by: None,
            is_member: true,
        });
    }
    rows.push(Att {
        office_id: None,
        name: None,
        title: "ผู้มีส่วนเกี่ยวข้อง",
        status: AttendanceStatus::Guest,
        represented_by: None,
        is_member: false,
    });
    attendance(b, m, &rows).await?;
    // The next occurrence of the series (every 3rd Thursday): planned, numbered 2/2565.
    meetings::ActiveModel {
        series_id: Set(Some(series_id)),
        kind: Set(MeetingKind::WorkingGroup),
        title: Set(title),
        number: Set(Some(2)),
        number_year: Set(Some(2565)),
        host_province_id: Set(Some(sisaket)),
        zone_id: Set(Some(b.zone(14)?)),
        meeting_date: Set(d(2022, 2, 17)?),
        start_time: Set(Some(time(13, 30)?)),
        venue_room: Set(Some("ห้องประชุมศรีลำดวน".to_owned())),
        venue_floor: Set(Some("1".to_owned())),
        venue_building: Set(Some(
            "ศูนย์ดำรงธรรมจังหวัดศรีสะเกษ ศาลากลางจังหวัดศรีสะเกษ".to_owned(),
        )),
        status: Set(MeetingStatus::Planned),
        digit_style: Set(Digits::Arabic),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    Ok(true)
}

/// Seed 004: CDD quarterly inspection workshop 4/2564, zone 12, online, two sessions.
pub(super) async fn zone12_quarterly_workshop(b: &Builder<'_>) -> anyhow::Result<bool> {
    let title =
        "ประชุมเชิงปฏิบัติการตรวจติดตามผลการดำเนินงานของหน่วยรับตรวจรายไตรมาส ครั้งที่ 4/2564 เขตตรวจราชการที่ 12";
    // The release gives no date; 4/2564 and the 30 September deadline place it in Jul–Sep 2021.
    let on = d(2021, 8, 26)?;
    if exists(b, title, on).await? {
        return Ok(false);
    }
    let inspector = b
        .person("นางสาว", "ชนมณัฐ รอดบุญธรรม", "ผู้ตรวจราชการกรมการพัฒนาชุมชน")
        .await?;
    // The internal-audit speaker, kept as a person for later meetings.
    b.person(
        "นางสาว",
        "อัจฉรา เขียวภักดี",
        "นักวิชาการตรวจสอบภายในชำนาญการ กลุ่มงานตรวจสอบภายใน กรมการพัฒนาชุมชน",
    )
    .await?;
    let inspectors = [(inspector, "ผู้ตรวจราชการกรม")];
    let (round_id, issues) = round(
        b,
        RoundSpec {
            fiscal_year: 2564,
            level: InspectionLevel::Department,
            organisation: "กรมการพัฒนาชุมชน",
            label: "ครั้งที่ 4/2564",
            notes: Some("การตรวจติดตามผลการดำเนินงานของหน่วยรับตรวจรายไตรมาส"),
            zones: &[12],
            inspectors: &inspectors,
            issues: &[("ผลการดำเนินงานตามแผนงาน/โครงการของกรมการพัฒนาชุมชน", true)],
        },
    )
    .await?;
    let series_name =
        "ประชุมเชิงปฏิบัติการตรวจติดตามผลการดำเนินงานของหน่วยรับตรวจรายไตรมาส เขตตรวจราชการที่ 12";
    let series_id = series(
        b,
        meeting_series::ActiveModel {
            name: Set(series_name.to_owned()),
            kind: Set(MeetingKind::QuarterlyWorkshop),
            zone_id: Set(Some(b.zone(12)?)),
            round_id: Set(Some(round_id)),
            numbering_scope: Set(NumberingScope::FiscalYear),
            active: Set(true),
            created_at: Set(b.now),
            ..Default::default()
        },
        series_name,
    )
    .await?;
    let meeting = meetings::ActiveModel {
        series_id: Set(Some(series_id)),
        round_id: Set(Some(round_id)),
        kind: Set(MeetingKind::QuarterlyWorkshop),
        title: Set(title.to_owned()),
        number: Set(Some(4)),
        number_year: Set(Some(2564)),
        zone_id: Set(Some(b.zone(12)?)),
        meeting_date: Set(on),
        start_time: Set(Some(time(9, 0)?)),
        end_time: Set(Some(time(16, 0)?)),
        online_platform: Set(Some("ZOOM Cloud Meeting".to_owned())),
        chair_person_id: Set(Some(inspector)),
        chair_title: Set(Some("ผู้ตรวจราชการกรม".to_owned())),
        participant_count: Set(Some(101)),
        status: Set(MeetingStatus::Held),
        summary: Set(Some("วันที่ประชุมไม่ปรากฏในข่าวประชาสัมพันธ์ บันทึกเป็นวันที่โดยประมาณในไตรมาสที่ 4 ของปีงบประมาณ 2564 ผู้เข้าร่วม 101 คน ได้แก่ พัฒนาการจังหวัด ผู้อำนวยการกลุ่มงาน พัฒนาการอำเภอ และนักวิชาการรับผิดชอบงานตรวจราชการ".to_owned())),
        digit_style: Set(Digits::Arabic),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    let m = meeting.id;
    link_meeting(b, m, &ZONE12, &issues, &inspectors).await?;
    session(b, m, 1, "รับฟังบรรยาย", ((9, 0), (12, 0))).await?;
    session(b, m, 2, "แลกเปลี่ยนเรียนรู้ผลการดำเนินงาน", ((13, 30), (16, 0))).await?;
    let mut cdd = Vec::new();
    for code in ZONE12 {
        let office = b.office(code, "cdd_provincial").await?;
        let name = format!("สำนักงานพัฒนาชุมชนจังหวัด{}", b.province_name(code)?);
        remote_site(b, m, &name, Some(code), Some(office)).await?;
        cdd.push((code, office));
    }
    remote_site(
        b,
        m,
        "กลุ่มจังหวัดภาคเหนือตอนล่าง 2 (กำแพงเพชร นครสวรรค์ พิจิตร อุทัยธานี) ร่วมรับฟัง",
        None,
        None,
    )
    .await?;
    let sections = customary_agenda(b, m).await?;
    item(
        b,
        m,
        sections[0],
        1,
        "วัตถุประสงค์ของโครงการ ข้อตรวจพบ และข้อเสนอแนะในการตรวจติดตามผลการดำเนินงานในพื้นที่",
        None,
        Some("ผู้ตรวจราชการกรมชี้แจงวัตถุประสงค์ พร้อมสรุปข้อตรวจพบและข้อเสนอแนะ"),
    )
    .await?;
    item(b, m, sections[3], 1, "ข้อพึงระวังในการปฏิบัติงาน และการเตรียมความพร้อมรับการตรวจสอบจากหน่วยงานที่เกี่ยวข้อง", None, Some("บรรยายโดย นางสาวอัจฉรา เขียวภักดี นักวิชาการตรวจสอบภายในชำนาญการ ประเด็นที่ต้องเฝ้าระวัง 3 ประเด็น: 1) การฝึกอบรม 2) การเดินทางไปราชการ 3) กระบวนการจัดซื้อจัดจ้าง จังหวัดร้อยเอ็ดสอบถามเรื่องการเบิกค่าใช้จ่ายการประชุม/ฝึกอบรมออนไลน์และการกำหนดราคากลาง (ก่อสร้าง)")).await?;
    let reports = [
        (
            "TH-45",
            "Best Practice: โครงการเสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง ปี 2564; ยังไม่บรรลุเป้าหมาย: การบริหารจัดการหนี้กองทุนพัฒนาบทบาทสตรี",
        ),
        (
            "TH-44",
            "Best Practice: หลักธรรมาภิบาลและการจัดการเรื่องร้องเรียนร้องทุกข์ ตอบข้อร้องเรียนต่อผู้บริหารไม่เกิน 24 ชั่วโมง; ยังไม่บรรลุเป้าหมาย: โครงการ/กิจกรรมที่ได้รับผลกระทบจาก Covid-19 เช่น โครงการส่งเสริมการท่องเที่ยวของ D Hope",
        ),
        (
            "TH-46",
            "Best Practice: \"ฮักนะ ขิง ข่า ตะไคร้ กระชาย ทะลายโจร ต้านภัยโควิด-19\"; ยังไม่บรรลุเป้าหมาย: การแก้ไขปัญหาความยากจน (กข.คจ.)",
        ),
        (
            "TH-40",
            "Best Practice: การสร้างความมั่นคงทางอาหารตามแผนปฏิบัติการ 90 วัน รอบ 2 และโครงการสร้างคุณค่าอาหารปลอดภัยผักไมซ์ (PHAK MICE) ขอนแก่น; ยังไม่บรรลุเป้าหมาย: โครงการพัฒนาพื้นที่ต้นแบบการพัฒนาคุณภาพชีวิตตามหลักทฤษฎีใหม่ประยุกต์สู่ \"โคก หนอง นา โมเดล\"",
        ),
    ];
    for (i, (code, notes)) in reports.iter().enumerate() {
        let office = cdd.iter().find(|(c, _)| c == code).map(|(_, o)| *o);
        let title = format!(
            "ผลการดำเนินงานของจังหวัด{}: Best Practice และงานที่ยังไม่บรรลุเป้าหมาย",
            b.province_name(code)?
        );
        item(
            b,
            m,
            sections[3],
            i32::try_from(i + 2)?,
            &title,
            office,
            Some(notes),
        )
        .await?;
    }
    let inspector_directive = |number, text, actions| DirectiveSpec {
        number,
        issuer_role: IssuerRole::Inspector,
        issuer_person_id: Some(inspector),
        issuer_name: Some("ผู้ตรวจราชการกรม"),
        agenda_item_id: None,
        issue_id: issues.first().copied(),
        text,
        actions,
    };
    let report_actions = cdd.iter().map(|(code, office)| act(*office, code, "เร่งรัดกิจกรรม/โครงการให้เป็นไปตามแผน และรายงานผลต่อผู้บริหารระดับจังหวัดและกรมการพัฒนาชุมชนเป็นประจำ", None)).collect();
    directive(b, m, 12, inspector_directive(1, "เร่งรัดการดำเนินงานกิจกรรม/โครงการต่าง ๆ ให้เป็นไปตามวัตถุประสงค์และแผนการดำเนินงานภายใต้กรอบระยะเวลาที่กำหนด พร้อมทั้งรายงานผลให้ผู้บริหารระดับจังหวัด/กรมการพัฒนาชุมชนรับทราบเป็นประจำ", report_actions)).await?;
    let fy_end = d(2021, 9, 30)?;
    let contract_actions = cdd
        .iter()
        .map(|(code, office)| {
            let mut a = act(
                *office,
                code,
                "กำกับ ติดตาม การก่อหนี้ผูกพันสัญญาให้แล้วเสร็จ",
                Some(fy_end),
            );
            a.horizon = Some(Horizon::Urgent);
            a
        })
        .collect();
    directive(
        b,
        m,
        12,
        inspector_directive(
            2,
            "กำกับ ติดตาม เรื่องการผูกพันสัญญาให้แล้วเสร็จภายใน 30 กันยายน 2564",
            contract_actions,
        ),
    )
    .await?;
    let mut rows: Vec<Att<'_>> = Vec::new();
    let titles: Vec<String> = ZONE12
        .iter()
        .map(|c| b.province_name(c).map(|p| format!("พัฒนาการจังหวัด{p}")))
        .collect::<anyhow::Result<_>>()?;
    for ((_, office), t) in cdd.iter().zip(&titles) {
        rows.push(Att {
            office_id: Some(*office),
            name: None,
            title: t,
            status: AttendanceStatus::Online,
            represented_by: None,
            is_member: true,
        });
    }
    rows.push(Att {
        office_id: None,
        name: Some("นางสาวอัจฉรา เขียวภักดี"),
        title: "นักวิชาการตรวจสอบภายในชำนาญการ กลุ่มงานตรวจสอบภายใน กรมการพัฒนาชุมชน",
        status: AttendanceStatus::Guest,
        represented_by: None,
        is_member: false,
    });
    rows.push(Att {
        office_id: None,
        name: None,
        title: "ผู้อำนวยการกลุ่มงาน พัฒนาการอำเภอ และนักวิชาการรับผิดชอบงานตรวจราชการ",
        status: AttendanceStatus::Online,
        represented_by: None,
        is_member: true,
    });
    rows.push(Att {
        office_id: None,
        name: None,
        title: "สำนักงานพัฒนาชุมชนจังหวัด กลุ่มจังหวัดภาคเหนือตอนล่าง 2 (ร่วมรับฟัง)",
        status: AttendanceStatus::Guest,
        represented_by: None,
        is_member: false,
    });
    attendance(b, m, &rows).await?;
    Ok(true)
}
