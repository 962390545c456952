//! Meeting documents from stored data: the kallelse (notice with agenda and each item's
//! proposal and case paper) and the protokoll (head, ärendelista, paragraphs with motions,
//! votes, reservations and decisions, signatures, anslagsbevis), public or complete. One
//! document model, so PDF/UA, DOCX and HTML come from `render::doc`.

use crate::outputs::OutputError;
use domain::meetings::{AgendaItem, Ballot, ItemKind, Meeting, Paragraph};
use domain::report::{Block, Cell, Document, Row, Table, Unit};
use store::Store;

/// Finds a meeting by id in any municipality (ids carry the municipality's code).
pub async fn find(store: &Store, id: &str) -> Result<(String, store::meetings::Stored), OutputError> {
    for m in store::org::municipalities(store).await? {
        let code = m.code.as_str().to_string();
        if let Some(s) = store::meetings::meeting(store, &code, id).await? {
            return Ok((code, s));
        }
    }
    Err(OutputError::NotFound(format!("Sammanträdet {id} finns inte (se `arshjul meeting list`).")))
}

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into(), key: None }
}

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading { level, text: text.into(), key: None }
}

/// A stored meeting, or "Sammanträdet … finns inte."
pub(crate) async fn stored(store: &Store, municipality: &str, id: &str) -> Result<store::meetings::Stored, OutputError> {
    store::meetings::meeting(store, municipality, id).await?.ok_or_else(|| OutputError::NotFound(format!("Sammanträdet {id} finns inte.")))
}

/// A meeting as `staff` (an account of the municipality) or the public may see it: a meeting
/// whose kallelse is not sent is not there for the public.
/// The public is told the same of a meeting not there and one not yet public (so that the
/// answer does not say which), and when a meeting becomes public.
pub(crate) async fn visible(store: &Store, municipality: &str, id: &str, staff: bool) -> Result<store::meetings::Stored, OutputError> {
    let not_public = || {
        OutputError::NotFound(format!(
            "Sammanträdet {id} finns inte bland de offentliga sammanträdena; ett sammanträde blir offentligt när kallelsen skickas."
        ))
    };
    match stored(store, municipality, id).await {
        Ok(s) if !staff && !s.meeting.notice_sent => Err(not_public()),
        Err(OutputError::NotFound(_)) if !staff => Err(not_public()),
        other => other,
    }
}

/// A document of a meeting (kallelse, protocol, extract, case paper): dated by the meeting.
/// Where a meeting is held: its place, and its link for those who take part at a distance.
pub fn place_of(m: &Meeting) -> String {
    if m.link.is_empty() { m.place.clone() } else { format!("{}/{}", m.place, m.link) }
}

/// The start of the title of a protocol (or an extract of one) not yet justerat.
pub const DRAFT_PREFIX: &str = "UTKAST – ";

/// The first words of a protocol not yet justerat.
const DRAFT_NOTE: &str = "UTKAST – protokollet är inte justerat. Det kan ändras tills det är justerat och är inte ett beslutsdokument.";

fn meeting_document(m: &Meeting, title: String, subtitle: String, blocks: Vec<Block>) -> Document {
    Document { title, subtitle, year: m.date.year(), date: Some(m.date), toc: false, blocks, printed: false, ..Document::default() }
}

