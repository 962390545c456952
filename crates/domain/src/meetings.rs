//! Meetings: agenda (föredragningslista), protocol paragraphs numbered per body and calendar
//! year, motions (yrkanden), votes, reservations, justering, anslag and the appeal period
//! (meetings.md §4–§13). Also the readers for what other bodies' extracts and reported items
//! look like in a notice (B item 11).

use crate::cases::{CaseNumber, extract};
use crate::period::Date;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------------------------ calendar

/// Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u8, day as u8).expect("a valid Easter date")
}

fn add_days(d: Date, n: i64) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + n)
}

/// Swedish public holidays of a year, with midsommarafton, julafton and nyårsafton, which count
/// as holidays when a time limit ends (lag 1930:173).
pub fn holidays(year: i32) -> Vec<(Date, &'static str)> {
    let d = |m: u8, day: u8| Date::new(year, m, day).expect("a valid date");
    let e = easter(year);
    // The Saturday in a range (midsommardagen 20–26 June, alla helgons dag 31 Oct–6 Nov).
    let saturday_from = |start: Date| (0..7).map(|k| add_days(start, k)).find(|x| x.weekday() == 5).expect("a Saturday in a week");
    let midsommardagen = saturday_from(d(6, 20));
    vec![
        (d(1, 1), "nyårsdagen"),
        (d(1, 6), "trettondedag jul"),
        (add_days(e, -2), "långfredagen"),
        (e, "påskdagen"),
        (add_days(e, 1), "annandag påsk"),
        (d(5, 1), "första maj"),
        (add_days(e, 39), "Kristi himmelsfärdsdag"),
        (add_days(e, 49), "pingstdagen"),
        (d(6, 6), "nationaldagen"),
        (add_days(midsommardagen, -1), "midsommarafton"),
        (midsommardagen, "midsommardagen"),
        (saturday_from(d(10, 31)), "alla helgons dag"),
        (d(12, 24), "julafton"),
        (d(12, 25), "juldagen"),
        (d(12, 26), "annandag jul"),
        (d(12, 31), "nyårsafton"),
    ]
}

/// Whether a day is not a working day (Saturday, Sunday or a holiday above).
pub fn is_holiday(d: Date) -> bool {
    d.weekday() >= 5 || holidays(d.year()).iter().any(|(h, _)| *h == d)
}

/// The last day on which the justering may be announced: the second day after it (KL 8 kap 12 §).
pub fn anslag_deadline(justering: Date) -> Date {
    add_days(justering, 2)
}

/// The last day of the appeal period (laglighetsprövning): three weeks from the anslag; a last
/// day on a Saturday, Sunday or holiday moves to the next working day.
pub fn appeal_last_day(anslag: Date) -> Date {
    let mut d = add_days(anslag, 21);
    while is_holiday(d) {
        d = add_days(d, 1);
    }
    d
}

/// Whether two names as a protocol writes them are one person: compared without a party in
/// parentheses ("Elisabeth Uddén (S)"), case or extra spaces; an empty name is nobody.
pub fn same_person(a: &str, b: &str) -> bool {
    let person = |s: &str| s.split('(').next().unwrap_or(s).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    !person(a).is_empty() && person(a) == person(b)
}

/// Why `name` cannot name an elected member's account: the register of members (`register`)
/// has nobody of that name ([`same_person`]), and a member signs protocols in the name the
/// register gives. `None` when it has, or when the register is empty (nothing to check yet).
pub fn unregistered(register: &[BodyMember], name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || register.is_empty() || register.iter().any(|r| same_person(&r.name, name)) {
        return None;
    }
    let mut names: Vec<&str> = register.iter().map(|r| r.name.as_str()).collect();
    names.sort_by(|a, b| crate::sv::collate(a, b));
    names.dedup();
    Some(format!(
        "«{name}» står inte i kommunens ledamotsregister, och en ledamot justerar protokoll i sitt namn. \
         Skriv namnet som i registret: {}.",
        names.join(", ")
    ))
}

/// The first day a notice may be taken down: the day after the last day of appeal (it stays
/// up for the whole appeal period, KL 8 kap. 12 §).
pub fn take_down_earliest(appeal_last_day: Date) -> Date {
    add_days(appeal_last_day, 1)
}

// ------------------------------------------------------------------------------ meetings

/// A member's part in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Party code ("S", "M").
    #[serde(default)]
    pub party: String,
    /// `ordförande`, `vice ordförande`, `ledamot`, `ersättare`.
    pub role: String,
    /// Present.
    #[serde(default)]
    pub present: bool,
    /// An ersättare serving for an absent ledamot (tjänstgörande ersättare).
    #[serde(default)]
    pub serving: bool,
}

/// A seat on a body for a term: a ledamot (with the chair's and vice chair's roles) or an
/// ersättare, from the municipality's register of elected members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyMember {
    /// Body key (`SN`).
    pub body: String,
    /// Name.
    pub name: String,
    /// Party code ("S", "M").
    pub party: String,
    /// `ordförande`, `vice ordförande`, `ledamot`, `ersättare`.
    pub role: String,
    /// First day of the term.
    pub from: Date,
    /// Last day of the term.
    pub to: Date,
}

impl Member {
    /// An ersättare (not a ledamot).
    pub fn is_substitute(&self) -> bool {
        self.role == "ersättare"
    }

    /// Decides: a ledamot present, or an ersättare serving.
    pub fn decides(&self) -> bool {
        if self.is_substitute() { self.serving } else { self.present }
    }
}

/// The roles a seat can have.
pub const MEMBER_ROLES: [&str; 5] = ["ordförande", "förste vice ordförande", "vice ordförande", "ledamot", "ersättare"];

impl BodyMember {
    /// Whether the term covers `date`.
    pub fn serves_on(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// An ersättare (not a ledamot).
    pub fn is_substitute(&self) -> bool {
        self.role == "ersättare"
    }
}

/// The attendance list of a meeting of `body` on `date`, from the register: everyone whose term
/// covers the date, ledamöter (chair first) before ersättare; ledamöter marked present,
/// ersättare present but not serving, until the secretary records otherwise.
pub fn attendance(register: &[BodyMember], body: &str, date: Date) -> Vec<Member> {
    let rank = |r: &str| MEMBER_ROLES.iter().position(|x| *x == r).unwrap_or(MEMBER_ROLES.len());
    let mut seats: Vec<&BodyMember> = register.iter().filter(|m| m.body == body && m.serves_on(date)).collect();
    seats.sort_by(|a, b| rank(&a.role).cmp(&rank(&b.role)).then_with(|| crate::sv::collate(&a.name, &b.name)));
    seats
        .into_iter()
        .map(|m| Member { name: m.name.clone(), party: m.party.clone(), role: m.role.clone(), present: true, serving: false })
        .collect()
}

/// A meeting's head: time, place, who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Identifier, e.g. `SN-2022-02-15`.
    pub id: String,
    /// Body key (`SN`).
    pub body: String,
    /// Body name as printed ("Socialnämnden").
    pub body_name: String,
    /// Date.
    pub date: Date,
    /// Start time ("18:00").
    pub time: String,
    /// Room and/or address.
    pub place: String,
    /// Video link (hybrid meetings).
    #[serde(default)]
    pub link: String,
    /// Ordförande.
    pub chair: String,
    /// Sekreterare.
    pub secretary: String,
    /// Elected justerare.
    #[serde(default)]
    pub adjusters: Vec<String>,
    /// Place and time of the justering.
    #[serde(default)]
    pub adjustment: String,
    /// Members and ersättare with attendance.
    #[serde(default)]
    pub members: Vec<Member>,
    /// The kallelse has been sent: the meeting, its agenda and case papers are public. A
    /// meeting called on the web is not until the secretary sends it; one stored before there
    /// was such a step, or imported, is.
    #[serde(default = "sent")]
    pub notice_sent: bool,
    /// The day the kallelse was (last) sent from Årshjul.
    #[serde(default)]
    pub notice_sent_on: Option<Date>,
    /// The agenda or the head has changed since the kallelse was sent: it should go out again.
    #[serde(default)]
    pub notice_changed: bool,
    /// The kallelse was sent again after a change: it is an ändrad kallelse.
    #[serde(default)]
    pub notice_revised: bool,
}

