//! The audit log of a municipality, for auditors and administrators.

use super::{municipality_or_404, render};
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::audit::{AuditEntry, Verdict};

/// Rows per page.
const PAGE: i64 = 50;

/// An entry as `role` may read it: a deviation's free text (description, investigation,
/// actions — it may tell of a patient) only for those who handle deviations; others see that it
/// changed, not what it says.
pub(crate) fn shown_to(mut e: AuditEntry, role: domain::role::Role) -> AuditEntry {
    if e.action.starts_with("quality.") && !crate::access::QUALITY_REPORTERS.contains(&role) {
        let hide = |j: Option<String>| {
            j.map(|t| match serde_json::from_str::<serde_json::Value>(&t) {
                Ok(mut v) => {
                    if let Some(o) = v.as_object_mut() {
                        for k in ["description", "investigation", "actions", "outcome"] {
                            if let Some(x) = o.get_mut(k).filter(|x| x.as_str().is_some_and(|s| !s.is_empty())) {
                                *x = serde_json::Value::String("[fritext dold]".into());
                            }
                        }
                    }
                    v.to_string()
                }
                Err(_) => "[dold]".into(),
            })
        };
        e.before_json = hide(e.before_json);
        e.after_json = hide(e.after_json);
    }
    e
}

/// What an action did, in Swedish (the code is shown beside it).
fn action_sv(action: &str) -> &'static str {
    match action {
        "control.action.add" => "Lade till en åtgärd i internkontrollen",
        "control.action.done" => "Markerade en åtgärd klar",
        "control.action.reopened" => "Öppnade en åtgärd igen",
        "control.plan" => "Sparade internkontrollplanen",
        "control.result" => "Registrerade ett kontrollresultat",
        "control.publish" => "Publicerade den interna kontrollen",
        "control.withdraw" => "Avpublicerade den interna kontrollen",
        "diary.case" => "Registrerade eller ändrade ett ärende",
        "diary.document" => "Registrerade en handling",
        "economy.action_plan" => "Sparade åtgärdsplanen",
        "economy.budget" => "Sparade budgeten",
        "economy.forecast" => "Sparade prognoser",
        "economy.frame" => "Sparade ramprotokollet",
        "economy.grants" => "Sparade statsbidragen",
        "economy.investments" => "Sparade investeringarna",
        "economy.ledger.import" => "Läste in huvudboken",
        "economy.ledger.remap" => "Placerade om huvudbokens rader efter en ändrad kontomappning",
        "economy.publish" => "Publicerade ekonomin",
        "economy.withdraw" => "Avpublicerade ekonomin",
        "economy.setup.create" => "Lade upp årets ekonomiinställningar",
        "economy.setup.replace" => "Ändrade årets ekonomiinställningar",
        "economy.volumes" => "Sparade verksamhetsstatistiken",
        "evb.decision.add" => "Registrerade ett beslut (ej verkställda beslut)",
        "evb.decision.update" => "Ändrade ett beslut (ej verkställda beslut)",
        "evb.read_identifiable" => "Läste identifierbara uppgifter om beslut",
        "evb.replace" => "Läste in registret över ej verkställda beslut",
        "goal.assess" => "Bedömde ett mål",
        "goals.create" => "Lade upp årets mål",
        "goals.replace" => "Ersatte årets mål",
        "goals.publish" => "Publicerade målen",
        "goals.withdraw" => "Avpublicerade målen",
        "indicator.outcome" => "Registrerade utfall för en indikator",
        "indicator.target" => "Satte ett målvärde",
        "meeting.attendance" => "Registrerade närvaro",
        "meeting.members" => "Läste in ledamöterna",
        "meeting.save" => "Sparade ett sammanträde",
        "org.create" => "Lade upp organisationen",
        "org.replace" => "Ersatte organisationen",
        "period.plan" => "Sparade uppföljningsplanen",
        "personnel.replace" => "Läste in personalstatistik",
        "personnel.publish" => "Publicerade personalstatistiken",
        "personnel.withdraw" => "Avpublicerade personalstatistiken",
        "protocol.anslag" => "Anslog protokollet",
        "protocol.anslag_corrected" => "Rättade anslaget innan det kom upp",
        "control.plan_head" => "Sparade internkontrollplanens beslut och analys",
        "protocol.renumbered" => "Numrerade om ett senare sammanträdes paragrafer",
        "protocol.paragraph" => "Sparade en paragraf",
        "protocol.sign" => "Justerade protokollet",
        "meeting.item_removed" => "Tog bort ett ärende från dagordningen",
        "protocol.secrecy_read" => "Läste sekretessprotokollet",
        "providers.replace" => "Läste in planen för privata utförare",
        "providers.publish" => "Publicerade planen för privata utförare",
        "providers.withdraw" => "Avpublicerade planen för privata utförare",
        "quality.deviation" => "Registrerade eller ändrade en avvikelse",
        "quality.complaint" => "Registrerade eller besvarade ett klagomål eller en synpunkt",
        "quality.inspection" => "Lade till en egenkontroll eller skrev dess resultat",
        "report.template" => "Sparade kommunens rapportmall",
        "report.text" => "Sparade text i en rapport",
        "user.create" => "Skapade ett konto",
        "user.password" => "Bytte lösenord",
        "user.unit" => "Ändrade ett kontos enhet",
        "user.disabled" => "Stängde av eller öppnade ett konto",
        "economy.account_types" => "Sparade intäkter och kostnader per kontotyp",
        "economy.amount_lists" => "Sparade beloppslistor per verksamhet",
        "economy.forecast_removed" => "Tog bort prognoser för en månad",
        "economy.result_lines" => "Sparade resultaträkningens rader",
        "economy.subrows" => "Sparade delrader (särredovisning)",
        "meeting.cancelled" => "Ställde in ett sammanträde",
        "meeting.item_added" => "Lade till ett ärende på dagordningen",
        "control.cleared" => "Tömde årets internkontrollresultat eller åtgärder inför ny inläsning",
        "meeting.item_edited" => "Ändrade ett ärende på dagordningen",
        "meeting.item_moved" => "Flyttade ett ärende på dagordningen",
        "meeting.moved" => "Flyttade ett sammanträde till ett annat datum",
        "protocol.signatures_withdrawn" => "Återkallade justeringen (underskrifterna togs bort)",
        "report.publish" => "Publicerade en rapport",
        "report.publish.despite_warnings" => "Publicerade en rapport trots granskningens varningar",
        "report.case" => "Angav ärendet som en rapport beslutas i",
        "report.withdraw" => "Avpublicerade en rapport",
        a if a.starts_with("quality.replace.") => "Läste in en del av kvalitetsregistret",
        _ => "",
    }
}