/// The kallelse. `public` leaves out the content of closed (secret) items.
pub async fn kallelse(store: &Store, municipality: &str, id: &str, public: bool) -> Result<Document, OutputError> {
    let s = stored(store, municipality, id).await?;
    let m = &s.meeting;
    let mut agenda = store::meetings::agenda(store, municipality, id).await?;
    if public {
        agenda = agenda.iter().map(AgendaItem::public).collect();
    }
    let mut blocks = vec![Block::Fields {
        fields: vec![
            ("Tid".into(), format!("{}, kl. {}", m.date, m.time)),
            ("Plats".into(), place_of(m)),
            ("Ordförande".into(), m.chair.clone()),
            ("Sekreterare".into(), m.secretary.clone()),
        ],
    }];
    blocks.push(h(1, "Ärenden"));
    blocks.push(Block::Table(Table {
        id: "arenden".into(),
        caption: "Föredragningslista".into(),
        unit: Unit::Text,
        header: vec!["Ärende".into(), "Diarienummer".into()],
        rows: agenda
            .iter()
            .map(|a| {
                Row::new(vec![
                    Cell::text(format!("{}. {}{}", a.number, a.title, if a.secret { " (sekretess)" } else { "" })),
                    Cell::text(a.case.clone().unwrap_or_default()),
                ])
            })
            .collect(),
        note: None,
        rules: vec![],
    }));
    // Each case paper on a page of its own; an item with nothing to read beyond its line in the
    // list (an information item without a text) gets no page; a secret one's says why.
    let has_paper = |a: &&AgendaItem| a.secret || !(a.proposal.is_empty() && a.paper.is_empty() && a.sections.is_empty());
    for a in agenda.iter().filter(|a| a.kind != ItemKind::Formality).filter(has_paper) {
        blocks.push(Block::PageBreak);
        let dnr = a.case.as_ref().map(|c| format!(" ({c})")).unwrap_or_default();
        blocks.push(h(1, format!("{} {}{dnr}", a.number, a.title)));
        if a.secret && public {
            blocks.push(p("Ärendet omfattas av sekretess. Handlingarna lämnas till nämndens ledamöter."));
            continue;
        }
        if !a.proposal.is_empty() {
            blocks.push(h(2, "Förslag till beslut"));
            blocks.extend(domain::meetings::decision_clauses(&a.proposal).into_iter().map(p));
        }
        if !a.paper.is_empty() {
            blocks.push(h(2, "Sammanfattning"));
            blocks.push(p(&a.paper));
        }
        for (heading, text) in &a.sections {
            blocks.push(h(2, heading));
            let lines: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            blocks.push(if lines.len() > 1 { Block::List { ordered: false, items: lines, markers: vec![] } } else { p(text) });
        }
    }
    // The members' copy with a secret item's content says so first: a forwarded file carries
    // the marking, and its title differs from the public copy's.
    let secret = !public && agenda.iter().any(|a| a.secret && a.kind != ItemKind::Formality);
    if secret {
        blocks.insert(0, p(SECRET_MARK));
    }
    let kind = if m.notice_revised { "Ändrad kallelse" } else { "Kallelse" };
    let title = format!("{kind} till sammanträde med {} {}", m.body_name.to_lowercase(), m.date);
    let title = if secret { format!("{title} – ledamöternas exemplar, innehåller sekretess") } else { title };
    // Before it is sent (only the municipality's accounts see it then) it says so, printed too.
    let title = if m.notice_sent {
        title
    } else {
        blocks.insert(0, p("UTKAST – kallelsen är inte skickad. Dagordningen kan ändras innan den skickas."));
        format!("{DRAFT_PREFIX}{title}")
    };
    Ok(meeting_document(m, title, m.body_name.clone(), blocks))
}

/// The first words of a members' copy that holds a secret item's content.
const SECRET_MARK: &str = "SEKRETESS – handlingen innehåller uppgifter som omfattas av sekretess (ärendena markerade «sekretess»). Lämna inte ut den vidare; en begäran om att ta del av den prövas av nämnden.";