fn sent() -> bool {
    true
}

impl Meeting {
    /// Those who must sign before the protocol is justerat: (role, name).
    pub fn signers(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![("ordförande", self.chair.clone())];
        v.extend(self.adjusters.iter().map(|a| ("justerare", a.clone())));
        v.push(("sekreterare", self.secretary.clone()));
        v
    }

    /// Why the protocol cannot be signed on `today` yet, if it cannot: there is no protocol (no
    /// paragraph), the meeting has not been held, no justerare other than the chair is named
    /// (KL 5 kap. 69 §: the protocol is justerat by the chair and at least one justerare), the
    /// kallelse was never sent, there is no attendance list (the protocol must show who took part
    /// in the decisions, KL 5 kap. 68 §), or a secret paragraph names no secrecy provision (the
    /// public protocol says why its content is left out).
    pub fn not_signable(&self, today: Date, paragraphs: &[Paragraph]) -> Option<String> {
        self.sign_obstacle(today, paragraphs).map(|(to_do, _)| to_do)
    }

    /// [`Meeting::not_signable`] as a member reads it: what is awaited, not what to do.
    pub fn not_signable_yet(&self, today: Date, paragraphs: &[Paragraph]) -> Option<String> {
        self.sign_obstacle(today, paragraphs).map(|(_, awaited)| awaited)
    }

    /// What stops the signing: (what the secretary is to do, what a member is told).
    fn sign_obstacle(&self, today: Date, paragraphs: &[Paragraph]) -> Option<(String, String)> {
        let not_yet = |why: &str| format!("Protokollet kan inte skrivas under ännu: {why}.");
        if paragraphs.is_empty() {
            return Some((
                "Det finns inget protokoll att skriva under ännu: skapa protokollsutkastet först.".into(),
                "Protokollet är inte upprättat ännu.".into(),
            ));
        }
        if today < self.date {
            return Some((
                format!("Sammanträdet hålls {}: protokollet kan skrivas under först efter sammanträdet.", self.date),
                format!("Sammanträdet hålls {}: protokollet skrivs under efter sammanträdet.", self.date),
            ));
        }
        if !self.adjusters.iter().any(|a| !a.trim().is_empty() && !same_person(a, &self.chair)) {
            return Some((
                "Ange minst en justerare som inte är ordföranden i sammanträdets uppgifter innan protokollet skrivs under.".into(),
                not_yet("sekreteraren har inte angett vem som justerar det"),
            ));
        }
        if !self.notice_sent {
            return Some((
                "Kallelsen är inte skickad: ett sammanträde som ingen kallats till kan inte justeras. Skicka kallelsen först.".into(),
                not_yet("kallelsen är inte skickad"),
            ));
        }
        if self.members.is_empty() {
            return Some((
                "Närvarolistan saknas: ange vilka ledamöter och ersättare som var närvarande innan protokollet skrivs under. \
                 Protokollet ska visa vilka som deltagit i besluten och om nämnden var beslutför."
                    .into(),
                not_yet("närvarolistan är inte ifylld"),
            ));
        }
        if let Some(p) = paragraphs.iter().find(|p| p.secret && p.osl.trim().is_empty()) {
            return Some((
                format!(
                    "§ {} är sekretessbelagd men anger ingen sekretessbestämmelse: skriv in den (till exempel OSL 26 kap. 1 §) \
                     innan protokollet skrivs under. Det offentliga protokollet visar den i stället för innehållet.",
                    p.number
                ),
                not_yet(&format!("sekretessbestämmelsen för § {} är inte angiven", p.number)),
            ));
        }
        None
    }

    /// Why a vote cannot stand against the attendance list, if it cannot: only those who decide
    /// (ledamöter present, serving ersättare) vote, each once; a casting vote only breaks a tie.
    /// Without an attendance list only the casting vote is checked.
    pub fn vote_problem(&self, v: &Vote) -> Option<String> {
        let (ja, nej, _) = v.counts();
        if v.chair_casting_ja.is_some() && ja != nej {
            return Some(format!("Omröstningen slutade {ja}–{nej}: ordförandens utslagsröst gäller bara vid lika röstetal. Ta bort den."));
        }
        if self.members.is_empty() {
            return None;
        }
        let deciding = self.deciding();
        for (k, (name, _)) in v.ballots.iter().enumerate() {
            if v.ballots[..k].iter().any(|(n, _)| same_person(n, name)) {
                return Some(format!("Omröstningen: {name} röstar två gånger."));
            }
            if !deciding.iter().any(|m| same_person(&m.name, name)) {
                let why = match self.members.iter().find(|m| same_person(&m.name, name)) {
                    Some(m) if m.is_substitute() && m.present => "är ersättare och tjänstgör inte",
                    Some(_) => "är inte närvarande",
                    None => "finns inte i närvarolistan",
                };
                return Some(format!(
                    "Omröstningen: {name} {why}. Bara närvarande ledamöter och tjänstgörande ersättare röstar; rätta närvaron först om det behövs."
                ));
            }
        }
        None
    }

    /// Why `who` cannot reserve against a decision, if they cannot: only one who took part in
    /// it does (unchecked without an attendance list).
    pub fn reservation_problem(&self, who: &str) -> Option<String> {
        (!self.members.is_empty() && !self.deciding().iter().any(|x| same_person(&x.name, who))).then(|| {
            format!("Reservation: {who} deltar inte i beslutet (inte närvarande eller inte tjänstgörande) och kan inte reservera sig.")
        })
    }

    /// Why the attendance cannot be right, if it cannot: an ersättare serves only in an absent
    /// ledamot's place, so no more serve than ledamöter are absent.
    pub fn attendance_problem(&self) -> Option<String> {
        let absent = self.members.iter().filter(|m| !m.is_substitute() && !m.present).count();
        let serving = self.members.iter().filter(|m| m.is_substitute() && m.serving).count();
        (serving > absent).then(|| {
            format!(
                "{serving} ersättare tjänstgör men {} frånvarande: en ersättare tjänstgör bara i en frånvarande ledamots ställe.",
                if absent == 1 {
                    "bara 1 ledamot är".to_string()
                } else if absent == 0 {
                    "ingen ledamot är".to_string()
                } else {
                    format!("bara {absent} ledamöter är")
                }
            )
        })
    }

