//! Meetings: head, agenda, protocol paragraphs, signatures, justering (lock with a content
//! hash; the database refuses later changes) and the notice board.

use crate::{Change, Error, Result, Store, Writer, json, parse};
use domain::meetings::{AgendaItem, BodyMember, Meeting, Member, Paragraph};
use domain::period::Date;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// A meeting with its state.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The head.
    pub meeting: Meeting,
    /// Content hash once justerat.
    pub locked_hash: Option<String>,
}

/// Replaces a municipality's register of elected members.
pub async fn replace_members(w: &mut Writer<'_>, municipality: &str, members: &[BodyMember]) -> Result<()> {
    let before = sqlx::query("DELETE FROM body_member WHERE municipality = $1").bind(municipality).execute(w.conn()).await?.rows_affected();
    for m in members {
        sqlx::query(
            "INSERT INTO body_member (municipality, body, name, party, role, term_from, term_to) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(municipality)
        .bind(&m.body)
        .bind(&m.name)
        .bind(&m.party)
        .bind(&m.role)
        .bind(m.from.to_string())
        .bind(m.to.to_string())
        .execute(w.conn())
        .await?;
    }
    let a = serde_json::json!({ "seats": members.len(), "replaced": before });
    w.audit(Change::new(Some(municipality), "meeting.members", "body_member", municipality, None, Some(&a))).await
}

/// [`domain::meetings::unregistered`] against the municipality's register as stored.
pub async fn unregistered_member(store: &Store, municipality: &str, name: &str) -> Result<Option<String>> {
    Ok(domain::meetings::unregistered(&members(store, municipality).await?, name))
}

/// A municipality's register of elected members.
pub async fn members(store: &Store, municipality: &str) -> Result<Vec<BodyMember>> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT body, name, party, role, term_from, term_to FROM body_member WHERE municipality = $1 ORDER BY body, term_from, name",
    )
    .bind(municipality)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(body, name, party, role, from, to)| {
            let date = |s: &str| Date::parse(s).map_err(|e| Error::Corrupt(format!("body_member {name}: {e}")));
            Ok(BodyMember { from: date(&from)?, to: date(&to)?, body, name, party, role })
        })
        .collect()
}

/// Records who attends a meeting (its member list; refused once justerat).
pub async fn set_attendance(w: &mut Writer<'_>, municipality: &str, id: &str, members: Vec<Member>) -> Result<()> {
    let Some(Stored { meeting: mut m, locked_hash }) = meeting_in(w.conn(), municipality, id).await? else {
        return Err(Error::NotFound(format!("sammanträde {id}")));
    };
    if locked_hash.is_some() {
        return Err(Error::Conflict("Protokollet är justerat; närvaron kan inte ändras.".into()));
    }
    let before = serde_json::to_value(&m.members).ok();
    m.members = members;
    sqlx::query("UPDATE meeting SET meeting_json = $3 WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(id)
        .bind(json(&m)?)
        .execute(w.conn())
        .await
        .map_err(locked)?;
    let after = serde_json::to_value(&m.members).ok();
    w.audit(Change::new(
        Some(municipality),
        "meeting.attendance",
        "meeting",
        &format!("{municipality}/{id}"),
        before.as_ref(),
        after.as_ref(),
    ))
    .await
}

/// Creates or replaces a meeting's head and agenda (refused once justerat).
pub async fn save_meeting(w: &mut Writer<'_>, municipality: &str, m: &Meeting, agenda: &[AgendaItem]) -> Result<()> {
    let before: Option<(String,)> = sqlx::query_as("SELECT meeting_json FROM meeting WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(&m.id)
        .fetch_optional(w.conn())
        .await?;
    let sql = match before {
        Some(_) => "UPDATE meeting SET body = $3, date = $4, meeting_json = $5 WHERE municipality = $1 AND id = $2",
        None => "INSERT INTO meeting (municipality, id, body, date, meeting_json) VALUES ($1, $2, $3, $4, $5)",
    };
    sqlx::query(sql).bind(municipality).bind(&m.id).bind(&m.body).bind(m.date.to_string()).bind(json(m)?).execute(w.conn()).await?;
    write_agenda(w, municipality, &m.id, agenda).await?;
    let b = before.and_then(|(j,)| serde_json::from_str::<serde_json::Value>(&j).ok());
    let a = serde_json::json!({ "meeting": m, "agenda": agenda.len() });
    w.audit(Change::new(Some(municipality), "meeting.save", "meeting", &format!("{municipality}/{}", m.id), b.as_ref(), Some(&a))).await
}

/// Writes a reading of a meeting's sekretessprotokoll to the audit log (`protocol.secrecy_read`,
/// with the format), in the caller's transaction.
pub async fn log_secrecy_read(w: &mut Writer<'_>, municipality: &str, meeting: &str, format: &str) -> Result<()> {
    let note = serde_json::json!({ "format": format });
    w.audit(Change::new(Some(municipality), "protocol.secrecy_read", "meeting", &format!("{municipality}/{meeting}"), None, Some(&note)))
        .await
}

/// The meetings of a municipality, in date order.
pub async fn meetings(store: &Store, municipality: &str) -> Result<Vec<Stored>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT meeting_json, locked_hash FROM meeting WHERE municipality = $1 ORDER BY date, id")
            .bind(municipality)
            .fetch_all(store.pool())
            .await?;
    rows.into_iter().map(|(j, h)| Ok(Stored { meeting: parse(&j)?, locked_hash: h })).collect()
}

/// One meeting.
pub async fn meeting(store: &Store, municipality: &str, id: &str) -> Result<Option<Stored>> {
    meeting_in(&mut *store.pool().acquire().await?, municipality, id).await
}

/// [`meeting`] on a connection (a writer's, to read and change in one transaction).
async fn meeting_in(conn: &mut AnyConnection, municipality: &str, id: &str) -> Result<Option<Stored>> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT meeting_json, locked_hash FROM meeting WHERE municipality = $1 AND id = $2")
            .bind(municipality)
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(|(j, h)| Ok(Stored { meeting: parse(&j)?, locked_hash: h })).transpose()
}