fn paragraph_blocks(pg: &Paragraph, out: &mut Vec<Block>) {
    if let Some(c) = &pg.case {
        out.push(p(format!("Diarienummer {c}")));
    }
    if !pg.text.is_empty() {
        out.push(p(&pg.text));
    }
    if !pg.underlag.is_empty() {
        out.push(h(2, "Underlag till beslut"));
        out.push(Block::List { ordered: false, items: pg.underlag.clone(), markers: vec![] });
    }
    if !pg.jav.is_empty() {
        out.push(p(format!("Jäv: {} deltar inte i handläggningen.", pg.jav.join(", "))));
    }
    if !pg.motions.is_empty() {
        out.push(h(2, "Yrkanden"));
        for mo in &pg.motions {
            let support = if mo.supported_by.is_empty() { String::new() } else { format!(" {} instämmer.", mo.supported_by.join(", ")) };
            out.push(p(format!("{} yrkar att {}.{support}", mo.by, mo.text.trim_end_matches('.'))));
        }
    }
    if !pg.propositions.is_empty() {
        out.push(h(2, "Propositionsordning"));
        out.push(p(&pg.propositions));
    }
    if let Some(v) = &pg.vote {
        out.push(h(2, "Omröstning"));
        out.push(p(format!("Ja-röst för {}, nej-röst för {}.", v.ja_means, v.nej_means)));
        out.push(Block::Table(Table {
            id: format!("omrostning-{}", pg.number),
            caption: format!("Omröstning § {}", pg.number),
            unit: Unit::Text,
            header: vec!["Ledamot".into(), "Ja".into(), "Nej".into(), "Avstår".into()],
            rows: v
                .ballots
                .iter()
                .map(|(who, b)| {
                    let x = |want: Ballot| Cell::text(if *b == want { "X" } else { "" });
                    Row::new(vec![Cell::text(who), x(Ballot::Ja), x(Ballot::Nej), x(Ballot::Avstar)])
                })
                .chain(std::iter::once({
                    let (ja, nej, av) = v.counts();
                    Row {
                        cells: vec![
                            Cell::text("Summa"),
                            Cell::text(ja.to_string()),
                            Cell::text(nej.to_string()),
                            Cell::text(av.to_string()),
                        ],
                        total: true,
                        group: false,
                    }
                }))
                .collect(),
            note: None,
            rules: vec![],
        }));
        out.push(p(v.result_sv()));
    }
    if !pg.decision.is_empty() {
        out.push(h(2, "Beslut"));
        if pg.decision.len() > 1 {
            out.push(Block::List { ordered: true, items: pg.decision.clone(), markers: vec![] });
        } else {
            out.push(p(&pg.decision[0]));
        }
    }
    for (who, why) in &pg.reservations {
        out.push(h(2, "Reservation"));
        out.push(p(reservation(who, why)));
    }
    for n in &pg.notes {
        out.push(h(2, "Protokollsanteckning"));
        out.push(p(n));
    }
    if !pg.recipients.is_empty() {
        out.push(h(2, "Beslutet skickas till"));
        out.push(Block::List { ordered: false, items: pg.recipients.clone(), markers: vec![] });
    }
}

/// The protokoll. `public`: secret paragraphs show only their title and the note that the
/// item is in the separate secrecy protocol.
pub async fn protokoll(store: &Store, municipality: &str, id: &str, public: bool) -> Result<Document, OutputError> {
    protocol_document(store, municipality, id, if public { Minutes::Public } else { Minutes::Full }).await
}

/// The sekretessprotokoll: the meeting's secret paragraphs in full, each with its OSL
/// reference, under the same header and signatures as the protocol whose public version notes
/// that they are minuted here ([`domain::meetings::SECRET_NOTE`]). Never posted, never public.
pub async fn sekretessprotokoll(store: &Store, municipality: &str, id: &str) -> Result<Document, OutputError> {
    protocol_document(store, municipality, id, Minutes::Secret).await
}

/// Which protocol of a meeting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Minutes {
    /// Every paragraph, secret ones reduced to their title and the note.
    Public,
    /// Every paragraph in full.
    Full,
    /// The secret paragraphs only, in full.
    Secret,
}