/// A record field's name in Swedish (the last part of a dotted path), for the audit log's list
/// of changes; `None` for a name without one, shown as it is.
fn field_sv(name: &str) -> Option<&'static str> {
    Some(match name {
        "acceptable_from" => "godtagbar från",
        "account_from" => "konto från",
        "account_to" => "konto till",
        "actions" => "åtgärder",
        "activities" => "verksamheter",
        "activity" => "verksamhet",
        "adjusters" => "justerare",
        "adjustment" => "justering",
        "adopted" => "antagen",
        "age_30_49" => "30–49 år",
        "age_50_up" => "50 år och äldre",
        "age_to_29" => "29 år och yngre",
        "agenda" => "dagordning",
        "agenda2030" => "Agenda 2030-mål",
        "amount" => "belopp",
        "analysis" => "analys",
        "ansvar" => "ansvar",
        "answer" => "svar",
        "answered" => "besvarat",
        "appeal_last_day" => "sista dag för överklagande",
        "applied" => "ansökt",
        "approved_share" => "andel godkända",
        "area" => "område",
        "assignments" => "uppdrag",
        "at" => "tidpunkt",
        "attendance" => "närvaro",
        "ballots" => "röster",
        "base" => "bas",
        "bodies" => "organ",
        "body" => "organ",
        "body_name" => "organ",
        "budget" => "budget",
        "by" => "vem",
        "carry_over" => "ombudgetering",
        "case" | "case_number" => "diarienummer",
        "category" => "kategori",
        "chair" => "ordförande",
        "chair_casting_ja" => "ordförandens utslagsröst ja",
        "class" => "klass",
        "closed" => "avslutat",
        "closed_on" => "avslutsdatum",
        "code" => "kod",
        "comment" => "kommentar",
        "config" => "inställningar",
        "consequence" => "konsekvens",
        "contracts" => "avtal",
        "convention" => "teckenkonvention",
        "cost-part" => "kostnadsdel",
        "cumulative_budget" => "total budget",
        "cumulative_outcome" => "totalt utfall",
        "date" => "datum",
        "days_15_59" => "dag 15–59",
        "days_1_14" => "dag 1–14",
        "days_60_up" => "dag 60 och över",
        "decided" => "beslutsdatum",
        "decimals" => "decimaler",
        "decision" => "beslut",
        "decisions" => "beslut",
        "definition" => "definition",
        "depth" => "nivå i strukturen",
        "description" => "beskrivning",
        "deviations" => "avvikelser",
        "direction" => "riktning",
        "disabled" => "avstängt",
        "display_name" => "namn",
        "done" => "klar",
        "due" => "klart senast",
        "effects" => "effekter",
        "events" => "händelser",
        "executed" => "verkställt",
        "file" => "fil",
        "findings" => "iakttagelser",
        "follow_up" => "uppföljning",
        "forecast_months" => "prognosmånader",
        "frequency" => "frekvens",
        "from" => "från",
        "goal" => "mål",
        "goals" => "mål",
        "good_compliance" => "god följsamhet",
        "good_from" => "god från",
        "grammar" => "böjning",
        "granted" => "beviljat",
        "group" => "grupp",
        "handler" => "handläggare",
        "harm" => "allvarlighet",
        "heading" => "rubrik",
        "id" => "nummer",
        "import" => "inläsning",
        "include" => "tas med",
        "indicators" => "indikatorer",
        "interim" => "tillfällig insats",
        "interim_months" => "delårsmånader",
        "interrupted" => "avbrottsdatum",
        "investigation" => "utredning",
        "item" => "punkt",
        "items" => "punkter",
        "ja_means" => "ja betyder",
        "jav" => "jäv",
        "justerat" => "justerat (kontrollsumma)",
        "key" => "nyckel",
        "key_figures" => "nyckeltal",
        "kf_goal" => "KF-mål",
        "kind" => "typ",
        "kolada_kpi" => "Kolada-nyckeltal",
        "label" => "benämning",
        "labels" => "benämningar",
        "last_year" => "föregående år",
        "level" => "nivå",
        "levels" => "nivåer",
        "lines" => "rader",
        "link" => "länk",
        "list" => "lista",
        "long_term_share" => "andel långtid",
        "low_max" => "högsta värde för låg",
        "mapping" => "mappning",
        "measured" => "mätperiod",
        "medium_max" => "högsta värde för medel",
        "members" => "ledamöter",
        "men" => "män",
        "method" => "metod",
        "month" => "månad",
        "motions" => "yrkanden",
        "municipality" => "kommun",
        "name" => "namn",
        "nej_means" => "nej betyder",
        "net_risks" => "nettolista risker",
        "new_page" => "ny sida",
        "note" => "anteckning",
        "notes" => "anteckningar",
        "notice_changed" => "kallelsen ändrad",
        "notice_revised" => "kallelsen reviderad",
        "notice_sent" => "kallelsen skickad",
        "notice_sent_on" => "kallelsen skickad den",
        "number" => "nummer",
        "object" => "objekt",
        "osl" => "sekretessbestämmelse (OSL)",
        "outcome" => "utfall",
        "owner" => "ansvarig",
        "parent" => "överordnat",
        "party" => "parti",
        "period" => "period",
        "perspective" => "perspektiv",
        "phrase" => "formulering",
        "place" => "plats",
        "plan" => "plan",
        "planned" => "planerad",
        "posted" => "anslaget",
        "present" => "närvarande",
        "prior_compliance" => "följsamhet föregående år",
        "prior_deviation" => "avvikelse föregående år",
        "prior_follows_last_year" => "föregående år enligt fjolårets tabell",
        "prior_net" => "netto föregående år",
        "probability" => "sannolikhet",
        "project" => "projekt",
        "propositions" => "propositionsordning",
        "rank" => "ordning",
        "realised" => "realiserad",
        "reason" => "skäl",
        "received" => "mottaget",
        "recipients" => "expedieras till",
        "registered" => "registrerat",
        "replaced" => "ersatt",
        "reports" => "rapporter",
        "reservations" => "reservationer",
        "responsible" => "ansvarig",
        "result" => "resultat",
        "results" => "resultat",
        "reviewed" => "granskade",
        "risk" => "risk",
        "risk_class" => "riskklass",
        "role" => "roll",
        "row" => "rad",
        "rows" => "rader",
        "rules" => "regler",
        "scale" => "skala",
        "seats" => "platser",
        "secrecy" => "sekretess",
        "secret" => "sekretess",
        "secretary" => "sekreterare",
        "serial" => "löpnummer",
        "series" => "serie",
        "serving" => "tjänstgör",
        "sha256" => "kontrollsumma (SHA-256)",
        "short_term" => "korttid",
        "sick_leave" => "sjukfrånvaro",
        "signatures" => "underskrifter",
        "signer" => "undertecknare",
        "source" => "källa",
        "status" => "status",
        "structure" => "struktur",
        "suppliers" => "leverantörer",
        "supported_by" => "instämmer",
        "symbol" => "symbol",
        "target" => "målvärde",
        "text" => "text",
        "this_year" => "innevarande år",
        "thresholds" => "trösklar",
        "time" => "tid",
        "timing" => "tidpunkt",
        "title" => "rubrik",
        "to" => "till",
        "total" => "totalt",
        "total_of_rounded" => "summa av avrundade",
        "underlag" => "beslutsunderlag",
        "unit" => "enhet",
        "units" => "enheter",
        "username" => "användarnamn",
        "value" => "värde",
        "vote" => "omröstning",
        "votes" => "röster",
        "warnings" => "varningar",
        "what" => "vad som hände",
        "with_pseudonym" => "med pseudonym",
        "women" => "kvinnor",
        "year" => "år",
        _ => return None,
    })
}