    /// What the protocol says under a formality nobody wrote anything for: who was chosen to
    /// justera it (and when), or where the attendance is; `None` for anything else.
    pub fn formality_decision(&self, title: &str) -> Option<String> {
        let t = title.to_lowercase();
        let adjusters: Vec<&str> =
            self.adjusters.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && !same_person(a, &self.chair)).collect();
        if t.contains("val av justerare") && !adjusters.is_empty() {
            let when = self.adjustment.trim();
            return Some(format!(
                "{} utser {} att jämte ordföranden justera protokollet.{}",
                self.body_name,
                crate::sv::join_and(&adjusters),
                if when.is_empty() { String::new() } else { format!(" Justeringen sker {when}.") }
            ));
        }
        (t.contains("upprop") && !self.members.is_empty()).then(|| "Närvaron framgår av förteckningen över beslutande ovan.".to_string())
    }

    /// Gives a formality paragraph nobody wrote anything for (no text, no decision, not secret)
    /// its [`Meeting::formality_decision`]; whether it did.
    pub fn fill_formality(&self, p: &mut Paragraph) -> bool {
        if !p.decision.is_empty() || !p.text.trim().is_empty() || p.secret {
            return false;
        }
        let Some(d) = self.formality_decision(&p.title) else { return false };
        p.decision.push(d);
        true
    }

    /// Those who decide: ledamöter present and tjänstgörande ersättare.
    pub fn deciding(&self) -> Vec<&Member> {
        self.members.iter().filter(|m| m.decides()).collect()
    }

    /// Ersättare present who do not serve.
    pub fn substitutes_present(&self) -> Vec<&Member> {
        self.members.iter().filter(|m| m.is_substitute() && m.present && !m.serving).collect()
    }

    /// The ledamöter's seats (ordinary members, incl. ordförande).
    fn seats(&self) -> usize {
        self.members.iter().filter(|m| !m.is_substitute()).count()
    }

    /// "Nämnden är beslutför: 7 av 9 ledamöter är närvarande eller ersatta." (KL 6 kap. 27 §),
    /// or why it is not; empty without a member list.
    pub fn quorum_sentence(&self) -> String {
        let seats = self.seats();
        if seats == 0 {
            return String::new();
        }
        let serving = self.deciding().len();
        let verdict = if self.quorum() { "Nämnden är beslutför" } else { "Nämnden är inte beslutför" };
        format!("{verdict}: {serving} tjänstgörande av {seats} ledamöter (mer än hälften krävs).")
    }

    /// Quorum: more than half of the ledamöter (ordinary members, incl. ordförande) serve.
    pub fn quorum(&self) -> bool {
        let seats = self.seats();
        seats == 0 || self.deciding().len() * 2 > seats
    }
}

/// An agenda item (ärende) of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// Number on the agenda (1..n per meeting; not a § number).
    pub number: u32,
    /// Title as on the agenda.
    pub title: String,
    /// Case number, normalised.
    #[serde(default)]
    pub case: Option<String>,
    /// The case number as the case paper's heading writes it, when given: one other than the
    /// agenda's is flagged ([`AgendaItem::case_conflict`]), never corrected (CN-05, CN-06).
    #[serde(default)]
    pub heading_case: Option<String>,
    /// What kind of item.
    pub kind: ItemKind,
    /// Förslag till beslut (the decision proposed in the case paper).
    #[serde(default)]
    pub proposal: String,
    /// The case paper's text (sammanfattning/ärendet), as sent with the notice.
    #[serde(default)]
    pub paper: String,
    /// Closed item (sekretess): only members see it.
    #[serde(default)]
    pub secret: bool,
    /// The case paper's further sections in order (Ärendet, Ekonomiska konsekvenser,
    /// Barnkonsekvensanalys, Beslutsunderlag, Expedieras till …), as (heading, text).
    #[serde(default)]
    pub sections: Vec<(String, String)>,
}

// ------------------------------------------------------------------------------ paragraphs

/// The § numbers of a meeting: continuing the body's series of the calendar year
/// (`last_of_year` = the highest § the body has used earlier that year), restarting at 1.
pub fn paragraph_numbers(last_of_year: Option<u32>, items: usize) -> std::ops::RangeInclusive<u32> {
    let first = last_of_year.unwrap_or(0) + 1;
    first..=first + items as u32 - 1
}

/// What kind of agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Upprop, godkännande av dagordning, val av justerare.
    Formality,
    /// A matter with a case paper, for decision.
    Decision,
    /// Information, taken note of.
    Information,
    /// Reported items (anmälningsärenden, delegationsbeslut).
    Reported,
}

impl ItemKind {
    /// From a file or form: `formalia`, `beslut`, `information` or `anmälan`.
    pub fn parse(s: &str) -> Option<ItemKind> {
        match s.trim() {
            "formalia" => Some(ItemKind::Formality),
            "beslut" => Some(ItemKind::Decision),
            "information" => Some(ItemKind::Information),
            "anmälan" => Some(ItemKind::Reported),
            _ => None,
        }
    }

    /// The word [`ItemKind::parse`] reads.
    pub fn word(self) -> &'static str {
        match self {
            ItemKind::Formality => "formalia",
            ItemKind::Decision => "beslut",
            ItemKind::Information => "information",
            ItemKind::Reported => "anmälan",
        }
    }
}

/// The formalities every meeting opens with (MT-11).
pub fn is_formality(title: &str) -> bool {
    let t = title.to_lowercase();
    ["upprop", "godkännande av dagordning", "val av justerare", "närvaro"].iter().any(|f| t.contains(f))
}

/// The items a new meeting's agenda opens with (MT-11), in order.
pub const OPENING_ITEMS: [&str; 3] = ["Upprop och närvaro", "Val av justerare", "Godkännande av dagordningen"];

/// A new meeting's agenda: the opening formalities, numbered from 1.
pub fn opening_agenda() -> Vec<AgendaItem> {
    OPENING_ITEMS
        .iter()
        .zip(1..)
        .map(|(title, number)| AgendaItem {
            number,
            title: title.to_string(),
            case: None,
            heading_case: None,
            kind: ItemKind::Formality,
            proposal: String::new(),
            paper: String::new(),
            secret: false,
            sections: vec![],
        })
        .collect()
}

/// An agenda item number as printed: "9.", "09", "9" (MT-09, N11).
pub fn item_number(s: &str) -> Option<u32> {
    s.trim().trim_end_matches('.').parse().ok()
}

/// A motion (yrkande) at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Motion {
    /// Who moves it ("Ordförande Anna A (S)").
    pub by: String,
    /// What is moved.
    pub text: String,
    /// Who supports it.
    #[serde(default)]
    pub supported_by: Vec<String>,
}

/// A member's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ballot {
    /// Ja.
    Ja,
    /// Nej.
    Nej,
    /// Avstår.
    Avstar,
}

/// An open vote (omröstning): what Ja and Nej stand for and each member's ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// What a Ja vote is for.
    pub ja_means: String,
    /// What a Nej vote is for.
    pub nej_means: String,
    /// Member and ballot.
    pub ballots: Vec<(String, Ballot)>,
    /// The chair's casting vote decides a tie: true = Ja.
    #[serde(default)]
    pub chair_casting_ja: Option<bool>,
}