async fn protocol_document(store: &Store, municipality: &str, id: &str, which: Minutes) -> Result<Document, OutputError> {
    let s = stored(store, municipality, id).await?;
    let m = &s.meeting;
    // Until someone signs, an empty formality shows what the first signature will store for it.
    let unsigned = s.locked_hash.is_none() && store::meetings::signatures(store, municipality, id).await?.is_empty();
    let paragraphs: Vec<Paragraph> = store::meetings::paragraphs(store, municipality, id)
        .await?
        .into_iter()
        .filter(|pg| which != Minutes::Secret || pg.secret)
        .map(|pg| if which == Minutes::Public { pg.public() } else { pg })
        // A formality left empty says what it is on the record for.
        .map(|mut pg| {
            if unsigned {
                m.fill_formality(&mut pg);
            }
            pg
        })
        .collect();
    let range = match (which, paragraphs.first(), paragraphs.last()) {
        (Minutes::Secret, Some(_), _) if paragraphs.len() == 1 => format!("§ {}", paragraphs[0].number),
        (Minutes::Secret, Some(_), _) => format!("§§ {}", paragraphs.iter().map(|pg| pg.number.to_string()).collect::<Vec<_>>().join(", ")),
        (_, Some(a), Some(b)) => format!("§§ {}–{}", a.number, b.number),
        _ => String::new(),
    };
    let line = |x: &&domain::meetings::Member| {
        let party = if x.party.is_empty() { String::new() } else { format!(" ({})", x.party) };
        match x.role.as_str() {
            "ledamot" => format!("{}{party}", x.name),
            "ersättare" if x.serving => format!("{}{party}, tjänstgörande ersättare", x.name),
            "ersättare" => format!("{}{party}", x.name),
            role => format!("{}{party}, {role}", x.name),
        }
    };
    let present: Vec<String> = m.deciding().iter().map(line).collect();
    let substitutes: Vec<String> = m.substitutes_present().iter().map(line).collect();
    // Ledamöter not there (an ersättare serves in their place, or nobody does).
    let absent: Vec<String> = m.members.iter().filter(|x| !x.is_substitute() && !x.present).map(|x| line(&x)).collect();
    let mut fields = vec![
        ("Organ, plats och tid".into(), format!("{}, {}, {} kl. {}", m.body_name, place_of(m), m.date, m.time)),
        ("Ordförande".into(), m.chair.clone()),
        ("Sekreterare".into(), m.secretary.clone()),
        ("Justerare".into(), m.adjusters.join(", ")),
        ("Paragrafer".into(), range),
    ];
    if !present.is_empty() {
        fields.insert(1, ("Beslutande".into(), present.join("; ")));
        if !substitutes.is_empty() {
            fields.insert(2, ("Ersättare".into(), substitutes.join("; ")));
        }
        if !absent.is_empty() {
            let at = if substitutes.is_empty() { 2 } else { 3 };
            fields.insert(at, ("Frånvarande ledamöter".into(), absent.join("; ")));
        }
        fields.push(("Beslutförhet".into(), m.quorum_sentence()));
    }
    let mut blocks = vec![Block::Fields { fields }];
    if which == Minutes::Secret {
        blocks.push(p(if paragraphs.is_empty() {
            "Sammanträdet har inga paragrafer med sekretess."
        } else {
            "Paragraferna i det här protokollet omfattas av sekretess och lämnas ut endast efter sekretessprövning. Det offentliga protokollet anger för var och en att den är protokollförd här."
        }));
    }
    blocks.push(Block::Table(Table {
        id: "arendelista".into(),
        caption: "Ärendelista".into(),
        unit: Unit::Text,
        header: vec!["Paragraf".into(), "Diarienummer".into()],
        rows: paragraphs
            .iter()
            .map(|pg| Row::new(vec![Cell::text(format!("§ {} {}", pg.number, pg.title)), Cell::text(pg.case.clone().unwrap_or_default())]))
            .collect(),
        note: None,
        rules: vec![],
    }));
    for pg in &paragraphs {
        blocks.push(h(1, format!("§ {} {}", pg.number, pg.title)));
        if which == Minutes::Secret && !pg.osl.trim().is_empty() {
            blocks.push(p(format!("Sekretess enligt {}.", pg.osl.trim().trim_end_matches('.'))));
        }
        paragraph_blocks(pg, &mut blocks);
    }
    let signatures = store::meetings::signatures(store, municipality, id).await?;
    blocks.push(h(1, "Underskrifter"));
    let signed: Vec<String> = m
        .signers()
        .iter()
        .map(|(role, who)| {
            // The day in Swedish time (a signature just after midnight is the next day's).
            let when = signatures
                .iter()
                .find(|(r, n, _)| r == role && n == who)
                .map(|(_, _, at)| format!("signerat {}", domain::period::stockholm_minute(at).get(..10).unwrap_or(at)));
            format!("{}: {who} – {}", domain::sv::capitalise(role), when.unwrap_or_else(|| "ej signerat".into()))
        })
        .collect();
    blocks.push(Block::List { ordered: false, items: signed, markers: vec![] });
    if let Some(hash) = &s.locked_hash {
        blocks.push(p(format!("Protokollet är justerat. Kontrollsumma {}.", &hash[..16])));
    }
    let posting = match which {
        Minutes::Secret => None,
        _ => store::meetings::posting(store, municipality, id).await?,
    };
    if let Some(post) = posting {
        blocks.push(h(1, "Anslagsbevis"));
        blocks.push(Block::Fields {
            fields: vec![
                ("Organ".into(), m.body_name.clone()),
                ("Sammanträdesdatum".into(), m.date.to_string()),
                ("Justerat".into(), post.justerad.to_string()),
                ("Anslaget sätts upp".into(), post.posted.to_string()),
                ("Sista dag att överklaga".into(), post.appeal_last_day.to_string()),
                // Up for the whole appeal period (KL 8 kap. 12 §): down the day after at the earliest.
                ("Anslaget tas ned tidigast".into(), domain::meetings::take_down_earliest(post.appeal_last_day).to_string()),
            ],
        });
    }
    let title = match which {
        Minutes::Secret => format!("Sekretessprotokoll {} {}", m.body_name.to_lowercase(), m.date),
        _ => format!("Protokoll {} {}", m.body_name.to_lowercase(), m.date),
    };
    // A protocol not yet justerat says so before anything else, and in its title (on every page).
    let title = if s.locked_hash.is_none() {
        blocks.insert(0, p(DRAFT_NOTE));
        format!("{DRAFT_PREFIX}{title}")
    } else {
        title
    };
    let subtitle = match which {
        Minutes::Public => format!("{} – offentlig version", m.body_name),
        Minutes::Full => m.body_name.clone(),
        Minutes::Secret => format!("{} – omfattas av sekretess", m.body_name),
    };
    Ok(meeting_document(m, title, subtitle, blocks))
}