/// A changed field's Swedish name ("god följsamhet" for `config.good_compliance`), empty where
/// there is none; the log shows it beside the record's own path. A name that means one thing in
/// one kind of record and another elsewhere is named after the record (`entity`): a diarium
/// document's party is its sender or recipient, a member's is a political party.
fn field_label(entity: &str, path: &str) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    match (entity, name) {
        ("diary_document", "party") => "avsändare/mottagare".to_string(),
        _ => field_sv(name).unwrap_or_default().to_string(),
    }
}

/// What an entry's record is, in Swedish; empty for a kind without a name here.
fn entity_sv(entity: &str) -> &'static str {
    match entity {
        "action_plan" => "Åtgärdsplan",
        "agenda_item" => "Dagordningspunkt",
        "app_user" => "Konto",
        "body_member" => "Ledamot i organ",
        "budget" => "Budget",
        "control_action" => "Internkontroll: åtgärd",
        "control_plan" => "Internkontrollplan",
        "control_result" => "Internkontroll: resultat",
        "control_year" => "Internkontroll: år",
        "diary_case" => "Ärende i diariet",
        "diary_document" => "Handling i diariet",
        "economy_setup" => "Ekonomiinställning",
        "economy_year" => "Ekonomi: år",
        "evb_decision" => "Ej verkställt beslut",
        "evb_identity" => "Pseudonymer (EVB)",
        "follow_up_plan" => "Uppföljningsplan",
        "forecast" => "Prognos",
        "frame" => "Ramprotokoll",
        "goal_assessment" => "Målbedömning",
        "goal_year" => "Mål: år",
        "grants" => "Riktade statsbidrag",
        "indicator_outcome" => "Indikatorutfall",
        "indicator_target" => "Målvärde",
        "investments" => "Investeringar",
        "ledger" => "Huvudbok",
        "meeting" => "Sammanträde",
        "notice_board" => "Anslagstavla",
        "organisation" => "Organisation",
        "personnel" | "personnel_year" => "Personalstatistik",
        "protocol_paragraph" => "Protokollsparagraf",
        "protocol_signature" => "Underskrift av protokoll",
        "provider_plan" | "providers_year" => "Privata utförare",
        "quality_row" => "Kvalitetsregister",
        "report" => "Rapport",
        "report_template" => "Rapportmall",
        "report_text" => "Rapporttext",
        "result_lines" => "Driftresultat per slag",
        "subrows" => "Delrader i driftredovisningen",
        "user" => "Konto",
        "volumes" => "Verksamhetsstatistik",
        _ => "",
    }
}

