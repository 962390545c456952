//! Files for a meeting: its head and agenda, the diarium, and the register of members.
//!
//! | folder / file | columns |
//! |---|---|
//! | `sammantrade-YYYY-MM-DD/sammantrade.csv` | `id;organ;organnamn;datum;tid;plats;länk;ordförande;sekreterare;justerare` — one row; several justerare separated by `|` |
//! | `sammantrade-YYYY-MM-DD/dagordning.csv` | `nr;rubrik;dnr;typ;förslag;sammanfattning;sekretess`, optionally `dnr_rubrik` (the case paper heading's number) and `ärendet;ekonomiska_konsekvenser;barnkonsekvensanalys;anmälda_ärenden;beslutsunderlag;expedieras_till` (lines separated by ` \| `) — typ `formalia`/`beslut`/`information`/`anmälan`; dnr in any of the forms of meetings.md §2, stored normalised |
//! | `diarium/arenden.csv` | `dnr;rubrik;registrerad;handläggare;status`, optionally `sekretess` — status `öppet`/`avslutat` ([`read_diary`]) |
//! | `diarium/handlingar.csv` | `dnr;riktning;datum;rubrik;part;handläggare;sekretess` — riktning `in`/`ut`/`upprättad` |
//! | `rapport-YYYY/arenden.csv` | `rapport;diarienummer` — the case each report of the year is decided in |
//! | `ledamoter.csv` | `organ;namn;parti;roll;från;till` — the register of elected members ([`read_members`]) |

use crate::Error;
use crate::table::Table;
use domain::cases::CaseNumber;
use domain::meetings::{AgendaItem, BodyMember, ItemKind, Meeting};

pub use crate::File;

/// The register of elected members, `ledamoter.csv`: `organ;namn;parti;roll;från;till`, one
/// row per seat and term (roll: ordförande, förste vice ordförande, vice ordförande, ledamot or
/// ersättare). `unknown_body` says why a body is not one of the organisation's (`None` when it is).
pub fn read_members((file, bytes): File<'_>, unknown_body: &dyn Fn(&str) -> Option<String>) -> Result<Vec<BodyMember>, Error> {
    let t = Table::parse(file, bytes, &["organ", "namn", "roll", "från", "till"])?;
    let mut out: Vec<BodyMember> = Vec::new();
    t.each(|r| {
        let date = |col: &str| r.date(col);
        let m = BodyMember {
            body: {
                let body = r.required("organ")?;
                if let Some(why) = unknown_body(body) {
                    return Err(r.error("organ", why));
                }
                body.to_string()
            },
            name: r.required("namn")?.to_string(),
            party: r.get("parti").to_string(),
            role: r.parse("roll", "ordförande, förste vice ordförande, vice ordförande, ledamot eller ersättare", |v| {
                domain::meetings::MEMBER_ROLES.iter().find(|x| **x == v.trim().to_lowercase()).map(|x| x.to_string())
            })?,
            from: date("från")?,
            to: date("till")?,
        };
        if m.to < m.from {
            return Err(r.error("till", format!("uppdraget slutar ({}) innan det börjar ({})", m.to, m.from)));
        }
        if out.iter().any(|o| o.body == m.body && o.name == m.name && o.from <= m.to && m.from <= o.to) {
            return Err(r.error("namn", format!("{} har redan en plats i {} under samma mandatperiod", m.name, m.body)));
        }
        out.push(m);
        Ok(())
    })?;
    Ok(out)
}