/// A protocol extract: one paragraph, certified, with its recipients. `public` reduces a secret
/// paragraph to its title.
pub async fn extract(store: &Store, municipality: &str, id: &str, number: u32, public: bool) -> Result<Document, OutputError> {
    let s = stored(store, municipality, id).await?;
    let m = &s.meeting;
    let pg = store::meetings::paragraphs(store, municipality, id)
        .await?
        .into_iter()
        .find(|p| p.number == number)
        .ok_or_else(|| OutputError::NotFound(format!("§ {number} finns inte i protokollet från {}.", m.date)))?;
    let pg = if public { pg.public() } else { pg };
    let mut blocks = vec![Block::Fields {
        fields: vec![
            ("Organ".into(), m.body_name.clone()),
            ("Sammanträdesdatum".into(), m.date.to_string()),
            ("Paragraf".into(), format!("§ {}", pg.number)),
        ],
    }];
    blocks.push(h(1, format!("§ {} {}", pg.number, pg.title)));
    paragraph_blocks(&pg, &mut blocks);
    let draft = s.locked_hash.is_none();
    if draft {
        blocks.insert(0, p(DRAFT_NOTE));
    } else {
        // Certified only from a justerat protocol.
        blocks.push(p("Protokollet är justerat. Rätt utdraget intygar:"));
        blocks.push(p(&m.secretary));
    }
    Ok(meeting_document(
        m,
        format!("{}Protokollsutdrag {} {} §\u{a0}{}", if draft { DRAFT_PREFIX } else { "" }, m.body_name.to_lowercase(), m.date, pg.number),
        m.body_name.clone(),
        blocks,
    ))
}