/// Who made a change, as the log names them: the account's login name, or the system.
pub(crate) fn actor_sv(actor: &str) -> String {
    match actor.split_once(':') {
        Some(("user", name)) => name.to_string(),
        Some(("system", what)) => format!("systemet ({what})"),
        Some(_) => actor.to_string(),
        // A system actor by its bare name (`Actor::system`).
        None => match actor {
            "cli" => "kommandoraden".to_string(),
            "demo" => "demoinläsningen".to_string(),
            other => format!("systemet ({other})"),
        },
    }
}

/// An entry as shown.
pub struct EntryView {
    seq: i64,
    at: String,
    at_short: String,
    actor: String,
    action: String,
    /// The action in Swedish, empty for one without a label.
    action_sv: &'static str,
    entity: String,
    /// The record's kind in Swedish, empty where there is no name for it.
    entity_sv: &'static str,
    entity_key: String,
    before: String,
    after: String,
    /// The fields that changed, when both sides are records: (Swedish name, path, before, after).
    changes: Vec<(String, String, String, String)>,
}

/// The fields whose values differ between two records, nested records followed down to their
/// fields (`config.good_compliance`), each value written short (a text without its quotes);
/// every field of a record created or removed; empty unless the sides are JSON objects.
fn changed_fields(entity: &str, before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String, String)> {
    use serde_json::Value;
    use std::collections::BTreeMap;
    fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, x) in m {
                    flatten(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, x, out);
                }
            }
            _ => {
                out.insert(prefix.to_string(), v.clone());
            }
        }
    }
    let fields = |j: Option<&str>| match j.map(serde_json::from_str::<Value>) {
        Some(Ok(v @ Value::Object(_))) => {
            let mut out = BTreeMap::new();
            flatten("", &v, &mut out);
            Some(out)
        }
        _ => None,
    };
    // A record created (nothing before) or removed (nothing after) lists its fields too.
    let (b, a) = match (fields(before), fields(after)) {
        (Some(b), Some(a)) => (b, a),
        (None, Some(a)) if before.is_none() => (BTreeMap::new(), a),
        (Some(b), None) if after.is_none() => (b, BTreeMap::new()),
        _ => return Vec::new(),
    };
    // Amounts are stored in öre: an integer under an amount's name reads as kronor.
    const MONEY: &[&str] = &[
        "amount",
        "applied",
        "budget",
        "carry_over",
        "costs",
        "cumulative_budget",
        "cumulative_outcome",
        "granted",
        "income",
        "last_year",
        "outcome",
        "planned",
        "prior",
        "prior_deviation",
        "prior_net",
        "realised",
        "received",
        "this_year",
        "used",
    ];
    // Shares and rates are stored as Measure (ten-thousandths): an integer under such a name
    // reads as a percentage.
    const PERCENT: &[&str] = &[
        "age_30_49",
        "age_50_up",
        "age_to_29",
        "approved_share",
        "days_15_59",
        "days_1_14",
        "days_60_up",
        "long_term_share",
        "men",
        "short_term",
        "women",
    ];
    let short = |k: &str, v: Option<&Value>| match v {
        None | Some(Value::Null) => "–".to_string(),
        Some(Value::Number(n)) if PERCENT.contains(&k.rsplit('.').next().unwrap_or(k)) && n.is_i64() => {
            format!("{} %", domain::goals::Measure::from_raw(n.as_i64().unwrap_or(0)).present_natural())
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => (if *b { "ja" } else { "nej" }).to_string(),
        Some(Value::Number(n)) if MONEY.contains(&k.rsplit('.').next().unwrap_or(k)) && n.is_i64() => {
            domain::money::Ore::new(n.as_i64().unwrap_or(0)).present_with_unit(domain::money::Scale::Kr, 2)
        }
        Some(v) => v.to_string(),
    };
    // A list (a mapping's rules, a table's rows): what left it and what came into it, not
    // the whole list twice.
    let item = |k: &str, v: &Value| match v {
        Value::Object(m) => m
            .iter()
            .map(|(f, x)| format!("{}: {}", field_sv(f).unwrap_or(f), short(&format!("{k}.{f}"), Some(x))))
            .collect::<Vec<_>>()
            .join(", "),
        other => short(k, Some(other)),
    };
    let listed = |k: &str, items: Vec<&Value>| {
        if items.is_empty() { "–".to_string() } else { items.into_iter().map(|v| item(k, v)).collect::<Vec<_>>().join("; ") }
    };
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| match (b.get(k), a.get(k)) {
            // A list in a record created or removed: its items, not its JSON.
            (None, Some(Value::Array(is))) => (field_label(entity, k), k.clone(), "–".to_string(), listed(k, is.iter().collect())),
            (Some(Value::Array(was)), None) => (field_label(entity, k), k.clone(), listed(k, was.iter().collect()), "–".to_string()),
            (Some(Value::Array(was)), Some(Value::Array(is))) => {
                let gone: Vec<&Value> = was.iter().filter(|v| !is.contains(v)).collect();
                let came: Vec<&Value> = is.iter().filter(|v| !was.contains(v)).collect();
                if gone.is_empty() && came.is_empty() {
                    (field_label(entity, k), k.clone(), "samma poster".to_string(), "i ny ordning".to_string())
                } else {
                    (field_label(entity, k), k.clone(), format!("borttaget: {}", listed(k, gone)), format!("tillagt: {}", listed(k, came)))
                }
            }
            _ => (field_label(entity, k), k.clone(), short(k, b.get(k)), short(k, a.get(k))),
        })
        .collect()
}