/// The meeting head and its agenda.
pub fn read_meeting((mf, mb): File<'_>, (af, ab): File<'_>) -> Result<(Meeting, Vec<AgendaItem>), Error> {
    let t = Table::parse(mf, mb, &["id", "organ", "datum", "ordförande", "sekreterare"])?;
    let r = t.single("sammanträdet")?;
    let meeting = Meeting {
        id: r.required("id")?.to_string(),
        body: r.required("organ")?.to_string(),
        body_name: r.get("organnamn").to_string(),
        date: r.date("datum")?,
        time: r.get("tid").to_string(),
        place: r.get("plats").to_string(),
        link: r.get("länk").to_string(),
        chair: r.required("ordförande")?.to_string(),
        secretary: r.required("sekreterare")?.to_string(),
        adjusters: r.get("justerare").split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        adjustment: String::new(),
        members: vec![],
        notice_sent: true,
        notice_sent_on: None,
        notice_changed: false,
        notice_revised: false,
    };
    let t = Table::parse(af, ab, &["nr", "rubrik", "typ"])?;
    let mut items: Vec<AgendaItem> = Vec::new();
    t.each(|r| {
        let number: u32 = r.parse("nr", "ett punktnummer", domain::meetings::item_number)?;
        if items.iter().any(|i| i.number == number) {
            return Err(r.error("nr", format!("punkt {number} finns två gånger")));
        }
        let case_in = |col: &str| match r.get(col) {
            "" => Ok(None),
            v => CaseNumber::parse(v).map(|c| Some(c.0.to_string())).map_err(|e| r.error(col, e.0)),
        };
        let (case, heading_case) = (case_in("dnr")?, case_in("dnr_rubrik")?);
        items.push(AgendaItem {
            number,
            title: r.required("rubrik")?.to_string(),
            case,
            heading_case,
            kind: r.parse("typ", "formalia, beslut, information eller anmälan", ItemKind::parse)?,
            proposal: r.get("förslag").to_string(),
            paper: r.get("sammanfattning").to_string(),
            secret: r.flag("sekretess")?,
            // Further sections: columns named after the case paper's headings.
            sections: [
                "ärendet",
                "ekonomiska_konsekvenser",
                "barnkonsekvensanalys",
                "anmälda_ärenden",
                "beslutsunderlag",
                "expedieras_till",
            ]
            .iter()
            .filter(|c| !r.get(c).is_empty())
            .map(|c| (domain::sv::capitalise(&c.replace('_', " ")), r.get(c).replace(" | ", "\n")))
            .collect(),
        });
        Ok(())
    })?;
    Ok((meeting, items))
}