impl Vote {
    /// (ja, nej, avstår).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |b: Ballot| self.ballots.iter().filter(|(_, x)| *x == b).count();
        (n(Ballot::Ja), n(Ballot::Nej), n(Ballot::Avstar))
    }

    /// Whether Ja won (a tie goes to the chair's casting vote, KL 5 kap 57 §).
    pub fn ja_wins(&self) -> Option<bool> {
        let (ja, nej, _) = self.counts();
        match ja.cmp(&nej) {
            std::cmp::Ordering::Greater => Some(true),
            std::cmp::Ordering::Less => Some(false),
            std::cmp::Ordering::Equal => self.chair_casting_ja,
        }
    }

    /// "Med 6 ja-röster mot 5 nej-röster, 0 avstår, beslutar nämnden enligt …".
    pub fn result_sv(&self) -> String {
        let (ja, nej, av) = self.counts();
        let votes = |n: usize, kind: &str| format!("{n} {kind}-{}", if n == 1 { "röst" } else { "röster" });
        let (ja, nej) = (votes(ja, "ja"), votes(nej, "nej"));
        let won = match self.ja_wins() {
            Some(true) => &self.ja_means,
            Some(false) => &self.nej_means,
            None => return format!("{ja}, {nej}, {av} avstår: lika röstetal, ordförandens utslagsröst saknas."),
        };
        // A tie decided by the chair says so (KL 5 kap. 57 §).
        let casting = if self.counts().0 == self.counts().1 { " och ordförandens utslagsröst" } else { "" };
        format!("Med {ja} mot {nej} ({av} avstår){casting} beslutar nämnden enligt {won}.")
    }
}

/// A protocol paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    /// § number.
    pub number: u32,
    /// Agenda item number.
    pub item: u32,
    /// Title.
    pub title: String,
    /// Case number as written (normalised form shown).
    pub case: Option<String>,
    /// The body of the paragraph.
    #[serde(default)]
    pub text: String,
    /// Underlag till beslut.
    #[serde(default)]
    pub underlag: Vec<String>,
    /// Yrkanden.
    #[serde(default)]
    pub motions: Vec<Motion>,
    /// Propositionsordning, as the chair put it.
    #[serde(default)]
    pub propositions: String,
    /// Omröstning.
    #[serde(default)]
    pub vote: Option<Vote>,
    /// Reservations: who, and the motivation.
    #[serde(default)]
    pub reservations: Vec<(String, String)>,
    /// Protokollsanteckningar.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Members who left the item for jäv.
    #[serde(default)]
    pub jav: Vec<String>,
    /// The decision, one sentence per clause.
    #[serde(default)]
    pub decision: Vec<String>,
    /// Beslutet skickas till.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Secret: the content goes to the secrecy protocol only.
    #[serde(default)]
    pub secret: bool,
    /// The OSL reference of a secret paragraph ("OSL 26 kap. 1 §").
    #[serde(default)]
    pub osl: String,
}

/// The note a public protocol prints instead of a secret paragraph's content (SY-14).
pub const SECRET_NOTE: &str = "Ärendet är protokollfört i ett särskilt sekretessprotokoll.";

impl Paragraph {
    /// Every text of the paragraph that a protocol prints (for search, the personnummer check
    /// and leak tests): free texts and the names typed beside them (who moved, who reserved,
    /// jäv, recipients, what ja and nej stand for in a vote).
    pub fn texts(&self) -> Vec<&str> {
        let mut v = vec![self.title.as_str(), self.text.as_str(), self.propositions.as_str(), self.osl.as_str()];
        v.extend(self.case.as_deref());
        v.extend(self.underlag.iter().map(String::as_str));
        for m in &self.motions {
            v.extend([m.by.as_str(), m.text.as_str()]);
            v.extend(m.supported_by.iter().map(String::as_str));
        }
        if let Some(vote) = &self.vote {
            v.extend([vote.ja_means.as_str(), vote.nej_means.as_str()]);
            v.extend(vote.ballots.iter().map(|(name, _)| name.as_str()));
        }
        v.extend(self.reservations.iter().flat_map(|(who, r)| [who.as_str(), r.as_str()]));
        v.extend(self.notes.iter().map(String::as_str));
        v.extend(self.jav.iter().map(String::as_str));
        v.extend(self.decision.iter().map(String::as_str));
        v.extend(self.recipients.iter().map(String::as_str));
        v
    }

    /// What the public protocol shows: everything, or for a secret paragraph its number, title
    /// and case number with [`SECRET_NOTE`].
    pub fn public(&self) -> Paragraph {
        if !self.secret {
            return self.clone();
        }
        Paragraph {
            number: self.number,
            item: self.item,
            title: self.title.clone(),
            case: self.case.clone(),
            text: SECRET_NOTE.to_string(),
            secret: true,
            osl: self.osl.clone(),
            ..Paragraph::default()
        }
    }
}

/// A draft protocol from the agenda: one § per item, numbered from `first`, each decision the
/// case paper's förslag till beslut split in clauses (MT-12, MT-13), the case paper's text as
/// the body; items without a proposal get no decision (MT-14).
pub fn draft_protocol(agenda: &[AgendaItem], first: u32) -> Vec<Paragraph> {
    agenda
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let section = |name: &str| a.sections.iter().find(|(h, _)| h.to_lowercase().starts_with(name)).map(|(_, t)| t.as_str());
            // Underlag till beslut: the case paper and what its Beslutsunderlag lists besides.
            let mut underlag = Vec::new();
            if a.kind == ItemKind::Decision {
                let listed: Vec<String> = section("beslutsunderlag")
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                if !listed.iter().any(|l| l.to_lowercase().starts_with("tjänsteskrivelse")) {
                    underlag.push("Tjänsteskrivelse".to_string());
                }
                underlag.extend(listed);
            }
            Paragraph {
                number: first + i as u32,
                item: a.number,
                title: a.title.clone(),
                case: a.case.clone(),
                text: a.paper.clone(),
                underlag,
                decision: if a.proposal.trim().is_empty() { vec![] } else { decision_clauses(&a.proposal) },
                // Beslutet skickas till: whom the case paper says it is sent to (Expedieras till).
                recipients: section("expedieras till").or_else(|| section("beslutet skickas till")).map(recipients).unwrap_or_default(),
                secret: a.secret,
                ..Paragraph::default()
            }
        })
        .collect()
}

impl AgendaItem {
    /// Whether the item has a case paper (tjänsteskrivelse) to open: any item but a formality
    /// (upprop, val av justerare) without a case, text or sections of its own.
    pub fn has_paper(&self) -> bool {
        self.kind != ItemKind::Formality || self.case.is_some() || !self.paper.is_empty() || !self.sections.is_empty()
    }