/// A meeting's agenda in order. An item is secret when it is marked so or when a protocol
/// paragraph made from it is: the paragraph's text is drawn from the item's case paper, so
/// marking only the paragraph must not leave the paper public.
pub async fn agenda(store: &Store, municipality: &str, id: &str) -> Result<Vec<AgendaItem>> {
    let mut conn = store.pool().acquire().await?;
    let mut items = stored_agenda(&mut conn, municipality, id).await?;
    let secret: Vec<u32> = paragraphs_in(&mut conn, municipality, id).await?.into_iter().filter(|p| p.secret).map(|p| p.item).collect();
    for a in &mut items {
        a.secret |= secret.contains(&a.number);
    }
    Ok(items)
}

/// A meeting's protocol paragraphs in § order.
pub async fn paragraphs(store: &Store, municipality: &str, id: &str) -> Result<Vec<Paragraph>> {
    paragraphs_in(&mut *store.pool().acquire().await?, municipality, id).await
}

/// [`paragraphs`] on a connection.
async fn paragraphs_in(conn: &mut AnyConnection, municipality: &str, id: &str) -> Result<Vec<Paragraph>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT paragraph_json FROM protocol_paragraph WHERE municipality = $1 AND meeting = $2 ORDER BY number")
            .bind(municipality)
            .bind(id)
            .fetch_all(conn)
            .await?;
    rows.iter().map(|(j,)| parse(j)).collect()
}

/// The highest § a body used in a calendar year before `date` (the next meeting continues
/// from it).
pub async fn last_paragraph_before(store: &Store, municipality: &str, body: &str, date: Date) -> Result<Option<u32>> {
    last_paragraph_before_on(&mut *store.pool().acquire().await?, municipality, body, date).await
}

async fn last_paragraph_before_on(conn: &mut AnyConnection, municipality: &str, body: &str, date: Date) -> Result<Option<u32>> {
    let row: (Option<i64>,) = sqlx::query_as(
        "SELECT CAST(MAX(p.number) AS BIGINT) FROM protocol_paragraph p JOIN meeting m ON m.municipality = p.municipality AND m.id = p.meeting
         WHERE p.municipality = $1 AND m.body = $2 AND m.date >= $3 AND m.date < $4",
    )
    .bind(municipality)
    .bind(body)
    .bind(format!("{}-01-01", date.year()))
    .bind(date.to_string())
    .fetch_one(conn)
    .await?;
    Ok(row.0.map(|n| n as u32))
}

/// Writes one paragraph (new or changed). The database refuses it once the protocol is justerat.
pub async fn save_paragraph(w: &mut Writer<'_>, municipality: &str, meeting: &str, p: &Paragraph) -> Result<()> {
    let before: Option<(String,)> =
        sqlx::query_as("SELECT paragraph_json FROM protocol_paragraph WHERE municipality = $1 AND meeting = $2 AND number = $3")
            .bind(municipality)
            .bind(meeting)
            .bind(p.number as i64)
            .fetch_optional(w.conn())
            .await?;
    if before.is_some() {
        sqlx::query("UPDATE protocol_paragraph SET paragraph_json = $4 WHERE municipality = $1 AND meeting = $2 AND number = $3")
    } else {
        sqlx::query("INSERT INTO protocol_paragraph (municipality, meeting, number, paragraph_json) VALUES ($1, $2, $3, $4)")
    }
    .bind(municipality)
    .bind(meeting)
    .bind(p.number as i64)
    .bind(json(p)?)
    .execute(w.conn())
    .await
    .map_err(locked)?;
    let b = before.and_then(|(j,)| serde_json::from_str::<serde_json::Value>(&j).ok());
    let a = serde_json::to_value(p).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(
        Some(municipality),
        "protocol.paragraph",
        "protocol_paragraph",
        &format!("{municipality}/{meeting}/{}", p.number),
        b.as_ref(),
        Some(&a),
    ))
    .await
}

// ------------------------------------------------------------------------ the agenda, edited
//
// Each change reads what it checks in the writer's transaction (the write lock is taken when
// the writer begins), so a signature, another change of the agenda or a later meeting's draft
// cannot come between the check and the write.

/// How many have signed the meeting's protocol.
async fn signature_count(conn: &mut AnyConnection, municipality: &str, meeting: &str) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM protocol_signature WHERE municipality = $1 AND meeting = $2")
        .bind(municipality)
        .bind(meeting)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// The meeting, if its agenda may still change: not justerat and nobody has signed.
async fn open_meeting(w: &mut Writer<'_>, municipality: &str, id: &str) -> Result<Option<Meeting>> {
    let Some(s) = meeting_in(w.conn(), municipality, id).await? else { return Ok(None) };
    let signed = signature_count(w.conn(), municipality, id).await?;
    if s.locked_hash.is_some() {
        return Err(Error::Conflict("Protokollet är justerat: sammanträdet kan inte ändras.".into()));
    }
    if signed > 0 {
        return Err(Error::Conflict(
            "Protokollet är under justering: någon har skrivit under det som står nu. Återkalla justeringen (underskrifterna tas bort) för att ändra, och be dem skriva under igen.".into(),
        ));
    }
    Ok(Some(s.meeting))
}