/// The case paper (tjänsteskrivelse) of an agenda item: förslag till beslut as numbered points,
/// sammanfattning and the paper's further sections, with what the paper lacks (no
/// Barnkonsekvensanalys, nobody to send the decision to) said at the end for its author.
pub async fn case_paper(
    store: &Store,
    municipality: &str,
    id: &str,
    item: u32,
    public: bool,
    checks: bool,
) -> Result<Document, OutputError> {
    let s = stored(store, municipality, id).await?;
    let m = &s.meeting;
    let a = store::meetings::agenda(store, municipality, id)
        .await?
        .into_iter()
        .find(|a| a.number == item)
        .map(|a| if public { a.public() } else { a })
        .ok_or_else(|| OutputError::NotFound(format!("Punkt {item} finns inte på dagordningen.")))?;
    if !a.has_paper() {
        return Err(OutputError::NotFound(format!("Punkt {item}, {}, är en formalia och har ingen tjänsteskrivelse.", a.title)));
    }
    let mut blocks = vec![Block::Fields {
        fields: vec![
            ("Mottagare".into(), m.body_name.clone()),
            ("Diarienummer".into(), a.case.clone().unwrap_or_default()),
            ("Sammanträde".into(), m.date.to_string()),
        ],
    }];
    // Where the paper's own heading writes another number, its readers in the office see it.
    if let Some(heading) = a.heading_case.as_ref().filter(|_| checks && a.case_conflict().is_some()) {
        if let Some(Block::Fields { fields }) = blocks.first_mut() {
            fields.insert(2, ("Diarienummer i rubriken".into(), heading.clone()));
        }
    }
    if a.secret && public {
        blocks.push(p("Ärendet omfattas av sekretess."));
    } else {
        if a.secret {
            blocks.insert(0, p(SECRET_MARK));
        }
        // An information item has no proposal, and no heading for one.
        let clauses = domain::meetings::decision_clauses(&a.proposal);
        if !clauses.is_empty() {
            blocks.push(h(1, "Förslag till beslut"));
        }
        if clauses.len() > 1 {
            blocks.push(Block::List { ordered: true, items: clauses, markers: vec![] });
        } else {
            blocks.extend(clauses.into_iter().map(p));
        }
        if !a.paper.is_empty() {
            blocks.push(h(1, "Sammanfattning"));
            blocks.push(p(&a.paper));
        }
        for (heading, text) in &a.sections {
            blocks.push(h(1, heading));
            let lines: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            if lines.len() > 1 {
                blocks.push(Block::List { ordered: false, items: lines, markers: vec![] });
            } else {
                blocks.push(p(text));
            }
        }
        // Only a matter for decision is sent on and needs its consequences for children said.
        let warnings =
            if a.kind == domain::meetings::ItemKind::Decision { domain::meetings::case_paper_warnings(&a.sections) } else { vec![] };
        // What the paper lacks is for those who write and send it, not for its readers.
        if !warnings.is_empty() && checks {
            blocks.push(h(1, "Att komplettera"));
            blocks.push(Block::List { ordered: false, items: warnings, markers: vec![] });
        }
    }
    Ok(meeting_document(m, format!("Tjänsteskrivelse: {}", a.title), m.body_name.clone(), blocks))
}

/// A reservation as the protocol words it: a reason that goes on the sentence ("till förmån för
/// eget yrkande") follows it, one of its own (a capital) comes after it; empty, none.
fn reservation(who: &str, why: &str) -> String {
    let why = why.trim();
    match why.chars().next() {
        None => format!("{who} reserverar sig mot beslutet."),
        Some(c) if c.is_lowercase() => {
            let end = if why.ends_with(['.', '!', '?']) { "" } else { "." };
            format!("{who} reserverar sig mot beslutet {why}{end}")
        }
        Some(_) => format!("{who} reserverar sig mot beslutet. {why}"),
    }
}

#[cfg(test)]
mod reservation_tests {
    #[test]
    fn a_reason_goes_on_the_sentence_or_follows_it() {
        assert_eq!(
            super::reservation("Ledamot B (M)", "till förmån för eget yrkande"),
            "Ledamot B (M) reserverar sig mot beslutet till förmån för eget yrkande."
        );
        assert_eq!(
            super::reservation("Ledamot B (M)", "Skriftlig reservation bifogas."),
            "Ledamot B (M) reserverar sig mot beslutet. Skriftlig reservation bifogas."
        );
        assert_eq!(super::reservation("Ledamot B (M)", " "), "Ledamot B (M) reserverar sig mot beslutet.");
    }
}