    /// Where the agenda and the case paper's heading write different case numbers, what the
    /// secretary is asked to check: the same serial in two years (SN 2021:00064 against
    /// SN 2022:00064) or two different cases.
    pub fn case_conflict(&self) -> Option<String> {
        let (a, h) = (self.case.as_deref()?, self.heading_case.as_deref()?);
        let (pa, ph) = (crate::cases::CaseNumber::parse(a).ok()?.0, crate::cases::CaseNumber::parse(h).ok()?.0);
        if pa == ph {
            return None;
        }
        let why = if crate::cases::conflict(&pa, &ph) { "samma löpnummer, olika år" } else { "olika ärenden" };
        Some(format!(
            "Punkt {}: dagordningen anger {pa}, tjänsteskrivelsens rubrik {ph} ({why}). Kontrollera vilket diarienummer som gäller.",
            self.number
        ))
    }

    /// What public output shows of the item: for a secret item its number, title, case number
    /// and kind only; otherwise everything with personnummer removed from the texts (the case
    /// paper is written by an officer and published with the kallelse before any review).
    pub fn public(&self) -> AgendaItem {
        let clean = crate::quality::without_personnummer;
        if self.secret {
            return AgendaItem {
                proposal: String::new(),
                paper: String::new(),
                sections: vec![],
                title: clean(&self.title),
                ..self.clone()
            };
        }
        AgendaItem {
            title: clean(&self.title),
            proposal: clean(&self.proposal),
            paper: clean(&self.paper),
            sections: self.sections.iter().map(|(h, t)| (clean(h), clean(t))).collect(),
            ..self.clone()
        }
    }
}

/// Where publishing a protocol is blocked: personnummer in any paragraph (with the §).
pub fn publishing_blocked(paragraphs: &[Paragraph]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paragraphs.iter().map(Paragraph::public) {
        for t in p.texts() {
            for n in crate::quality::personnummer_in(t) {
                out.push(format!("§ {} {}: personnummer {n}", p.number, p.title));
            }
        }
    }
    out
}

/// Decision clauses: "Socialnämnden beslutar att 1. godkänna … 2. uppdra …" gives two
/// clauses (MT-12); sentences otherwise (MT-13).
pub fn decision_clauses(text: &str) -> Vec<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts: Vec<String> = Vec::new();
    let mut rest = t.as_str();
    let mut n = 1;
    let numbered = t.contains(" 1. ") || t.starts_with("1. ");
    if numbered {
        let lead_end = rest.find("1. ").unwrap_or(0);
        rest = &rest[lead_end..];
        loop {
            let this = format!("{n}. ");
            let next = format!(" {}. ", n + 1);
            let Some(body) = rest.strip_prefix(&this) else { break };
            match body.find(&next) {
                Some(k) => {
                    parts.push(body[..k].trim().to_string());
                    rest = &body[k + 1..];
                    n += 1;
                }
                None => {
                    parts.push(body.trim().to_string());
                    break;
                }
            }
        }
        return parts;
    }
    t.split(". ").map(|s| s.trim().trim_end_matches('.').to_string()).filter(|s| !s.is_empty()).map(|s| format!("{s}.")).collect()
}

// ------------------------------------------------------------------------------ reported items

/// Another body's decision reported to the nämnd ("§ 12 KF Avsägelse och fyllnadsval
/// 2022-01-27 KS/2022:00001", MT-02…07): any of body, §, date, title, case, in any order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// Deciding body (KF, KS …).
    pub body: Option<String>,
    /// § number.
    pub paragraph: Option<u32>,
    /// Date.
    pub date: Option<Date>,
    /// Title.
    pub title: String,
    /// Case number.
    pub case: Option<CaseNumber>,
}

/// Parses a reported item line.
pub fn parse_reported(line: &str) -> Reported {
    let found = extract(line);
    let case = found.first().map(|f| f.number.clone());
    let mut rest = line.to_string();
    for f in &found {
        rest = rest.replace(&f.written, " ");
        if let Some(e) = &f.external {
            rest = rest.replace(&format!("({e})"), " ");
        }
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut paragraph = None;
    let mut body = None;
    let mut date = None;
    let mut title: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = words[k].trim_matches(|c: char| c == ',' || c == '(' || c == ')');
        if w == "§" {
            paragraph = words.get(k + 1).and_then(|n| n.trim_end_matches(',').parse().ok());
            k += 2;
            continue;
        }
        if let Some(n) = w.strip_prefix('§').and_then(|n| n.parse().ok()) {
            paragraph = Some(n);
            k += 1;
            continue;
        }
        if let Ok(d) = Date::parse(w) {
            date = Some(d);
            k += 1;
            continue;
        }
        if paragraph.is_some() && body.is_none() && title.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_uppercase()) {
            body = Some(w.to_string());
            k += 1;
            continue;
        }
        if !w.is_empty() {
            title.push(words[k]);
        }
        k += 1;
    }
    let title = title.join(" ").trim().trim_end_matches(',').to_string();
    Reported { body, paragraph, date, title, case }
}

/// Reported items grouped under their headings ("Lex Sarah", "Delegationsbeslut"): a short
/// line without date, case number or § opens a group; a heading with nothing after it is a group
/// with no entries (MT-08).
pub fn reported_groups(lines: &[&str]) -> Vec<(Option<String>, Vec<Reported>)> {
    let mut out: Vec<(Option<String>, Vec<Reported>)> = vec![(None, vec![])];
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let r = parse_reported(l);
        let heading =
            r.case.is_none() && r.date.is_none() && r.paragraph.is_none() && l.split_whitespace().count() <= 3 && !l.ends_with(':');
        if heading {
            out.push((Some(l.to_string()), vec![]));
        } else if let Some(last) = out.last_mut() {
            last.1.push(r);
        }
    }
    if out[0].1.is_empty() {
        out.remove(0);
    }
    out
}