/// Notes on a meeting whose kallelse has gone out that its agenda has changed since: the
/// secretary is asked to send it again (as an ändrad kallelse).
async fn note_changed(w: &mut Writer<'_>, municipality: &str, m: &Meeting) -> Result<()> {
    if !m.notice_sent || m.notice_changed {
        return Ok(());
    }
    let changed = Meeting { notice_changed: true, ..m.clone() };
    sqlx::query("UPDATE meeting SET meeting_json = $3 WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(&m.id)
        .bind(json(&changed)?)
        .execute(w.conn())
        .await?;
    Ok(())
}

/// Changes a paragraph of a drafted protocol while nobody has signed it (a signature is given
/// to the protocol as it stands). `false` when there is no such meeting.
pub async fn edit_paragraph(w: &mut Writer<'_>, municipality: &str, id: &str, p: &Paragraph) -> Result<bool> {
    if open_meeting(w, municipality, id).await?.is_none() {
        return Ok(false);
    }
    save_paragraph(w, municipality, id, p).await?;
    Ok(true)
}

/// Records attendance while nobody has signed the protocol (the protocol lists those present).
/// `false` when there is no such meeting.
pub async fn edit_attendance(w: &mut Writer<'_>, municipality: &str, id: &str, members: Vec<Member>) -> Result<bool> {
    if open_meeting(w, municipality, id).await?.is_none() {
        return Ok(false);
    }
    set_attendance(w, municipality, id, members).await?;
    Ok(true)
}

/// Takes a protocol back from justering: the signatures given so far are removed (the audit log
/// keeps them), so that it can be changed and signed again. Refused once justerat. `false` when
/// there is no such meeting.
pub async fn withdraw_signatures(w: &mut Writer<'_>, municipality: &str, id: &str) -> Result<bool> {
    let Some(s) = meeting_in(w.conn(), municipality, id).await? else { return Ok(false) };
    if s.locked_hash.is_some() {
        return Err(Error::Conflict(
            "Protokollet är justerat och kan inte återkallas; en rättelse görs som en ny paragraf vid ett senare sammanträde.".into(),
        ));
    }
    let before: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT role, signer, signed_at FROM protocol_signature WHERE municipality = $1 AND meeting = $2 ORDER BY signed_at",
    )
    .bind(municipality)
    .bind(id)
    .fetch_all(w.conn())
    .await?;
    if before.is_empty() {
        return Err(Error::Conflict("Ingen har skrivit under protokollet: det finns ingen justering att återkalla.".into()));
    }
    sqlx::query("DELETE FROM protocol_signature WHERE municipality = $1 AND meeting = $2")
        .bind(municipality)
        .bind(id)
        .execute(w.conn())
        .await?;
    let b = serde_json::json!(before.iter().map(|(r, n, at)| serde_json::json!({ "role": r, "signer": n, "at": at })).collect::<Vec<_>>());
    w.audit(Change::new(
        Some(municipality),
        "protocol.signatures_withdrawn",
        "protocol_signature",
        &format!("{municipality}/{id}"),
        Some(&b),
        None,
    ))
    .await?;
    Ok(true)
}

/// The agenda as stored (without the secrecy [`agenda`] adds from the paragraphs).
async fn stored_agenda(conn: &mut AnyConnection, municipality: &str, id: &str) -> Result<Vec<AgendaItem>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT item_json FROM agenda_item WHERE municipality = $1 AND meeting = $2 ORDER BY number")
        .bind(municipality)
        .bind(id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|(j,)| parse(j)).collect()
}

/// Writes a meeting's agenda anew (the caller audits).
async fn write_agenda(w: &mut Writer<'_>, municipality: &str, id: &str, agenda: &[AgendaItem]) -> Result<()> {
    sqlx::query("DELETE FROM agenda_item WHERE municipality = $1 AND meeting = $2").bind(municipality).bind(id).execute(w.conn()).await?;
    for a in agenda {
        sqlx::query("INSERT INTO agenda_item (municipality, meeting, number, item_json) VALUES ($1, $2, $3, $4)")
            .bind(municipality)
            .bind(id)
            .bind(a.number as i64)
            .bind(json(a)?)
            .execute(w.conn())
            .await?;
    }
    Ok(())
}

/// Refuses § numbers `from..=to` for `m` where a later meeting of its body the same year uses
/// one (the series runs through the year in meeting order); `gap` when the change would take
/// numbers away rather than use them (the refusal says so and what to do instead).
async fn refuse_taken(w: &mut Writer<'_>, municipality: &str, m: &Meeting, from: u32, to: u32, gap: bool) -> Result<()> {
    let taken: Option<(String, i64)> = sqlx::query_as(
        "SELECT g.date, p.number FROM protocol_paragraph p JOIN meeting g ON g.municipality = p.municipality AND g.id = p.meeting
         WHERE p.municipality = $1 AND g.body = $2 AND g.id <> $3 AND g.date > $4 AND g.date <= $5 AND p.number BETWEEN $6 AND $7
         ORDER BY g.date, p.number LIMIT 1",
    )
    .bind(municipality)
    .bind(&m.body)
    .bind(&m.id)
    .bind(m.date.to_string())
    .bind(format!("{}-12-31", m.date.year()))
    .bind(from as i64)
    .bind(to.min(i64::MAX as u32) as i64)
    .fetch_optional(w.conn())
    .await?;
    match taken {
        Some((date, n)) if gap => Err(Error::Conflict(format!(
            "Sammanträdet {date} fortsätter årets paragrafserie (från § {n}): tas en paragraf bort här blir det ett glapp i numreringen. Låt ärendet stå kvar och skriv i dess paragraf att det utgick."
        ))),
        Some((date, n)) => Err(Error::Conflict(format!(
            "§ {n} används redan av sammanträdet {date}: paragraferna numreras i sammanträdenas ordning under året."
        ))),
        None => Ok(()),
    }
}

/// Calls a new meeting with its agenda; `false` (nothing written) when the id is taken — read in
/// this transaction, so two calls of the same meeting cannot both write.
pub async fn create_meeting(w: &mut Writer<'_>, municipality: &str, m: &Meeting, agenda: &[AgendaItem]) -> Result<bool> {
    if meeting_in(w.conn(), municipality, &m.id).await?.is_some() {
        return Ok(false);
    }
    save_meeting(w, municipality, m, agenda).await?;
    Ok(true)
}