impl From<AuditEntry> for EntryView {
    fn from(e: AuditEntry) -> EntryView {
        let pretty = |j: Option<String>| match j {
            None => "–".to_string(),
            Some(t) => serde_json::from_str::<serde_json::Value>(&t).and_then(|v| serde_json::to_string_pretty(&v)).unwrap_or(t),
        };
        EntryView {
            seq: e.seq,
            at_short: domain::period::stockholm_minute(&e.at),
            at: e.at,
            actor: actor_sv(&e.actor),
            action_sv: action_sv(&e.action),
            action: e.action,
            entity_sv: entity_sv(&e.entity),
            changes: changed_fields(&e.entity, e.before_json.as_deref(), e.after_json.as_deref()),
            entity: e.entity,
            entity_key: e.entity_key,
            before: pretty(e.before_json),
            after: pretty(e.after_json),
        }
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    shell: Shell,
    kommun_name: String,
    chain_class: &'static str,
    chain_symbol: &'static str,
    chain_text: String,
    entries: Vec<EntryView>,
    more: Option<i64>,
}

#[derive(Template)]
#[template(path = "audit_rows.html")]
struct AuditRows {
    entries: Vec<EntryView>,
    more: Option<i64>,
}

/// Query: `fore` = show entries before this number; `rader=1` = only the rows (for htmx);
/// `format=csv` = the municipality's whole log as a file.
#[derive(Deserialize)]
pub struct AuditQuery {
    fore: Option<i64>,
    rader: Option<u8>,
    format: Option<String>,
}

/// The municipality's whole log as CSV (semicolons, UTF-8 with BOM for spreadsheets), every
/// entry with its hashes, so that an auditor can keep and check it outside Årshjul.
fn audit_csv(entries: Vec<AuditEntry>, role: domain::role::Role) -> Vec<u8> {
    let field = |v: &str| {
        if v.contains([';', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_string() }
    };
    let mut out =
        String::from("\u{feff}nr;tid (UTC);vem;händelse;åtgärd;post;nyckel;före;efter;föregående kontrollsumma;kontrollsumma\r\n");
    for e in entries {
        let e = shown_to(e, role);
        let cells = [
            e.seq.to_string(),
            e.at.clone(),
            e.actor.clone(),
            action_sv(&e.action).to_string(),
            e.action.clone(),
            e.entity.clone(),
            e.entity_key.clone(),
            e.before_json.clone().unwrap_or_default(),
            e.after_json.clone().unwrap_or_default(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// GET /k/{kommun}/granskningslogg
pub async fn log(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(code): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let role = crate::access::Who::of(&auth).role;
    if q.format.as_deref() == Some("csv") {
        let all = store::audit::recent(&state.store, Some(&code), i64::MAX, None).await?;
        return Ok(super::evb::download(audit_csv(all, role), "csv", &format!("granskningslogg-{code}")));
    }
    let mut entries = store::audit::recent(&state.store, Some(&code), PAGE + 1, q.fore).await?;
    let more = if entries.len() as i64 > PAGE {
        entries.truncate(PAGE as usize);
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    let entries: Vec<EntryView> = entries.into_iter().map(|e| EntryView::from(shown_to(e, role))).collect();
    if q.rader == Some(1) {
        return Ok(render(AuditRows { entries, more })?.into_response());
    }
    let (chain_class, chain_symbol, chain_text) = match store::audit::verify(&state.store).await? {
        Verdict::Intact { entries } => {
            let own = store::audit::count_in(&state.store, &code).await?;
            (
                "ok",
                "✓",
                format!("Kedjan är obruten: loggens alla {entries} poster, varav {own} för {}, stämmer med sina kontrollsummor.", m.name),
            )
        }
        Verdict::Broken { seq, reason } => ("bad", "✗", format!("Kedjan är bruten vid post {seq}: {}.", reason.sv())),
    };
    Ok(render(AuditPage {
        shell: Shell::new("Granskningslogg", &auth, Some(&m)).at(&format!("/k/{code}/granskningslogg")),
        kommun_name: m.name.clone(),
        chain_class,
        chain_symbol,
        chain_text,
        entries,
        more,
    })?
    .into_response())
}

#[cfg(test)]
mod tests {
    /// Every action the store logs has its Swedish words: the store's action literals (and the
    /// prefixes it builds actions from) are read from its source.
    #[test]
    fn every_logged_action_is_named_in_swedish() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../store/src");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for lit in src.split('"').skip(1).step_by(2) {
                let parts: Vec<&str> = lit.split('.').collect();
                let looks_like_action = (2..=3).contains(&parts.len())
                    && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
                    && !lit.ends_with(".rs");
                if looks_like_action && super::action_sv(lit).is_empty() {
                    missing.push(lit.to_string());
                }
            }
        }
        // Built with format!: publications and the quality register's parts.
        for built in
            ["report.publish", "report.withdraw", "report.publish.despite_warnings", "control.publish", "quality.replace.complaints"]
        {
            if super::action_sv(built).is_empty() {
                missing.push(built.to_string());
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "actions without Swedish words: {missing:?}");
    }

    #[test]
    fn changed_fields_read_in_swedish_with_amounts_in_kronor() {
        let before = r#"{"name":"Vakanser","planned":-45000000,"ongoing":true,"approved_share":620000}"#;
        let after = r#"{"name":"Vakanser","planned":-60000000,"ongoing":false,"approved_share":740000}"#;
        let rows = super::changed_fields("", Some(before), Some(after));
        let row = |k: &str| rows.iter().find(|r| r.1 == k).map(|r| (r.2.clone(), r.3.clone())).unwrap();
        assert_eq!(row("planned"), ("\u{2212}450\u{a0}000,00\u{a0}kr".to_string(), "\u{2212}600\u{a0}000,00\u{a0}kr".to_string()));
        assert_eq!(row("ongoing"), ("ja".to_string(), "nej".to_string()));
        // A share, stored in ten-thousandths: a percentage.
        assert_eq!(row("approved_share"), ("62 %".to_string(), "74 %".to_string()));
        // A party is a sender or recipient on a diarium document, a political party elsewhere.
        let party = |entity: &str| super::changed_fields(entity, None, Some(r#"{"party":"IVO"}"#))[0].0.clone();
        assert_eq!((party("diary_document").as_str(), party("member").as_str()), ("avsändare/mottagare", "parti"));
        // A list's items name their fields in Swedish too.
        let rows =
            super::changed_fields("", Some(r#"{"rules":[]}"#), Some(r#"{"rules":[{"item":"2","findings":"Tre saknas","done":true}]}"#));
        assert_eq!(rows[0].3, "tillagt: klar: ja, iakttagelser: Tre saknas, punkt: 2", "{rows:?}");
        assert!(rows.iter().all(|r| r.1 != "name"), "unchanged fields are left out");
    }

    /// A record created shows its fields as they came; one removed, as they were.
    #[test]
    fn a_created_or_removed_record_lists_its_fields() {
        let user = r#"{"display_name":"Sara Sekreterare","role":"sekreterare","disabled":false}"#;
        let created = super::changed_fields("", None, Some(user));
        assert!(created.contains(&("roll".to_string(), "role".to_string(), "–".to_string(), "sekreterare".to_string())), "{created:?}");
        assert!(created.iter().any(|r| r.1 == "disabled" && r.3 == "nej"), "{created:?}");
        let removed = super::changed_fields("", Some(user), None);
        assert!(removed.iter().any(|r| r.1 == "display_name" && (r.2.as_str(), r.3.as_str()) == ("Sara Sekreterare", "–")), "{removed:?}");
        // Not a record: nothing to list.
        assert!(super::changed_fields("", None, Some("[1,2]")).is_empty());
    }

    /// A mapping change shows the rule that went and the rule that came, not 16 rules twice.
    #[test]
    fn a_changed_list_shows_what_left_and_what_came() {
        let rule = |to: u32| format!(r#"{{"account_from":3000,"account_to":{to},"unit":"ADM"}}"#);
        let other = r#"{"account_from":4000,"account_to":7999,"unit":"ADM"}"#;
        let before = format!(r#"{{"mapping":{{"rules":[{},{other}]}}}}"#, rule(3999));
        let after = format!(r#"{{"mapping":{{"rules":[{},{other}]}}}}"#, rule(3599));
        let rows = super::changed_fields("", Some(&before), Some(&after));
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].2, "borttaget: konto från: 3000, konto till: 3999, enhet: ADM");
        assert_eq!(rows[0].3, "tillagt: konto från: 3000, konto till: 3599, enhet: ADM");
        let swapped = format!(r#"{{"mapping":{{"rules":[{other},{}]}}}}"#, rule(3999));
        assert_eq!(super::changed_fields("", Some(&before), Some(&swapped))[0].3, "i ny ordning");
    }
}