/// The recipients of a decision ("Expedieras till:" / "Beslutet skickas till"), one per line or
/// separated by commas (MT-17).
pub fn recipients(text: &str) -> Vec<String> {
    text.split(['\n', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// What a case paper (tjänsteskrivelse) lacks: a "Barnkonsekvensanalys"/"Barnkonsekvenser"
/// section (MT-16), recipients under "Expedieras till"/"Beslutet skickas till" (MT-15).
pub fn case_paper_warnings(sections: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let has = |h: &str| sections.iter().find(|(head, _)| head.to_lowercase().starts_with(h));
    if has("barnkonsekvens").is_none() {
        out.push("Tjänsteskrivelsen saknar avsnittet Barnkonsekvensanalys.".to_string());
    }
    match has("expedieras till").or_else(|| has("beslutet skickas till")) {
        Some((_, text)) if recipients(text).is_empty() => out.push("Ingen mottagare under «Expedieras till».".to_string()),
        None => out.push("Tjänsteskrivelsen anger inte vem beslutet skickas till.".to_string()),
        _ => {}
    }
    out
}

/// The head of a notice: "Tid: 2022-02-15, Kl: 18:00", "Plats: Munkhättevägen 49, Fisken/Teams".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingHead {
    /// Date.
    pub date: Option<Date>,
    /// Start time "18:00".
    pub time: Option<String>,
    /// Place as printed.
    pub place: String,
    /// Held with a video link too (Teams, Zoom, länk).
    pub hybrid: bool,
}

/// Reads the head lines of a notice (MT-10).
pub fn parse_head(tid: &str, plats: &str) -> MeetingHead {
    let tid = tid.trim_start_matches("Tid:").trim();
    let date = tid.split(|c: char| c == ',' || c.is_whitespace()).find_map(|w| Date::parse(w).ok());
    let time = tid.split("Kl:").nth(1).or_else(|| tid.split("kl.").nth(1)).map(|t| t.trim().to_string());
    let place = plats.trim_start_matches("Plats:").trim().to_string();
    let lower = place.to_lowercase();
    let hybrid = ["teams", "zoom", "länk", "digital"].iter().any(|w| lower.contains(w));
    MeetingHead { date, time, place, hybrid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_members_account_is_named_as_the_register_names_the_member() {
        let seat = |name: &str| BodyMember {
            body: "SN".into(),
            name: name.into(),
            party: "S".into(),
            role: "ledamot".into(),
            from: Date::parse("2023-01-01").unwrap(),
            to: Date::parse("2026-12-31").unwrap(),
        };
        let register = [seat("Örjan Ek"), seat("Anna Berg"), seat("Åsa Lind"), seat("Anna Berg")];
        assert_eq!(unregistered(&register, "anna  berg (S)"), None);
        assert_eq!(unregistered(&[], "Vem som helst"), None, "no register yet: nothing to check against");
        let why = unregistered(&register, "A. Berg").unwrap();
        assert!(why.starts_with("«A. Berg» står inte i kommunens ledamotsregister"), "{why}");
        assert!(why.ends_with("registret: Anna Berg, Åsa Lind, Örjan Ek."), "{why}");
    }

    #[test]
    fn a_new_agenda_opens_with_the_formalities() {
        let a = opening_agenda();
        assert_eq!(a.iter().map(|i| i.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(a.iter().all(|i| i.kind == ItemKind::Formality && is_formality(&i.title)), "{a:?}");
        // Their draft paragraphs carry no decision (nothing is proposed) and go on from § 14.
        assert!(draft_protocol(&a, 14).iter().all(|p| p.decision.is_empty()));
        assert_eq!(draft_protocol(&a, 14).last().unwrap().number, 16);
    }

    #[test]
    fn attendance_comes_from_the_register_and_decides_the_quorum() {
        let d = |s: &str| Date::parse(s).unwrap();
        let seat = |name: &str, role: &str, from: &str| BodyMember {
            body: "SN".into(),
            name: name.into(),
            party: "S".into(),
            role: role.into(),
            from: d(from),
            to: d("2022-12-31"),
        };
        let register = vec![
            seat("Östen Ek", "ledamot", "2019-01-01"),
            seat("Anna Berg", "ledamot", "2019-01-01"),
            seat("Ulla Ordf", "ordförande", "2019-01-01"),
            seat("Bo Ers", "ersättare", "2019-01-01"),
            seat("Ny Senare", "ledamot", "2022-06-01"),
        ];
        let members = attendance(&register, "SN", d("2022-02-15"));
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Ulla Ordf", "Anna Berg", "Östen Ek", "Bo Ers"], "chair first, å ä ö last, a later term left out");
        let mut m = Meeting {
            id: "SN-1".into(),
            body: "SN".into(),
            body_name: "Socialnämnden".into(),
            date: d("2022-02-15"),
            time: String::new(),
            place: String::new(),
            link: String::new(),
            chair: "Ulla Ordf".into(),
            secretary: String::new(),
            adjusters: vec![],
            adjustment: String::new(),
            members,
            notice_sent: true,
            notice_sent_on: None,
            notice_changed: false,
            notice_revised: false,
        };
        assert!(m.quorum());
        assert_eq!(m.quorum_sentence(), "Nämnden är beslutför: 3 tjänstgörande av 3 ledamöter (mer än hälften krävs).");
        // Two ledamöter absent: one of three serves — not quorate; the ersättare serving makes two.
        m.members[1].present = false;
        m.members[2].present = false;
        assert!(!m.quorum());
        m.members[3].serving = true;
        assert!(m.quorum());
        assert_eq!(m.deciding().iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["Ulla Ordf", "Bo Ers"]);
        assert!(m.substitutes_present().is_empty());

        // Signing: not before a protocol exists, not before the meeting, not without a
        // justerare besides the chair.
        let mut three: Vec<Paragraph> = (1..=3).map(|n| Paragraph { number: n, ..Paragraph::default() }).collect();
        assert!(m.not_signable(d("2022-02-16"), &[]).unwrap().contains("inget protokoll"));
        m.adjusters = vec!["Ulla Ordf (S)".into()];
        assert!(m.not_signable(d("2022-02-16"), &three).unwrap().contains("minst en justerare"));
        // A member is told what is awaited, not asked to do the secretary's part.
        assert!(m.not_signable_yet(d("2022-02-16"), &three).unwrap().contains("sekreteraren har inte angett vem som justerar"));
        assert!(m.not_signable_yet(d("2022-02-16"), &[]).unwrap().contains("inte upprättat"));
        m.adjusters.push("Anna Berg".into());
        assert!(m.not_signable(d("2022-02-14"), &three).unwrap().contains("först efter sammanträdet"));
        assert_eq!(m.not_signable(d("2022-02-15"), &three), None);
        assert_eq!(m.not_signable_yet(d("2022-02-15"), &three), None);
        // An empty formality says who justerar and where the attendance is.
        assert_eq!(
            m.formality_decision("Val av justerare").as_deref(),
            Some("Socialnämnden utser Anna Berg att jämte ordföranden justera protokollet.")
        );
        m.adjustment = "på förvaltningen 2022-02-18".into();
        assert!(m.formality_decision("Val av justerare").unwrap().ends_with(" Justeringen sker på förvaltningen 2022-02-18."));
        assert_eq!(m.formality_decision("Upprop").as_deref(), Some("Närvaron framgår av förteckningen över beslutande ovan."));
        assert_eq!(m.formality_decision("Taxa för hemtjänst"), None);
        // A secret paragraph names its secrecy provision before the protocol is signed.
        three[1].secret = true;
        assert!(
            m.not_signable(d("2022-02-15"), &three).unwrap().starts_with("§ 2 är sekretessbelagd men anger ingen sekretessbestämmelse")
        );
        assert!(m.not_signable_yet(d("2022-02-15"), &three).unwrap().contains("sekretessbestämmelsen för § 2"));
        three[1].osl = "OSL 26 kap. 1 §".into();
        assert_eq!(m.not_signable(d("2022-02-15"), &three), None);
        // Who took part in the decisions is on the protocol before it is signed.
        let members = std::mem::take(&mut m.members);
        assert!(m.not_signable(d("2022-02-15"), &three).unwrap().starts_with("Närvarolistan saknas"));
        assert!(m.not_signable_yet(d("2022-02-15"), &three).unwrap().contains("närvarolistan är inte ifylld"));
        m.members = members;
        // Votes: those who decide, once each; a casting vote only on a tie.
        let vote = |ballots: &[(&str, Ballot)], casting: Option<bool>| Vote {
            ja_means: "förslaget".into(),
            nej_means: "avslag".into(),
            ballots: ballots.iter().map(|(n, b)| (n.to_string(), *b)).collect(),
            chair_casting_ja: casting,
        };
        assert_eq!(m.vote_problem(&vote(&[("Ulla Ordf", Ballot::Ja), ("bo ers (S)", Ballot::Nej)], Some(true))), None);
        assert!(
            m.vote_problem(&vote(&[("Ulla Ordf", Ballot::Ja), ("Bo Ers", Ballot::Ja)], Some(true)))
                .unwrap()
                .contains("bara vid lika röstetal")
        );
        assert!(
            m.vote_problem(&vote(&[("Ulla Ordf", Ballot::Ja), ("Ulla Ordf", Ballot::Nej)], Some(true)))
                .unwrap()
                .contains("röstar två gånger")
        );
        assert!(m.vote_problem(&vote(&[("Okänd Person", Ballot::Ja)], None)).unwrap().contains("finns inte i närvarolistan"));
        let absent = m.members.iter().find(|x| !x.is_substitute() && !x.present).unwrap().name.clone();
        assert!(m.vote_problem(&vote(&[(absent.as_str(), Ballot::Ja)], None)).unwrap().contains("är inte närvarande"));
        assert_eq!(m.attendance_problem(), None);
        for x in m.members.iter_mut() {
            x.present = true;
        }
        assert!(m.attendance_problem().unwrap().contains("1 ersättare tjänstgör men ingen ledamot är frånvarande"));
        // Nor before anyone was called to it.
        m.notice_sent = false;
        assert!(m.not_signable(d("2022-02-16"), &three).unwrap().contains("Kallelsen är inte skickad"));
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn sy_06_anslag_within_two_days_and_three_weeks() {
        assert_eq!(anslag_deadline(d("2025-03-25")), d("2025-03-27"));
        assert_eq!(appeal_last_day(d("2025-03-26")), d("2025-04-16"));
        assert_eq!(take_down_earliest(d("2025-04-16")), d("2025-04-17"));
    }

    #[test]
    fn sy_07_a_last_day_on_a_weekend_moves_to_monday() {
        assert_eq!(appeal_last_day(d("2025-03-08")), d("2025-03-31"));
    }

    #[test]
    fn sy_08_christmas_and_the_weekend() {
        assert_eq!(appeal_last_day(d("2025-12-04")), d("2025-12-29"));
    }

    #[test]
    fn midsommarafton_julafton_and_nyarsafton_count_as_holidays() {
        // 2025: midsommarafton Friday 20 June; anslag 30 May + 21 = 20 June → Monday 23 June.
        assert!(holidays(2025).contains(&(d("2025-06-20"), "midsommarafton")));
        assert_eq!(appeal_last_day(d("2025-05-30")), d("2025-06-23"));
        // Julafton 2026 is a Thursday: 3 Dec + 21 = 24 Dec → 28 Dec (25, 26 holidays, 27 Sunday).
        assert_eq!(appeal_last_day(d("2026-12-03")), d("2026-12-28"));
        // Nyårsafton 2025 is a Wednesday: 10 Dec + 21 = 31 Dec → 2 Jan (1 Jan nyårsdagen).
        assert_eq!(appeal_last_day(d("2025-12-10")), d("2026-01-02"));
        // Easter 2025: 20 April; långfredag 18 April, annandag påsk 21 April.
        assert_eq!(easter(2025), d("2025-04-20"));
        assert_eq!(appeal_last_day(d("2025-03-28")), d("2025-04-22"));
        // A plain Tuesday stays.
        assert_eq!(appeal_last_day(d("2025-09-02")), d("2025-09-23"));
    }

    #[test]
    fn sy_04_05_continuous_paragraph_numbers() {
        assert_eq!(paragraph_numbers(Some(13), 5), 14..=18);
        assert_eq!(paragraph_numbers(None, 3), 1..=3);
    }

    #[test]
    fn sy_14_secret_paragraph_in_public() {
        let p = Paragraph {
            number: 7,
            item: 7,
            title: "Individärenden".into(),
            case: None,
            text: "Beslut om placering enligt LVU av barnet.".into(),
            underlag: vec!["Utredning".into()],
            motions: vec![],
            propositions: String::new(),
            vote: None,
            reservations: vec![],
            notes: vec![],
            jav: vec![],
            decision: vec!["Nämnden beslutar om vård.".into()],
            recipients: vec!["Förvaltningsrätten".into()],
            secret: true,
            osl: "OSL 26 kap. 1 §".into(),
        };
        let public = p.public();
        assert_eq!(public.title, "Individärenden");
        assert_eq!(public.text, SECRET_NOTE);
        assert!(public.texts().iter().all(|t| !t.contains("LVU") && !t.contains("vård")));
    }

    #[test]
    fn publishing_is_blocked_by_a_luhn_valid_personnummer_only() {
        let mut p = sy_paragraph();
        p.text = "Ärendet gäller 19121212-1212.".into();
        assert_eq!(publishing_blocked(&[p.clone()]).len(), 1);
        p.text = "Ärendet gäller 19121212-1213.".into();
        assert!(publishing_blocked(&[p.clone()]).is_empty());
        // A secret paragraph's content is not published, so it does not block.
        p.text = "Ärendet gäller 19121212-1212.".into();
        p.secret = true;
        assert!(publishing_blocked(&[p]).is_empty());
        // The names typed beside the texts are printed too: a personnummer there blocks.
        for set in [
            |p: &mut Paragraph| p.recipients = vec!["Vårdnadshavare 121212-1212".into()],
            |p: &mut Paragraph| p.jav = vec!["121212-1212".into()],
            |p: &mut Paragraph| p.reservations = vec![("Jonas 121212-1212".into(), "Nej.".into())],
            |p: &mut Paragraph| p.motions = vec![Motion { by: "121212-1212".into(), ..Motion::default() }],
        ] {
            let mut p = sy_paragraph();
            set(&mut p);
            assert_eq!(publishing_blocked(&[p]).len(), 1);
        }
    }

    #[test]
    fn an_agenda_item_is_published_without_personnummer_and_a_secret_one_without_content() {
        let item = AgendaItem {
            number: 3,
            title: "Placering".into(),
            case: Some("SN/2023:00012".into()),
            kind: ItemKind::Decision,
            proposal: "Nämnden beslutar att bevilja.".into(),
            paper: "Ansökan från 121212-1212 om bistånd.".into(),
            secret: false,
            sections: vec![("Ärendet".into(), "Gäller 19121212-1212.".into())],
            heading_case: None,
        };
        let public = item.public();
        assert_eq!(public.paper, "Ansökan från [personnummer borttaget] om bistånd.");
        assert_eq!(public.sections[0].1, "Gäller [personnummer borttaget].");
        assert_eq!(public.proposal, item.proposal);
        let secret = AgendaItem { secret: true, ..item }.public();
        assert!(secret.paper.is_empty() && secret.proposal.is_empty() && secret.sections.is_empty());
        assert_eq!((secret.number, secret.title.as_str()), (3, "Placering"));
    }

    fn sy_paragraph() -> Paragraph {
        Paragraph {
            number: 1,
            item: 4,
            title: "Verksamhetsberättelse 2021".into(),
            case: Some("SN/2021:00547".into()),
            text: String::new(),
            underlag: vec![],
            motions: vec![],
            propositions: String::new(),
            vote: None,
            reservations: vec![],
            notes: vec![],
            jav: vec![],
            decision: vec![],
            recipients: vec![],
            secret: false,
            osl: String::new(),
        }
    }

    #[test]
    fn votes_and_the_casting_vote() {
        let v = Vote {
            ja_means: "ordförandens yrkande".into(),
            nej_means: "Eriks yrkande".into(),
            ballots: vec![("A".into(), Ballot::Ja), ("B".into(), Ballot::Nej), ("C".into(), Ballot::Ja), ("D".into(), Ballot::Avstar)],
            chair_casting_ja: None,
        };
        assert_eq!(v.counts(), (2, 1, 1));
        assert!(v.result_sv().starts_with("Med 2 ja-röster mot 1 nej-röst (1 avstår) beslutar nämnden enligt ordförandens yrkande"));
        let tie = Vote { ballots: vec![("A".into(), Ballot::Ja), ("B".into(), Ballot::Nej)], chair_casting_ja: Some(false), ..v };
        assert_eq!(tie.ja_wins(), Some(false));
        assert!(
            tie.result_sv()
                .starts_with("Med 1 ja-röst mot 1 nej-röst (0 avstår) och ordförandens utslagsröst beslutar nämnden enligt Eriks yrkande")
        );
        let open = Vote { chair_casting_ja: None, ..tie };
        assert_eq!(open.ja_wins(), None);
    }

    #[test]
    fn mt_02_to_07_reported_items() {
        let r = parse_reported("§ 12 KF Avsägelse och fyllnadsval 2022-01-27 KS/2022:00001");
        assert_eq!(
            (r.body.as_deref(), r.paragraph, r.date, r.title.as_str()),
            (Some("KF"), Some(12), Some(d("2022-01-27")), "Avsägelse och fyllnadsval")
        );
        assert_eq!(r.case.unwrap().to_string(), "KS/2022:00001");
        let r = parse_reported("§ 12 KS Firmateknare 2022, 2022-01-10 KS/2021:00826");
        assert_eq!(
            (r.body.as_deref(), r.paragraph, r.date, r.title.as_str()),
            (Some("KS"), Some(12), Some(d("2022-01-10")), "Firmateknare 2022")
        );
        assert_eq!(r.case.unwrap().to_string(), "KS/2021:00826");
        // MT-04: § 12 is unique only within (body, year).
        let r = parse_reported("§ 10 KS Rekommendation om överenskommelse (S/20/0008-89) KS/2021:00431");
        assert_eq!((r.body.as_deref(), r.paragraph, r.date), (Some("KS"), Some(10), None));
        assert_eq!(r.case.unwrap().to_string(), "KS/2021:00431");
        let r = parse_reported("2022-02-03 Beslut om digitalt sammanträde");
        assert_eq!(
            (r.paragraph, r.date, r.title.as_str(), r.case.is_none()),
            (None, Some(d("2022-02-03")), "Beslut om digitalt sammanträde", true)
        );
        let r = parse_reported("Tillsyn av serveringstillstånd 2021 (SN 2022:00036)");
        assert_eq!(r.case.unwrap().to_string(), "SN/2022:00036");
    }

    #[test]
    fn mt_01_decision_reference() {
        let r = crate::economy::DecisionRef::parse("KF 2022-12-12, § 281").unwrap();
        assert_eq!((r.body.as_str(), r.date, r.paragraph), ("KF", d("2022-12-12"), 281));
    }

    #[test]
    fn mt_08_an_empty_group_at_the_end() {
        let g = reported_groups(&[
            "2022-02-03 Beslut om digitalt sammanträde",
            "Tillsyn av serveringstillstånd 2021 (SN 2022:00036)",
            "§ 12 KF Avsägelse och fyllnadsval 2022-01-27 KS/2022:00001",
            "Lex Sarah",
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].1.len(), 3);
        assert_eq!((g[1].0.as_deref(), g[1].1.len()), (Some("Lex Sarah"), 0));
    }

    #[test]
    fn mt_14_to_17_optional_decision_recipients_and_mandatory_sections() {
        // MT-14: an item without a proposal gets no decision.
        let item = AgendaItem {
            number: 10,
            title: "Samordningsförbundet".into(),
            case: Some("SN/2022:00019".into()),
            kind: ItemKind::Information,
            proposal: String::new(),
            paper: "Det finns inga ärenden att redovisa.".into(),
            secret: false,
            sections: vec![],
            heading_case: None,
        };
        assert!(draft_protocol(&[item.clone()], 10)[0].decision.is_empty());
        // The draft § takes the paper's recipients and its listed underlag.
        let decided = AgendaItem {
            kind: ItemKind::Decision,
            sections: vec![
                ("Beslutsunderlag".into(), "Verksamhetsberättelse 2021".into()),
                ("Expedieras till".into(), "Kommunstyrelsen\nKommunens revisorer".into()),
            ],
            ..item
        };
        let p = draft_protocol(&[decided], 4).remove(0);
        assert_eq!(p.underlag, ["Tjänsteskrivelse", "Verksamhetsberättelse 2021"]);
        assert_eq!(p.recipients, ["Kommunstyrelsen", "Kommunens revisorer"]);
        // MT-15: an empty distribution list is warned about.
        let w = case_paper_warnings(&[("Barnkonsekvensanalys".into(), "Inga.".into()), ("Expedieras till:".into(), String::new())]);
        assert_eq!(w, vec!["Ingen mottagare under «Expedieras till».".to_string()]);
        // MT-16: no Barnkonsekvensanalys section.
        let w = case_paper_warnings(&[("Expedieras till:".into(), "Kommunstyrelsen".into())]);
        assert_eq!(w, vec!["Tjänsteskrivelsen saknar avsnittet Barnkonsekvensanalys.".to_string()]);
        // MT-17: three recipients, IVO not among them.
        let r = recipients("Förvaltningsjurist\nKommunens revisorer\nKommunfullmäktige");
        assert_eq!(r.len(), 3);
        assert!(!r.iter().any(|x| x.contains("IVO") || x.contains("Inspektionen")));
    }

    #[test]
    fn mt_09_to_13_items_head_and_clauses() {
        assert_eq!(item_number("09"), Some(9));
        assert_eq!(item_number("9."), Some(9));
        let h = parse_head("Tid: 2022-02-15, Kl: 18:00", "Plats: Munkhättevägen 49, Fisken/Teams");
        assert_eq!((h.date, h.time.as_deref(), h.hybrid), (Some(d("2022-02-15")), Some("18:00"), true));
        assert!(is_formality("Upprop och närvarogodkännande") && is_formality("Val av justerare"));
        assert!(!is_formality("Patientsäkerhetsberättelse 2021"));
        let c = decision_clauses(
            "Socialnämnden beslutar att 1. godkänna årsrapport 2023 för socialnämnden 2. uppdra till förvaltningen att föreslå att överföra 0,5 miljoner kronor",
        );
        assert_eq!(c.len(), 2);
        assert!(c[1].starts_with("uppdra till förvaltningen") && c[1].contains("0,5 miljoner kronor"));
        let c = decision_clauses(
            "Socialnämnden godkänner verksamhetsberättelsen för 2021 och föreslår ombudgetering av överskott om 414 000 kronor. Socialnämnden överlämnar verksamhetsberättelsen för 2021 till kommunstyrelsen för vidare behandling.",
        );
        assert_eq!(c.len(), 2);
    }
}