/// Puts `item` last on a meeting's agenda (its number is set here) and, where the protocol is
/// drafted, its paragraph after the meeting's last; returns that paragraph's number. `None`
/// when there is no such meeting.
pub async fn add_item(w: &mut Writer<'_>, municipality: &str, id: &str, mut item: AgendaItem) -> Result<Option<Option<u32>>> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(None) };
    let mut agenda = stored_agenda(w.conn(), municipality, id).await?;
    item.number = agenda.iter().map(|a| a.number).max().unwrap_or(0) + 1;
    let drafted = paragraphs_in(w.conn(), municipality, id).await?.iter().map(|p| p.number).max();
    let paragraph = match drafted {
        None => None,
        Some(last) => {
            // A later meeting's unsigned draft moves on one §; a signed one refuses it.
            make_room_after(w, municipality, &m, last + 2).await?;
            Some(domain::meetings::draft_protocol(std::slice::from_ref(&item), last + 1).remove(0))
        }
    };
    agenda.push(item.clone());
    write_agenda(w, municipality, id, &agenda).await?;
    note_changed(w, municipality, &m).await?;
    let after = serde_json::to_value(&item).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(
        Some(municipality),
        "meeting.item_added",
        "agenda_item",
        &format!("{municipality}/{id}/{}", item.number),
        None,
        Some(&after),
    ))
    .await?;
    if let Some(p) = &paragraph {
        save_paragraph(w, municipality, id, p).await?;
    }
    Ok(Some(paragraph.map(|p| p.number)))
}

/// Drafts a meeting's protocol from its agenda: a paragraph per item, numbered on from the
/// body's last § of the year. Later meetings of the year whose drafts hold those numbers move
/// on (the § series follows the meetings' order, whichever protocol was drafted first); refused
/// when it has a protocol, or a later one that would move is signed. Returns the first §;
/// `None` when there is no such meeting.
pub async fn draft(w: &mut Writer<'_>, municipality: &str, id: &str) -> Result<Option<u32>> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(None) };
    if !paragraphs_in(w.conn(), municipality, id).await?.is_empty() {
        return Err(Error::Conflict("Sammanträdet har redan ett protokoll.".into()));
    }
    let first = last_paragraph_before_on(w.conn(), municipality, &m.body, m.date).await?.map_or(1, |n| n + 1);
    let agenda = stored_agenda(w.conn(), municipality, id).await?;
    make_room_after(w, municipality, &m, first + agenda.len() as u32).await?;
    for p in domain::meetings::draft_protocol(&agenda, first) {
        save_paragraph(w, municipality, id, &p).await?;
    }
    Ok(Some(first))
}

/// Moves the paragraphs of the body's later meetings of the year on, in the meetings' order,
/// so that the first starts at `next` or later and each continues the one before; a meeting
/// that would move but is signed (or justerat) refuses it all.
async fn make_room_after(w: &mut Writer<'_>, municipality: &str, m: &Meeting, mut next: u32) -> Result<()> {
    let later: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT g.id, g.date, g.locked_hash FROM meeting g WHERE g.municipality = $1 AND g.body = $2 AND g.id <> $3 AND g.date > $4 AND g.date <= $5
         AND EXISTS (SELECT 1 FROM protocol_paragraph p WHERE p.municipality = g.municipality AND p.meeting = g.id)
         ORDER BY g.date, g.id",
    )
    .bind(municipality)
    .bind(&m.body)
    .bind(&m.id)
    .bind(m.date.to_string())
    .bind(format!("{}-12-31", m.date.year()))
    .fetch_all(w.conn())
    .await?;
    for (id, date, locked_hash) in later {
        let paragraphs = paragraphs_in(w.conn(), municipality, &id).await?;
        let Some(low) = paragraphs.iter().map(|p| p.number).min() else { continue };
        if low >= next {
            break;
        }
        let (signed,): (i64,) =
            sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM protocol_signature WHERE municipality = $1 AND meeting = $2")
                .bind(municipality)
                .bind(&id)
                .fetch_one(w.conn())
                .await?;
        if locked_hash.is_some() || signed > 0 {
            return Err(Error::Conflict(format!(
                "§ {low} används redan av sammanträdet {date}, vars protokoll är {}: paragraferna numreras i sammanträdenas ordning under året och dess paragrafer kan inte flyttas.",
                if locked_hash.is_some() { "justerat" } else { "under justering" }
            )));
        }
        let by = next - low;
        sqlx::query("DELETE FROM protocol_paragraph WHERE municipality = $1 AND meeting = $2")
            .bind(municipality)
            .bind(&id)
            .execute(w.conn())
            .await
            .map_err(locked)?;
        for p in &paragraphs {
            let q = Paragraph { number: p.number + by, ..p.clone() };
            sqlx::query("INSERT INTO protocol_paragraph (municipality, meeting, number, paragraph_json) VALUES ($1, $2, $3, $4)")
                .bind(municipality)
                .bind(&id)
                .bind(q.number as i64)
                .bind(json(&q)?)
                .execute(w.conn())
                .await
                .map_err(locked)?;
        }
        let high = paragraphs.iter().map(|p| p.number).max().unwrap_or(low);
        let (before, after) = (serde_json::json!({ "from": low, "to": high }), serde_json::json!({ "from": low + by, "to": high + by }));
        w.audit(Change::new(
            Some(municipality),
            "protocol.renumbered",
            "meeting",
            &format!("{municipality}/{id}"),
            Some(&before),
            Some(&after),
        ))
        .await?;
        next = high + by + 1;
    }
    Ok(())
}