/// The diarium: `diarium/arenden.csv` (`dnr;rubrik;registrerad;handläggare;status`, status
/// `öppet`/`avslutat`, sekretess optional) and `diarium/handlingar.csv`
/// (`dnr;riktning;datum;rubrik;part;handläggare;sekretess`, riktning `in`/`ut`/`upprättad`).
pub fn read_diary(
    (cf, cb): File<'_>,
    documents: Option<File<'_>>,
) -> Result<(Vec<domain::cases::Case>, Vec<(CaseNumber, domain::cases::CaseDocument)>), Error> {
    use domain::cases::{Case, CaseDocument, CaseStatus, Direction};
    let t = Table::parse(cf, cb, &["dnr", "rubrik"])?;
    let mut cases: Vec<Case> = Vec::new();
    t.each(|r| {
        let number = CaseNumber::parse(r.required("dnr")?).map_err(|e| r.error("dnr", e.0))?.0;
        if cases.iter().any(|c| c.number == number) {
            return Err(r.error("dnr", format!("{number} finns två gånger")));
        }
        cases.push(Case {
            number,
            title: r.required("rubrik")?.to_string(),
            registered: r.opt_date("registrerad")?,
            handler: r.get("handläggare").to_string(),
            status: match r.get("status") {
                "" | "öppet" => CaseStatus::Open,
                "avslutat" => CaseStatus::Closed,
                v => return Err(r.error("status", format!("ska vara öppet eller avslutat, inte \"{v}\""))),
            },
            secrecy: Some(r.get("sekretess").to_string()).filter(|s| !s.is_empty()),
        });
        Ok(())
    })?;
    let mut docs = Vec::new();
    if let Some((f, b)) = documents {
        let t = Table::parse(f, b, &["dnr", "riktning", "datum", "rubrik"])?;
        t.each(|r| {
            let number = CaseNumber::parse(r.required("dnr")?).map_err(|e| r.error("dnr", e.0))?.0;
            if !cases.iter().any(|c| c.number == number) {
                return Err(r.error("dnr", format!("{number} finns inte i arenden.csv")));
            }
            docs.push((
                number,
                CaseDocument {
                    number: 0,
                    direction: r.parse("riktning", "in, ut eller upprättad", Direction::parse)?,
                    date: r.date("datum")?,
                    registered: None,
                    title: r.required("rubrik")?.to_string(),
                    party: r.get("part").to_string(),
                    handler: r.get("handläggare").to_string(),
                    secrecy: Some(r.get("sekretess").to_string()).filter(|s| !s.is_empty()),
                },
            ));
            Ok(())
        })?;
    }
    Ok((cases, docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_register_is_read_and_bad_rows_named() {
        let ok = "organ;namn;parti;roll;från;till\nSN;Anna Berg;S;Ordförande;2019-01-01;2022-12-31\nSN;Bo Ek;M;ersättare;2019-01-01;2022-12-31\n";
        let m = read_members(("ledamoter.csv", ok.as_bytes()), &|_| None).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].role, "ordförande");
        let bad =
            "organ;namn;parti;roll;från;till\nSN;Anna Berg;S;ledamot;2019-01-01;2022-12-31\nSN;Bo Ek;M;suppleant;2019-01-01;2022-12-31\n";
        let e = read_members(("ledamoter.csv", bad.as_bytes()), &|_| None).unwrap_err().to_string();
        assert!(e.starts_with("ledamoter.csv:3: fält \"roll\""), "{e}");
        let twice = "organ;namn;parti;roll;från;till\nSN;Anna Berg;S;ledamot;2019-01-01;2022-12-31\nSN;Anna Berg;S;ersättare;2022-01-01;2022-12-31\n";
        assert!(read_members(("ledamoter.csv", twice.as_bytes()), &|_| None).unwrap_err().to_string().contains("har redan en plats"));
    }

    #[test]
    fn case_numbers_are_normalised_and_bad_ones_named() {
        let head = "id;organ;datum;ordförande;sekreterare\nX;SN;2022-02-15;A;B\n".as_bytes();
        let (_, items) = read_meeting(
            ("sammantrade.csv", head),
            (
                "dagordning.csv",
                "nr;rubrik;dnr;typ;dnr_rubrik\n09;Info;SN/ 2022:00019;information\n4;VB;SN 2021:547;beslut;SN 2022:00547\n".as_bytes(),
            ),
        )
        .unwrap();
        assert_eq!(items[0].number, 9);
        assert_eq!(items[0].case.as_deref(), Some("SN/2022:00019"));
        assert_eq!(items[1].case.as_deref(), Some("SN/2021:00547"));
        // The heading's number is kept as written (normalised) and the difference flagged, not
        // corrected (CN-05): the same serial in another year.
        assert_eq!(items[1].heading_case.as_deref(), Some("SN/2022:00547"));
        assert_eq!(
            items[1].case_conflict().as_deref(),
            Some(
                "Punkt 4: dagordningen anger SN/2021:00547, tjänsteskrivelsens rubrik SN/2022:00547 (samma löpnummer, olika år). Kontrollera vilket diarienummer som gäller."
            )
        );
        assert_eq!(items[0].case_conflict(), None, "no heading number, nothing to compare");
        let e = read_meeting(("sammantrade.csv", head), ("dagordning.csv", "nr;rubrik;dnr;typ\n1;X;(2001:453);beslut\n".as_bytes()))
            .unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    /// A sekretess value that is neither yes nor no is an error, never a published item.
    #[test]
    fn an_unclear_secrecy_flag_is_refused() {
        let head = "id;organ;datum;ordförande;sekreterare\nX;SN;2022-02-15;A;B\n".as_bytes();
        let agenda = |flag: &str| format!("nr;rubrik;dnr;typ;sekretess\n1;Info;;information;\n2;Placering;;beslut;{flag}\n");
        for (flag, secret) in [("ja", true), ("J", true), ("x", true), ("nej", false), ("", false)] {
            let (_, items) = read_meeting(("sammantrade.csv", head), ("dagordning.csv", agenda(flag).as_bytes())).unwrap();
            assert_eq!((items[0].secret, items[1].secret), (false, secret), "{flag}");
        }
        for flag in ["Ja, OSL 26:1", "sekretess", "yes"] {
            let e = read_meeting(("sammantrade.csv", head), ("dagordning.csv", agenda(flag).as_bytes())).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("dagordning.csv:3: fält \"sekretess\": ska vara ja eller nej (tomt är nej), inte \"{flag}\"")
            );
        }
    }
}

/// `rapport-YYYY/arenden.csv`: the case each report of the year is decided in
/// (`rapport;diarienummer`, a report kind and a case number in any spelling): (kind, number).
pub fn read_report_cases((f, b): File<'_>) -> Result<Vec<(String, CaseNumber)>, Error> {
    let t = Table::parse(f, b, &["rapport", "diarienummer"])?;
    let mut out: Vec<(String, CaseNumber)> = Vec::new();
    t.each(|r| {
        let kind = r.required("rapport")?.to_string();
        if out.iter().any(|(k, _)| *k == kind) {
            return Err(r.error("rapport", format!("{kind} har redan ett ärende")));
        }
        let number = CaseNumber::parse(r.required("diarienummer")?).map_err(|e| r.error("diarienummer", e.0))?.0;
        out.push((kind, number));
        Ok(())
    })?;
    Ok(out)
}