/// Changes a meeting's head (time, place, chair, secretary, justerare) while nobody has signed;
/// the agenda stays as it is. `false` when there is no such meeting.
pub async fn set_head(w: &mut Writer<'_>, municipality: &str, id: &str, change: impl FnOnce(&mut Meeting)) -> Result<bool> {
    let Some(before) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    let mut m = before.clone();
    change(&mut m);
    sqlx::query("UPDATE meeting SET meeting_json = $3 WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(id)
        .bind(json(&m)?)
        .execute(w.conn())
        .await?;
    w.audit(Change::new(Some(municipality), "meeting.save", "meeting", &format!("{municipality}/{id}"), Some(&before), Some(&m))).await?;
    Ok(true)
}

/// Takes item `number` off a meeting's agenda, with its paragraph where the protocol is drafted;
/// the items after it move up one and the paragraphs from the removed one on are numbered
/// anew without a gap. Refused once someone has signed, and where a later meeting continues the
/// § series (the series would have a gap). `false` when there is no such item.
pub async fn remove_item(w: &mut Writer<'_>, municipality: &str, id: &str, number: u32) -> Result<bool> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    let mut agenda = stored_agenda(w.conn(), municipality, id).await?;
    let Some(pos) = agenda.iter().position(|a| a.number == number) else { return Ok(false) };
    let removed = agenda.remove(pos);
    for a in agenda.iter_mut().filter(|a| a.number > number) {
        a.number -= 1;
    }
    let paragraphs = paragraphs_in(w.conn(), municipality, id).await?;
    let gone = paragraphs.iter().find(|p| p.item == number).map(|p| p.number);
    // An item without a paragraph takes no number away.
    if let (Some(last), Some(_)) = (paragraphs.iter().map(|p| p.number).max(), gone) {
        refuse_taken(w, municipality, &m, last + 1, u32::MAX, true).await?;
    }
    // From the removed paragraph on, every paragraph is written again under the next number
    // in order (the number is part of the key); before it, only the item numbers move.
    let mut next = gone;
    for p in &paragraphs {
        let moves = gone.is_some_and(|g| p.number >= g);
        if moves {
            sqlx::query("DELETE FROM protocol_paragraph WHERE municipality = $1 AND meeting = $2 AND number = $3")
                .bind(municipality)
                .bind(id)
                .bind(p.number as i64)
                .execute(w.conn())
                .await
                .map_err(locked)?;
        }
        if p.item == number {
            continue;
        }
        let mut q = p.clone();
        if q.item > number {
            q.item -= 1;
        }
        let sql = if let (true, Some(n)) = (moves, next) {
            q.number = n;
            next = Some(n + 1);
            "INSERT INTO protocol_paragraph (municipality, meeting, number, paragraph_json) VALUES ($1, $2, $3, $4)"
        } else if q.item != p.item {
            "UPDATE protocol_paragraph SET paragraph_json = $4 WHERE municipality = $1 AND meeting = $2 AND number = $3"
        } else {
            continue;
        };
        sqlx::query(sql).bind(municipality).bind(id).bind(q.number as i64).bind(json(&q)?).execute(w.conn()).await.map_err(locked)?;
    }
    write_agenda(w, municipality, id, &agenda).await?;
    note_changed(w, municipality, &m).await?;
    let before = serde_json::json!({ "item": removed, "paragraph": gone });
    w.audit(Change::new(
        Some(municipality),
        "meeting.item_removed",
        "agenda_item",
        &format!("{municipality}/{id}/{number}"),
        Some(&before),
        None,
    ))
    .await?;
    Ok(true)
}

/// Writes agenda item `number` anew with `item`'s title, case number, kind, proposal, summary
/// and secrecy (its number, the case paper's heading number and further sections stay). Where
/// the protocol is drafted, the item's paragraph takes the new title and case number, and the
/// new proposal as its decision while the decision is still the one drafted from the old; its
/// secrecy is the paragraph's own by then, so a change of secrecy is refused (it is made in the
/// paragraph, with its OSL reference). Refused once someone has signed. `false`
/// when there is no such item.
pub async fn edit_item(w: &mut Writer<'_>, municipality: &str, id: &str, number: u32, item: AgendaItem) -> Result<bool> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    let mut agenda = stored_agenda(w.conn(), municipality, id).await?;
    let Some(a) = agenda.iter_mut().find(|a| a.number == number) else { return Ok(false) };
    let before = a.clone();
    let paragraph = paragraphs_in(w.conn(), municipality, id).await?.into_iter().find(|p| p.item == number);
    if let Some(p) = paragraph.as_ref().filter(|_| item.secret != before.secret) {
        return Err(Error::Conflict(format!(
            "Punkt {number} har § {n} i protokollsutkastet: sekretessen ändras i paragrafen, med hänvisning till bestämmelsen i OSL (gå till § {n}).",
            n = p.number
        )));
    }
    *a = AgendaItem { number, heading_case: before.heading_case.clone(), sections: before.sections.clone(), ..item };
    let after = a.clone();
    // The decision as drafted from a proposal: while the paragraph still has the one drafted
    // from the old proposal, it follows the new one.
    let drafted = |a: &AgendaItem| domain::meetings::draft_protocol(std::slice::from_ref(a), 0).remove(0).decision;
    let follows = paragraph.as_ref().is_some_and(|p| before.proposal != after.proposal && p.decision == drafted(&before));
    if let Some(mut p) = paragraph.filter(|p| follows || (&p.title, &p.case) != (&after.title, &after.case)) {
        (p.title, p.case) = (after.title.clone(), after.case.clone());
        if follows {
            p.decision = drafted(&after);
        }
        sqlx::query("UPDATE protocol_paragraph SET paragraph_json = $4 WHERE municipality = $1 AND meeting = $2 AND number = $3")
            .bind(municipality)
            .bind(id)
            .bind(p.number as i64)
            .bind(json(&p)?)
            .execute(w.conn())
            .await
            .map_err(locked)?;
    }
    write_agenda(w, municipality, id, &agenda).await?;
    note_changed(w, municipality, &m).await?;
    w.audit(Change::new(
        Some(municipality),
        "meeting.item_edited",
        "agenda_item",
        &format!("{municipality}/{id}/{number}"),
        Some(&before),
        Some(&after),
    ))
    .await?;
    Ok(true)
}

/// Moves agenda item `number` one place up (it changes places with the item before it). Only
/// before the protocol is drafted: after that the order is the § numbers'. `false` when there is
/// no such item or it is first.
pub async fn move_item_up(w: &mut Writer<'_>, municipality: &str, id: &str, number: u32) -> Result<bool> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    if !paragraphs_in(w.conn(), municipality, id).await?.is_empty() {
        return Err(Error::Conflict(
            "Protokollsutkastet är skapat: dagordningens ordning är nu paragrafernas. Ta bort ärendet och lägg till det igen om det ska flyttas.".into(),
        ));
    }
    let mut agenda = stored_agenda(w.conn(), municipality, id).await?;
    let Some(pos) = agenda.iter().position(|a| a.number == number).filter(|p| *p > 0) else { return Ok(false) };
    agenda.swap(pos - 1, pos);
    (agenda[pos - 1].number, agenda[pos].number) = (agenda[pos].number, agenda[pos - 1].number);
    write_agenda(w, municipality, id, &agenda).await?;
    note_changed(w, municipality, &m).await?;
    let after = serde_json::json!({ "item": agenda[pos - 1].title, "from": number, "to": number - 1 });
    w.audit(Change::new(
        Some(municipality),
        "meeting.item_moved",
        "agenda_item",
        &format!("{municipality}/{id}/{number}"),
        None,
        Some(&after),
    ))
    .await?;
    Ok(true)
}

/// Moves a meeting nobody has signed to another date, before its protocol is drafted (the §
/// series follows the meetings' order): it becomes `new_id` (ids name the date) with its head,
/// attendance and agenda, and is not public until the kallelse is sent again. `false` when
/// there is no such meeting.
pub async fn move_to(w: &mut Writer<'_>, municipality: &str, id: &str, new_id: &str, date: Date) -> Result<bool> {
    let Some(before) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    if before.date == date {
        return Ok(true);
    }
    if !paragraphs_in(w.conn(), municipality, id).await?.is_empty() {
        return Err(Error::Conflict(
            "Protokollsutkastet är skapat och paragraferna numreras i sammanträdenas ordning: ett sammanträde med utkast flyttas inte. Ställ in det och kalla till ett nytt.".into(),
        ));
    }
    if meeting_in(w.conn(), municipality, new_id).await?.is_some() {
        return Err(Error::Conflict(format!("{} har redan ett sammanträde {date}.", before.body_name)));
    }
    let agenda = stored_agenda(w.conn(), municipality, id).await?;
    let moved = Meeting {
        id: new_id.to_string(),
        date,
        notice_sent: false,
        notice_sent_on: None,
        notice_changed: before.notice_sent,
        ..before.clone()
    };
    for sql in
        ["DELETE FROM agenda_item WHERE municipality = $1 AND meeting = $2", "DELETE FROM meeting WHERE municipality = $1 AND id = $2"]
    {
        sqlx::query(sql).bind(municipality).bind(id).execute(w.conn()).await.map_err(locked)?;
    }
    sqlx::query("INSERT INTO meeting (municipality, id, body, date, meeting_json) VALUES ($1, $2, $3, $4, $5)")
        .bind(municipality)
        .bind(new_id)
        .bind(&moved.body)
        .bind(date.to_string())
        .bind(json(&moved)?)
        .execute(w.conn())
        .await?;
    write_agenda(w, municipality, new_id, &agenda).await?;
    w.audit(Change::new(Some(municipality), "meeting.moved", "meeting", &format!("{municipality}/{id}"), Some(&before), Some(&moved)))
        .await?;
    Ok(true)
}

/// Cancels a meeting: it goes with its agenda and draft protocol. Refused once someone has
/// signed, and where a later meeting of the body continues the § series after this one's
/// paragraphs (the series would have a gap). `false` when there is no such meeting.
pub async fn cancel(w: &mut Writer<'_>, municipality: &str, id: &str) -> Result<bool> {
    let Some(m) = open_meeting(w, municipality, id).await? else { return Ok(false) };
    let paragraphs = paragraphs_in(w.conn(), municipality, id).await?;
    if let Some(first) = paragraphs.iter().map(|p| p.number).min() {
        refuse_taken(w, municipality, &m, first, u32::MAX, true).await?;
    }
    let agenda = stored_agenda(w.conn(), municipality, id).await?;
    for sql in [
        "DELETE FROM protocol_paragraph WHERE municipality = $1 AND meeting = $2",
        "DELETE FROM agenda_item WHERE municipality = $1 AND meeting = $2",
    ] {
        sqlx::query(sql).bind(municipality).bind(id).execute(w.conn()).await.map_err(locked)?;
    }
    sqlx::query("DELETE FROM meeting WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(id)
        .execute(w.conn())
        .await
        .map_err(locked)?;
    let before = serde_json::json!({ "meeting": m, "agenda": agenda, "paragraphs": paragraphs });
    w.audit(Change::new(Some(municipality), "meeting.cancelled", "meeting", &format!("{municipality}/{id}"), Some(&before), None)).await?;
    Ok(true)
}

/// A refusal by the lock triggers becomes a conflict with a Swedish reason.
fn locked(e: sqlx::Error) -> Error {
    if e.to_string().contains("justerat and locked") {
        Error::Conflict(
            "Protokollet är justerat och kan inte ändras; en rättelse görs som en ny paragraf vid ett senare sammanträde.".into(),
        )
    } else {
        Error::Db(e)
    }
}

/// Signatures so far: (role, signer, when).
pub async fn signatures(store: &Store, municipality: &str, meeting: &str) -> Result<Vec<(String, String, String)>> {
    Ok(sqlx::query_as("SELECT role, signer, signed_at FROM protocol_signature WHERE municipality = $1 AND meeting = $2 ORDER BY signed_at")
        .bind(municipality)
        .bind(meeting)
        .fetch_all(store.pool())
        .await?)
}

/// The content hash of a protocol: the head and every paragraph, as stored.
pub fn content_hash(m: &Meeting, paragraphs: &[Paragraph]) -> Result<String> {
    let mut h = Sha256::new();
    h.update(json(m)?.as_bytes());
    for p in paragraphs {
        h.update(json(p)?.as_bytes());
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Signs as `role`; when every signer of the meeting has signed, the protocol is justerat:
/// its content hash is recorded and from then on the database refuses changes. Returns the
/// hash when this signature completed the justering.
pub async fn sign(w: &mut Writer<'_>, municipality: &str, meeting: &str, role: &str, signer: &str, at: &str) -> Result<Option<String>> {
    let Some(Stored { meeting: m, locked_hash }) = meeting_in(w.conn(), municipality, meeting).await? else {
        return Err(Error::NotFound(format!("sammanträdet {meeting}")));
    };
    if locked_hash.is_some() {
        return Err(Error::Conflict("Protokollet är redan justerat.".into()));
    }
    if !m.signers().iter().any(|(r, n)| *r == role && n == signer) {
        return Err(Error::Conflict(format!("{signer} ska inte skriva under som {role}.")));
    }
    // The day in Sweden, as the justering's day is judged.
    let today = domain::period::stockholm_date(at).ok_or_else(|| Error::Conflict(format!("ogiltig tid {at}")))?;
    let paragraphs = paragraphs_in(w.conn(), municipality, meeting).await?;
    if let Some(why) = m.not_signable(today, &paragraphs) {
        return Err(Error::Conflict(why));
    }
    // The first signature fixes the content: a formality left empty gets, as stored text, what
    // the draft showed for it (who justerar, where the attendance is), so that what is signed
    // is what was read.
    if signature_count(w.conn(), municipality, meeting).await? == 0 {
        for mut p in paragraphs {
            if m.fill_formality(&mut p) {
                save_paragraph(w, municipality, meeting, &p).await?;
            }
        }
    }
    sqlx::query("DELETE FROM protocol_signature WHERE municipality = $1 AND meeting = $2 AND role = $3 AND signer = $4")
        .bind(municipality)
        .bind(meeting)
        .bind(role)
        .bind(signer)
        .execute(w.conn())
        .await?;
    sqlx::query("INSERT INTO protocol_signature (municipality, meeting, role, signer, signed_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(municipality)
        .bind(meeting)
        .bind(role)
        .bind(signer)
        .bind(at)
        .execute(w.conn())
        .await?;
    let signed: Vec<(String, String)> =
        sqlx::query_as("SELECT role, signer FROM protocol_signature WHERE municipality = $1 AND meeting = $2")
            .bind(municipality)
            .bind(meeting)
            .fetch_all(w.conn())
            .await?;
    let done = m.signers().iter().all(|(r, n)| signed.iter().any(|(sr, sn)| sr == r && sn == n));
    let mut result = None;
    if done {
        let paragraphs = paragraphs_in(w.conn(), municipality, meeting).await?;
        let h = content_hash(&m, &paragraphs)?;
        sqlx::query("UPDATE meeting SET locked_hash = $3 WHERE municipality = $1 AND id = $2")
            .bind(municipality)
            .bind(meeting)
            .bind(&h)
            .execute(w.conn())
            .await?;
        result = Some(h);
    }
    let a = serde_json::json!({ "role": role, "signer": signer, "at": at, "justerat": result });
    w.audit(Change::new(Some(municipality), "protocol.sign", "protocol_signature", &format!("{municipality}/{meeting}"), None, Some(&a)))
        .await?;
    Ok(result)
}

/// A notice-board entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The meeting.
    pub meeting: String,
    /// Justerad on.
    pub justerad: Date,
    /// Posted on.
    pub posted: Date,
    /// Last day of the appeal period.
    pub appeal_last_day: Date,
}

impl Posting {
    /// Whether the protocol is on the notice board on `today`: a posting set up for a later
    /// day is not public until then.
    pub fn is_up(&self, today: Date) -> bool {
        self.posted <= today
    }
}

/// Posts a justerat protocol on the notice board; the appeal period is computed. Refused for a
/// protocol already posted.
/// Posts a justerat protocol on the notice board on `posted` (`today` is the day it is done).
/// A posting not yet up (its day after `today`) may be corrected; one that is up may not, as
/// the appeal period runs from its day.
pub async fn post(w: &mut Writer<'_>, municipality: &str, meeting: &str, justerad: Date, posted: Date, today: Date) -> Result<Posting> {
    let locked: Option<(Option<String>,)> = sqlx::query_as("SELECT locked_hash FROM meeting WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(meeting)
        .fetch_optional(w.conn())
        .await?;
    if !matches!(locked, Some((Some(_),))) {
        return Err(Error::Conflict("Bara ett justerat protokoll kan anslås.".into()));
    }
    let Some(m) = meeting_in(w.conn(), municipality, meeting).await? else {
        return Err(Error::NotFound(format!("sammanträdet {meeting}")));
    };
    if justerad < m.meeting.date {
        return Err(Error::Conflict(format!("Justeringsdagen {justerad} är före sammanträdet {}.", m.meeting.date)));
    }
    // Justerat is the day of the last signature (in Swedish time), not before.
    let last: Option<(String,)> = sqlx::query_as("SELECT MAX(signed_at) FROM protocol_signature WHERE municipality = $1 AND meeting = $2")
        .bind(municipality)
        .bind(meeting)
        .fetch_optional(w.conn())
        .await?;
    let signed_on = last.and_then(|(at,)| domain::period::stockholm_date(&at));
    if let Some(day) = signed_on.filter(|d| justerad < *d) {
        return Err(Error::Conflict(format!(
            "Justeringsdagen {justerad} är före den sista underskriften ({day}): protokollet är justerat när alla skrivit under."
        )));
    }
    // Posted once: the appeal period runs from that day, and a second posting must not move it.
    // Until its day comes the posting is not up, and a mistyped day may still be corrected.
    let already: Option<(String, String, String)> =
        sqlx::query_as("SELECT justerad, posted, appeal_last_day FROM notice_board WHERE municipality = $1 AND meeting = $2")
            .bind(municipality)
            .bind(meeting)
            .fetch_optional(w.conn())
            .await?;
    let before = match already {
        Some((j, day, a)) => {
            let was = posting_of((meeting.to_string(), j, day, a))?;
            if was.is_up(today) {
                return Err(Error::Conflict(format!("Protokollet anslogs redan {}; överklagandetiden räknas från den dagen.", was.posted)));
            }
            Some(was)
        }
        None => None,
    };
    let p = Posting { meeting: meeting.to_string(), justerad, posted, appeal_last_day: domain::meetings::appeal_last_day(posted) };
    sqlx::query("DELETE FROM notice_board WHERE municipality = $1 AND meeting = $2")
        .bind(municipality)
        .bind(meeting)
        .execute(w.conn())
        .await?;
    sqlx::query("INSERT INTO notice_board (municipality, meeting, justerad, posted, appeal_last_day) VALUES ($1, $2, $3, $4, $5)")
        .bind(municipality)
        .bind(meeting)
        .bind(justerad.to_string())
        .bind(posted.to_string())
        .bind(p.appeal_last_day.to_string())
        .execute(w.conn())
        .await?;
    let json = |p: &Posting| serde_json::json!({ "justerad": p.justerad.to_string(), "posted": p.posted.to_string(), "appeal_last_day": p.appeal_last_day.to_string() });
    let (b, a) = (before.as_ref().map(json), json(&p));
    let action = if before.is_some() { "protocol.anslag_corrected" } else { "protocol.anslag" };
    w.audit(Change::new(Some(municipality), action, "notice_board", &format!("{municipality}/{meeting}"), b.as_ref(), Some(&a))).await?;
    Ok(p)
}

/// A meeting that is no longer held where it was: cancelled, or moved to another day (then
/// with its new id); from the log, as it was before.
pub async fn gone(store: &Store, municipality: &str, id: &str) -> Result<Option<(Meeting, Option<(String, Date)>)>> {
    let key = format!("{municipality}/{id}");
    let Some(e) = crate::audit::last_of(store, "meeting", &key, &["meeting.cancelled", "meeting.moved"]).await? else { return Ok(None) };
    let before: serde_json::Value =
        serde_json::from_str(e.before_json.as_deref().unwrap_or("null")).map_err(|x| Error::Corrupt(x.to_string()))?;
    // A cancellation logs the meeting with its agenda; a move the meeting itself.
    let m = before.get("meeting").cloned().unwrap_or(before);
    let m: Meeting = serde_json::from_value(m).map_err(|x| Error::Corrupt(format!("{key}: {x}")))?;
    let moved_to = (e.action == "meeting.moved")
        .then(|| e.after_json.as_deref().and_then(|a| serde_json::from_str::<Meeting>(a).ok()).map(|n| (n.id, n.date)))
        .flatten();
    Ok(Some((m, moved_to)))
}

/// The notice board, newest first.
pub async fn notice_board(store: &Store, municipality: &str) -> Result<Vec<Posting>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT meeting, justerad, posted, appeal_last_day FROM notice_board WHERE municipality = $1 ORDER BY posted DESC, meeting",
    )
    .bind(municipality)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(posting_of).collect()
}

/// A meeting's notice-board entry, if its protocol is posted.
pub async fn posting(store: &Store, municipality: &str, meeting: &str) -> Result<Option<Posting>> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT meeting, justerad, posted, appeal_last_day FROM notice_board WHERE municipality = $1 AND meeting = $2")
            .bind(municipality)
            .bind(meeting)
            .fetch_optional(store.pool())
            .await?;
    row.map(posting_of).transpose()
}

/// A notice-board row: (meeting, justerad, posted, appeal_last_day).
fn posting_of((meeting, j, p, a): (String, String, String, String)) -> Result<Posting> {
    let d = |s: &str| Date::parse(s).map_err(|e| Error::Corrupt(format!("notice_board {meeting}: {e}")));
    Ok(Posting { justerad: d(&j)?, posted: d(&p)?, appeal_last_day: d(&a)?, meeting })
}

/// A case's handling at a meeting: the agenda item that names it and, once the protocol is
/// drafted, its paragraph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handling {
    /// The meeting's id.
    pub meeting: String,
    /// The body's name ("Socialnämnden").
    pub body_name: String,
    /// The meeting's date.
    pub date: Date,
    /// The agenda item's number.
    pub item: u32,
    /// The agenda item's title.
    pub title: String,
    /// The paragraph's § number.
    pub paragraph: Option<u32>,
    /// The decision as the paragraph words it; empty for a secret paragraph or none yet.
    pub decision: Vec<String>,
    /// The paragraph (or the item) is secret: its content is in the secrecy protocol.
    pub secret: bool,
    /// The protocol is justerat.
    pub justerat: bool,
    /// The day the protocol was posted on the notice board.
    pub posted: Option<Date>,
}

/// Where a case (a case number in any of its spellings) has been on a meeting's agenda, oldest
/// first; a meeting not yet called (its kallelse unsent) is left out.
pub async fn handlings(store: &Store, municipality: &str, case: &str) -> Result<Vec<Handling>> {
    // Any spelling, in small letters too ("sn 2021:547" is SN/2021:00547).
    let norm = |s: &str| {
        let s = s.trim().to_uppercase();
        domain::cases::CaseNumber::parse(&s).map(|(n, _)| n.to_string()).unwrap_or(s)
    };
    let wanted = norm(case);
    let mut out = Vec::new();
    let mut all = meetings(store, municipality).await?;
    all.sort_by_key(|s| s.meeting.date);
    for s in all.iter().filter(|s| s.meeting.notice_sent) {
        let id = s.meeting.id.as_str();
        let items: Vec<AgendaItem> =
            agenda(store, municipality, id).await?.into_iter().filter(|i| i.case.as_deref().is_some_and(|c| norm(c) == wanted)).collect();
        if items.is_empty() {
            continue;
        }
        let paragraphs = paragraphs(store, municipality, id).await?;
        let posted = posting(store, municipality, id).await?.map(|p| p.posted);
        for item in items {
            let p = paragraphs.iter().find(|p| p.item == item.number);
            let secret = item.secret || p.is_some_and(|p| p.secret);
            out.push(Handling {
                meeting: id.to_string(),
                body_name: s.meeting.body_name.clone(),
                date: s.meeting.date,
                item: item.number,
                title: item.title.clone(),
                paragraph: p.map(|p| p.number),
                decision: if secret { vec![] } else { p.map(|p| p.decision.clone()).unwrap_or_default() },
                secret,
                justerat: s.locked_hash.is_some(),
                posted,
            });
        }
    }
    Ok(out)
}
