//! Economic follow-up: drift (operating) tables, budget frames and their decisions, deviations
//! with a sign convention per table, budget compliance, forecasts and their accuracy, action
//! plans, investments with carry-over, grants, volumes, and the ledger mapping.
//!
//! Everything is computed on exact öre; rounding happens only when a table is presented, and
//! a table chooses whether its total row is the rounded exact total or the sum of its rounded
//! rows (some municipalities print the latter).

use crate::money::{Ore, Scale};
use crate::period::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a table writes a deviation. A property of each table, not of the system (follow-up.md §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignConvention {
    /// Utfall − budget (S, B): positive = surplus when costs are negative.
    OutcomeMinusBudget,
    /// Budget − utfall, on tables that write net cost positive (A-T18): such a table shows every
    /// ledger column negated (costs positive, income negative), so budget cost − outcome cost
    /// is positive for a surplus, as utfall − budget is in ledger signs.
    BudgetMinusOutcome,
    /// Prognos − budget (interim tables).
    ForecastMinusBudget,
}

impl SignConvention {
    /// The deviation of `actual` (utfall or prognos) against `budget`.
    pub fn deviation(self, actual: Ore, budget: Ore) -> Ore {
        match self {
            SignConvention::OutcomeMinusBudget | SignConvention::ForecastMinusBudget => actual - budget,
            SignConvention::BudgetMinusOutcome => budget - actual,
        }
    }

    /// A ledger amount (income +, costs −) as a table on this convention prints it: negated on
    /// [`SignConvention::BudgetMinusOutcome`] (net cost positive), as it is otherwise.
    pub fn shown(self, ledger: Ore) -> Ore {
        if self == SignConvention::BudgetMinusOutcome { -ledger } else { ledger }
    }

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            SignConvention::OutcomeMinusBudget => "Utfall − budget",
            SignConvention::BudgetMinusOutcome => "Budget − utfall",
            SignConvention::ForecastMinusBudget => "Prognos − budget",
        }
    }
}

/// Income and costs of something, in the ledger's signs (income +, costs −).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IncomeCosts {
    /// Intäkter (positive).
    pub income: Ore,
    /// Kostnader (negative).
    pub costs: Ore,
}

impl IncomeCosts {
    /// Net = income + costs.
    pub fn net(self) -> Ore {
        self.income + self.costs
    }
}

impl std::ops::Add for IncomeCosts {
    type Output = IncomeCosts;
    fn add(self, o: IncomeCosts) -> IncomeCosts {
        IncomeCosts { income: self.income + o.income, costs: self.costs + o.costs }
    }
}

/// One row of a drift table: a verksamhet with outcome and budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftRow {
    /// Stable key of the row (a unit key); two rows may share a label (S's "Socialnämnden").
    pub key: String,
    /// Label as printed.
    pub label: String,
    /// Utfall.
    pub outcome: IncomeCosts,
    /// Budget.
    pub budget: IncomeCosts,
    /// The previous year's deviation, if the table shows it.
    pub prior_deviation: Option<Ore>,
}

/// A drift table: rows, the sign convention, and how it is presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftTable {
    /// Rows in order.
    pub rows: Vec<DriftRow>,
    /// How deviations are written.
    pub convention: SignConvention,
    /// Unit of presentation.
    pub scale: Scale,
    /// Decimals shown.
    pub decimals: u32,
    /// Print the total as the sum of the rounded rows instead of the rounded total.
    pub total_of_rounded: bool,
}

/// The columns of a drift table, in the order S prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriftColumn {
    /// Utfall intäkter.
    OutcomeIncome,
    /// Utfall kostnader.
    OutcomeCosts,
    /// Utfall netto.
    OutcomeNet,
    /// Budget intäkter.
    BudgetIncome,
    /// Budget kostnader.
    BudgetCosts,
    /// Budget netto.
    BudgetNet,
    /// Avvikelse.
    Deviation,
    /// Avvikelse föregående år.
    PriorDeviation,
}

impl DriftColumn {
    /// Every column in order.
    pub const ALL: [DriftColumn; 8] = [
        DriftColumn::OutcomeIncome,
        DriftColumn::OutcomeCosts,
        DriftColumn::OutcomeNet,
        DriftColumn::BudgetIncome,
        DriftColumn::BudgetCosts,
        DriftColumn::BudgetNet,
        DriftColumn::Deviation,
        DriftColumn::PriorDeviation,
    ];

    /// Stable key (URLs, API).
    pub fn key(self) -> &'static str {
        match self {
            DriftColumn::OutcomeIncome => "utfall-intakter",
            DriftColumn::OutcomeCosts => "utfall-kostnader",
            DriftColumn::OutcomeNet => "utfall-netto",
            DriftColumn::BudgetIncome => "budget-intakter",
            DriftColumn::BudgetCosts => "budget-kostnader",
            DriftColumn::BudgetNet => "budget-netto",
            DriftColumn::Deviation => "avvikelse",
            DriftColumn::PriorDeviation => "avvikelse-fg-ar",
        }
    }

    /// Parses a key.
    pub fn parse(s: &str) -> Option<DriftColumn> {
        DriftColumn::ALL.into_iter().find(|c| c.key() == s)
    }

    /// Heading.
    pub fn heading(self) -> &'static str {
        match self {
            DriftColumn::OutcomeIncome => "Utfall intäkter",
            DriftColumn::OutcomeCosts => "Utfall kostnader",
            DriftColumn::OutcomeNet => "Utfall netto",
            DriftColumn::BudgetIncome => "Budget intäkter",
            DriftColumn::BudgetCosts => "Budget kostnader",
            DriftColumn::BudgetNet => "Budget netto",
            DriftColumn::Deviation => "Avvikelse",
            DriftColumn::PriorDeviation => "Avvikelse föregående år",
        }
    }

    /// Whether the cell comes from ledger rows (outcome) and so can be opened to them.
    pub fn from_ledger(self) -> bool {
        matches!(self, DriftColumn::OutcomeIncome | DriftColumn::OutcomeCosts | DriftColumn::OutcomeNet)
    }

    /// Whether the column sums budget lines.
    pub fn from_budget(self) -> bool {
        matches!(self, DriftColumn::BudgetIncome | DriftColumn::BudgetCosts | DriftColumn::BudgetNet)
    }

    /// The category the column sums (`None` for a net column, or one that sums none).
    pub fn category(self) -> Option<Category> {
        match self {
            DriftColumn::OutcomeIncome | DriftColumn::BudgetIncome => Some(Category::Income),
            DriftColumn::OutcomeCosts | DriftColumn::BudgetCosts => Some(Category::Cost),
            _ => None,
        }
    }
}

impl DriftRow {
    /// The value of a column as the table prints it; `None` where the table has no value (no
    /// prior deviation). Amounts are kept in the ledger's signs (income +, costs −); a table
    /// on [`SignConvention::BudgetMinusOutcome`] prints net cost positive, so its ledger columns
    /// are negated there.
    pub fn cell(&self, col: DriftColumn, convention: SignConvention) -> Option<Ore> {
        let shown = |v: Ore| convention.shown(v);
        Some(match col {
            DriftColumn::OutcomeIncome => shown(self.outcome.income),
            DriftColumn::OutcomeCosts => shown(self.outcome.costs),
            DriftColumn::OutcomeNet => shown(self.outcome.net()),
            DriftColumn::BudgetIncome => shown(self.budget.income),
            DriftColumn::BudgetCosts => shown(self.budget.costs),
            DriftColumn::BudgetNet => shown(self.budget.net()),
            DriftColumn::Deviation => convention.deviation(shown(self.outcome.net()), shown(self.budget.net())),
            DriftColumn::PriorDeviation => return self.prior_deviation,
        })
    }
}

impl DriftTable {
    /// The exact total of a column.
    pub fn total(&self, col: DriftColumn) -> Option<Ore> {
        let cells: Vec<Ore> = self.rows.iter().filter_map(|r| r.cell(col, self.convention)).collect();
        (!cells.is_empty()).then(|| cells.into_iter().sum())
    }

    /// A cell as printed (rounded to the table's scale and decimals), without unit.
    pub fn present(&self, v: Ore) -> String {
        v.present(self.scale, self.decimals)
    }

    /// The total row's cell as printed: the rounded exact total, or the sum of the rounded
    /// rows when the table is configured so.
    pub fn present_total(&self, col: DriftColumn) -> Option<String> {
        if self.total_of_rounded {
            let cells: Vec<i128> =
                self.rows.iter().filter_map(|r| r.cell(col, self.convention)).map(|c| c.rounded(self.scale, self.decimals)).collect();
            (!cells.is_empty()).then(|| crate::sv::format_fixed(cells.iter().sum(), self.decimals))
        } else {
            self.total(col).map(|t| self.present(t))
        }
    }
}

/// A share in per cent kept as the exact fraction of two amounts, so that it is rounded once,
/// to the decimals it is printed with (rounding first to a `Measure`'s four decimals and then
/// to one would print 1,04995 % as "1,1").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    part: i64,
    whole: u64,
}

impl Share {
    /// `part` / |`whole`| in per cent; `None` for a zero whole.
    pub fn of(part: Ore, whole: Ore) -> Option<Share> {
        (whole.ore() != 0).then(|| Share { part: part.ore(), whole: whole.ore().unsigned_abs() })
    }

    /// Rounded (half away from zero) to `decimals` and written the Swedish way: "−1,1".
    pub fn present(self, decimals: u32) -> String {
        let scaled = self.part as i128 * 100 * 10i128.pow(decimals);
        crate::sv::format_fixed(crate::sv::div_round(scaled, self.whole as i128), decimals)
    }

    /// As a measure (four decimals), for machine-readable values.
    pub fn measure(self) -> crate::goals::Measure {
        use crate::goals::Measure;
        Measure::from_raw(crate::sv::div_round(self.part as i128 * 100 * Measure::SCALE as i128, self.whole as i128) as i64)
    }

    /// Whether |share| is below `threshold` per cent, compared exactly.
    pub fn abs_below(self, threshold: crate::goals::Measure) -> bool {
        use crate::goals::Measure;
        (self.part.unsigned_abs() as i128) * 100 * (Measure::SCALE as i128) < threshold.raw() as i128 * self.whole as i128
    }

    /// Whether the share is at most `threshold` per cent, compared exactly.
    pub fn at_most(self, threshold: crate::goals::Measure) -> bool {
        use crate::goals::Measure;
        (self.part as i128) * 100 * (Measure::SCALE as i128) <= threshold.raw() as i128 * self.whole as i128
    }
}

/// Budgetföljsamhet: deviation / |budget net| in per cent (same sign as the deviation). `None`
/// with a zero budget.
pub fn budget_compliance(deviation: Ore, budget_net: Ore) -> Option<Share> {
    Share::of(deviation, budget_net)
}

/// Whether compliance is good: |x| below the threshold (S: 1,0 %), compared exactly.
pub fn compliance_is_good(pct: Share, threshold: crate::goals::Measure) -> bool {
    pct.abs_below(threshold)
}

/// Budget compliance written with `decimals`, or with as many more (up to two) as it takes for
/// the figure to agree with the verdict: −1,02 % is not good against "less than 1,0 %", and
/// "−1,0 %" beside "Inte god" would read as a contradiction.
pub fn compliance_shown(p: Share, threshold: crate::goals::Measure, decimals: u32) -> String {
    let good = compliance_is_good(p, threshold);
    let agrees = |d: u32| {
        let shown = crate::sv::div_round(p.part as i128 * 100 * 10i128.pow(d), p.whole as i128).abs();
        let limit = crate::sv::div_round(threshold.raw() as i128 * 10i128.pow(d), crate::goals::Measure::SCALE as i128);
        // A figure equal to the limit reads as either: one more decimal tells.
        if good { shown < limit } else { shown > limit }
    };
    let d = (decimals..=decimals + 2).find(|d| agrees(*d)).unwrap_or(decimals + 2);
    p.present(d)
}

/// Nettokostnadsförändring: this year − last year, and |change| / |last year| in per cent.
pub fn net_cost_change(this_year: Ore, last_year: Ore) -> (Ore, Option<Share>) {
    let change = this_year - last_year;
    let pct = budget_compliance(Ore::new(change.ore().abs()), last_year);
    (change, pct)
}

/// The municipal allocation for the first `months` months of a year (pro rata, rounded to öre).
pub fn interim_allocation(annual: Ore, months: u8) -> Ore {
    Ore::new(crate::sv::div_round(annual.ore() as i128 * months as i128, 12) as i64)
}

/// A budget decision reference such as "KF 2022-12-12, § 281".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRef {
    /// The deciding body ("KF", "KS", "SN").
    pub body: String,
    /// Decision date.
    pub date: Date,
    /// Paragraph number.
    pub paragraph: u32,
}

impl DecisionRef {
    /// Parses "KF 2022-12-12, § 281" (the comma and the spaces are optional).
    pub fn parse(s: &str) -> Option<DecisionRef> {
        let t = s.trim();
        let (body, rest) = t.split_once(' ')?;
        let (date, para) = rest.split_once('§')?;
        let date = Date::parse(date.trim().trim_end_matches(',').trim()).ok()?;
        Some(DecisionRef { body: body.trim().to_string(), date, paragraph: para.trim().parse().ok()? })
    }

    /// Whether the decision can have set a budget for `year`: taken in that year or the one
    /// before (BF-02 flags "KF 2002-08-26" on a 2023 budget row).
    pub fn plausible_for(&self, year: i32) -> bool {
        (year - 1..=year).contains(&self.date.year())
    }
}

impl fmt::Display for DecisionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}, § {}", self.body, self.date, self.paragraph)
    }
}

/// A line of the ramprotokoll: what makes up the budget frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameLine {
    /// Category ("Flerårsplan 2023", "Löneökning").
    pub category: String,
    /// The decision, as printed.
    pub decision: String,
    /// Amount (positive = frame increase).
    pub amount: Ore,
}

/// What a forecast states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForecastKind {
    /// The year-end deviation against budget (S).
    Deviation,
    /// The year-end net amount.
    YearEndNet,
}

/// A forecast error: outcome − forecast, and as a share of the budget frame.
pub fn forecast_error(outcome: Ore, forecast: Ore, frame: Ore) -> (Ore, Option<Share>) {
    let e = outcome - forecast;
    (e, budget_compliance(Ore::new(e.ore().abs()), frame))
}

/// Whether a forecast is within `max_pct` per cent of the frame (B: max 1 %).
pub fn forecast_within(outcome: Ore, forecast: Ore, frame: Ore, max_pct: crate::goals::Measure) -> Option<bool> {
    forecast_error(outcome, forecast, frame).1.map(|p| p.at_most(max_pct))
}

/// Status of a measure in an action plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    /// Pågående åtgärd.
    Ongoing,
    /// Förslag till åtgärd.
    Proposed,
}

/// One year of a measure's effect: planned and forecast/outcome (blank = none yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEffect {
    /// Year.
    pub year: i32,
    /// Planned annual effect (savings negative).
    pub planned: Ore,
    /// Forecast or outcome, if known.
    pub realised: Option<Ore>,
}

/// A measure in an åtgärdsplan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionMeasure {
    /// What is done.
    pub name: String,
    /// Ongoing or proposed.
    pub status: MeasureStatus,
    /// Decision date, if any.
    pub date: Option<Date>,
    /// Responsible role.
    pub responsible: String,
    /// Effects per year.
    pub effects: Vec<YearEffect>,
}

/// The measures of a year's action plan that go on into year `next`: those with an effect
/// planned for it or later, with those years' effects only (the years gone stay with their
/// own year's plan).
pub fn carried_measures(measures: &[ActionMeasure], next: i32) -> Vec<ActionMeasure> {
    measures
        .iter()
        .filter_map(|m| {
            let effects: Vec<YearEffect> = m.effects.iter().filter(|e| e.year >= next).cloned().collect();
            (!effects.is_empty()).then(|| ActionMeasure { effects, ..m.clone() })
        })
        .collect()
}

impl ActionMeasure {
    /// Σ planned over the years.
    pub fn planned_total(&self) -> Ore {
        self.effects.iter().map(|e| e.planned).sum()
    }
    /// Σ realised over the years (blank = 0).
    pub fn realised_total(&self) -> Ore {
        self.effects.iter().filter_map(|e| e.realised).sum()
    }
    /// Planned effect in a year.
    pub fn planned_in(&self, year: i32) -> Ore {
        self.effects.iter().filter(|e| e.year == year).map(|e| e.planned).sum()
    }
    /// Realised effect in a year.
    pub fn realised_in(&self, year: i32) -> Ore {
        self.effects.iter().filter(|e| e.year == year).filter_map(|e| e.realised).sum()
    }

    /// The planned cell of a year in the action-plan table: the sum of the year's effects, or
    /// empty when the measure has none that year.
    pub fn planned_cell(&self, year: i32) -> Option<Ore> {
        self.effects.iter().any(|e| e.year == year).then(|| self.planned_in(year))
    }

    /// The realised cell of a year: the sum of the year's realised effects (a year written on
    /// two rows counts both, so the row adds up to its total), or empty when none is known.
    pub fn realised_cell(&self, year: i32) -> Option<Ore> {
        self.effects.iter().any(|e| e.year == year && e.realised.is_some()).then(|| self.realised_in(year))
    }
}

/// An investment project's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investment {
    /// Project.
    pub project: String,
    /// Category ("It- och digitalisering").
    pub category: String,
    /// Utfall this year (outflows negative).
    pub outcome: Ore,
    /// Budget this year.
    pub budget: Ore,
    /// Totalt utfall from the start to this year's end.
    pub cumulative_outcome: Ore,
    /// Total budget to this year's end.
    pub cumulative_budget: Ore,
    /// Proposed carry-over (ombudgetering) to next year.
    pub carry_over: Option<Ore>,
}

impl Investment {
    /// Avvikelse = utfall − budget.
    pub fn deviation(&self) -> Ore {
        self.outcome - self.budget
    }
    /// Återstår = totalt utfall − total budget (positive = money left).
    pub fn remaining(&self) -> Ore {
        self.cumulative_outcome - self.cumulative_budget
    }
    /// Spending booked before this year while the cumulative budget equals this year's: the
    /// earlier years' budget is missing (IN-07).
    pub fn cumulative_budget_missing(&self) -> bool {
        self.cumulative_outcome != self.outcome && self.cumulative_budget == self.budget
    }

    /// A carry-over must be positive and at most what remains (IN-04, IN-05).
    pub fn carry_over_valid(&self) -> bool {
        self.carry_over.is_none_or(|c| c.ore() > 0 && c <= self.remaining())
    }
}

/// A grant applied for and granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Name.
    pub name: String,
    /// Applied for.
    pub applied: Option<Ore>,
    /// Granted.
    pub granted: Option<Ore>,
    /// Footnote ("25 tkr").
    pub note: Option<String>,
    /// The verksamhet it is for, as printed ("Barn och unga (73)"); empty when not given.
    #[serde(default)]
    pub activity: String,
}

impl Grant {
    /// Applied − granted.
    pub fn not_granted(&self) -> Option<Ore> {
        Some(self.applied? - self.granted?)
    }
}

/// How an account counts in a drift table, by Kommun-Bas class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Intäkt (class 3).
    Income,
    /// Kostnad (classes 4–7, and financial costs in 8 where mapped).
    Cost,
}

impl Category {
    /// Key.
    pub fn key(self) -> &'static str {
        match self {
            Category::Income => "intakt",
            Category::Cost => "kostnad",
        }
    }
    /// As a person writes it in a file: `intäkt`, `kostnad` (read back by [`Category::parse`]).
    pub fn word_sv(self) -> &'static str {
        match self {
            Category::Income => "intäkt",
            Category::Cost => "kostnad",
        }
    }
    /// Parses `intakt`/`intäkt` or `kostnad`.
    pub fn parse(s: &str) -> Option<Category> {
        match s.trim().to_lowercase().as_str() {
            "intakt" | "intäkt" | "intakter" | "intäkter" => Some(Category::Income),
            "kostnad" | "kostnader" => Some(Category::Cost),
            _ => None,
        }
    }
}

/// One mapping rule: an account range, optionally an object in a dimension, to a verksamhet
/// (unit key) and a category. The first matching rule wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRule {
    /// First account (inclusive).
    pub account_from: u32,
    /// Last account (inclusive).
    pub account_to: u32,
    /// Dimension and object the row must carry, if any.
    pub object: Option<(u32, String)>,
    /// Unit (drift row) key.
    pub unit: String,
    /// Income or cost.
    pub category: Category,
}

impl MappingRule {
    /// What is wrong with the rule's accounts, if anything: (`konto_från`, `konto_till` or
    /// `kategori`, why). A rule places result accounts only (classes 3–8), over a range of one
    /// length, so that 4000–59999 does not take in the five-digit accounts 10000–29999 of the
    /// balance sheet; and by Kommun-Bas, income accounts (class 3) as income and cost accounts
    /// (classes 4–7) as costs.
    pub fn account_problem(&self) -> Option<(&'static str, String)> {
        let (from, to) = (self.account_from, self.account_to);
        if to < from {
            return Some(("konto_till", format!("ska vara ett konto från och med {from}")));
        }
        if !is_result_account(from) {
            return Some(("konto_från", format!("ska vara ett resultatkonto (klass 3–8), inte {from}")));
        }
        if !is_result_account(to) {
            return Some(("konto_till", format!("ska vara ett resultatkonto (klass 3–8), inte {to}")));
        }
        if from.to_string().len() != to.to_string().len() {
            return Some(("konto_till", format!("ska ha lika många siffror som {from}, inte {to}")));
        }
        // Kommun-Bas: class 3 is income, classes 4–7 costs (class 8, financial items, either).
        let class = |a: u32| a.to_string().as_bytes()[0] - b'0';
        let (a, z) = (class(from), class(to));
        if a == 3 && (4..=7).contains(&z) {
            return Some((
                "konto_till",
                format!("{from}–{to} tar både intäktskonton (klass 3) och kostnadskonton (klass 4–7): dela regeln i två"),
            ));
        }
        match self.category {
            Category::Cost if z == 3 => {
                Some(("kategori", format!("{from}–{to} är intäktskonton (klass 3) och kan inte vara kostnader: välj intäkt")))
            }
            Category::Income if (4..=7).contains(&a) && z <= 7 => {
                Some(("kategori", format!("{from}–{to} är kostnadskonton (klass 4–7) och kan inte vara intäkter: välj kostnad")))
            }
            _ => None,
        }
    }
}

/// Assigns ledger rows to drift rows. Unmatched rows are listed by the caller, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Mapping {
    /// Rules in priority order.
    pub rules: Vec<MappingRule>,
}

impl Mapping {
    /// The (unit, category) of a row with `account` and `objects`, or `None` if no rule matches.
    pub fn classify(&self, account: u32, objects: &[(u32, String)]) -> Option<(&str, Category)> {
        self.rules
            .iter()
            .find(|r| {
                (r.account_from..=r.account_to).contains(&account)
                    && r.object.as_ref().is_none_or(|(d, o)| objects.iter().any(|(od, oo)| od == d && oo == o))
            })
            .map(|r| (r.unit.as_str(), r.category))
    }
}

/// A series of volumes (verksamhetsstatistik) per year, with an optional budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeSeries {
    /// Name ("Antal med hemtjänst").
    pub name: String,
    /// Unit ("personer", "timmar").
    pub unit: String,
    /// Values per year.
    pub values: Vec<(i32, crate::goals::Measure)>,
    /// Budgeted value for the latest year.
    pub budget: Option<crate::goals::Measure>,
    /// Note ("*planerade timmar 2024").
    pub note: Option<String>,
}

/// Where an account type belongs in an analysis of income and costs by account type (B-T5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountGroup {
    /// Intäkter.
    Income,
    /// Kostnader.
    Costs,
    /// Finansiella poster (after the costs, before the net).
    Financial,
}

impl AccountGroup {
    /// From a file's `kategori`: `intäkt`, `kostnad` or `finansiell`.
    pub fn parse(s: &str) -> Option<AccountGroup> {
        match Category::parse(s) {
            Some(Category::Income) => Some(AccountGroup::Income),
            Some(Category::Cost) => Some(AccountGroup::Costs),
            None => matches!(s.trim().to_lowercase().as_str(), "finansiell" | "finansiella" | "finansiella poster")
                .then_some(AccountGroup::Financial),
        }
    }
}

/// One account type's outcome this year and last (B-T5, "Intäkter och kostnadsanalys"), in
/// table signs (income positive, costs negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTypeLine {
    /// As printed ("Taxor och avgifter").
    pub label: String,
    /// Income, costs or financial items.
    pub group: AccountGroup,
    /// This year's outcome; `None` where there was none (B prints "-").
    pub this_year: Option<Ore>,
    /// Last year's outcome.
    pub last_year: Option<Ore>,
}

/// A line of a named list of amounts per verksamhet that a report prints as a table of its own
/// (B's Tilläggsanslag and Intäkter Migrationsverket: what, how much, for which verksamhet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountLine {
    /// The list ("Tilläggsanslag").
    pub list: String,
    /// What ("Bemöta kriminalitet").
    pub name: String,
    /// How much.
    pub amount: Ore,
    /// For which verksamhet, as printed ("Barn och unga (73)"); may be empty.
    pub activity: String,
}

/// A part of a drift row reported on its own (A-T19: verksamhet 51* per activity), net in the
/// table's signs (income positive, costs negative), like the drift row it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubRow {
    /// The drift row's key.
    pub parent: String,
    /// As printed ("Hemtjänst i ordinärt boende ink natt").
    pub label: String,
    /// Net outcome.
    pub outcome: Ore,
    /// Net budget.
    pub budget: Ore,
}

/// What a line of a drift result by type is (A-T17, "Driftresultat årsbokslut").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultKind {
    /// Intäkter, all of them.
    Income,
    /// Kostnader, all of them.
    Costs,
    /// A part of the costs ("varav personalkostnader"): printed under them, never added.
    CostPart(String),
}

impl ResultKind {
    /// From a file's `slag`: `intäkter`, `kostnader`, or the name of a part of the costs
    /// (`personalkostnader`, with or without a leading `varav`), in lower case.
    pub fn parse(s: &str) -> Option<ResultKind> {
        let s = s.trim().to_lowercase();
        match Category::parse(&s) {
            Some(Category::Income) => Some(ResultKind::Income),
            Some(Category::Cost) => Some(ResultKind::Costs),
            None => {
                let name = s.strip_prefix("varav ").unwrap_or(&s).trim();
                (!name.is_empty()).then(|| ResultKind::CostPart(name.to_string()))
            }
        }
    }

    /// Whether `amount` has this line's sign: income not below zero, costs and their parts not
    /// above it (table signs).
    pub fn signed_as(&self, amount: Ore) -> bool {
        match self {
            ResultKind::Income => amount >= Ore::ZERO,
            _ => amount <= Ore::ZERO,
        }
    }
}

/// A year's figure of a drift result by type where the drift table does not hold it: the
/// parts of the costs (personnel, capital), and the totals of a year whose drift table is not
/// in Årshjul (last year's bokslut). Table signs: income positive, costs negative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    /// The year the figures are of.
    pub year: i32,
    /// Which line.
    pub kind: ResultKind,
    /// Bokslut (outcome), if known.
    pub outcome: Option<Ore>,
    /// Budget, if known.
    pub budget: Option<Ore>,
}

/// A row of a drift result by type, in table signs (income positive, costs negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    /// "Intäkter", "Kostnader", "varav personalkostnader", "Resultat".
    pub label: String,
    /// A part of the costs above it (printed in italics, not added).
    pub part: bool,
    /// Last year's bokslut.
    pub prior: Option<Ore>,
    /// This year's bokslut.
    pub outcome: Option<Ore>,
    /// This year's budget.
    pub budget: Option<Ore>,
}

impl ResultRow {
    /// Budgetavvikelse = bokslut − budget, in table signs (a deficit negative on every row).
    pub fn deviation(&self) -> Option<Ore> {
        Some(self.outcome? - self.budget?)
    }
}

/// The drift result by type of `year` (A-T17): Intäkter, Kostnader, the parts of the costs,
/// Resultat = Intäkter + Kostnader, with last year's bokslut. A year's totals come from its
/// drift table (`drift` for `year`, `prior` for the year before) — traceable to the ledger —
/// and from `lines` only for a year whose drift table is not in Årshjul. `None` when there is
/// nothing for `year`.
pub fn result_by_type(year: i32, drift: Option<&DriftTable>, prior: Option<&DriftTable>, lines: &[ResultLine]) -> Option<Vec<ResultRow>> {
    let line = |y: i32, k: &ResultKind| lines.iter().find(|l| l.year == y && &l.kind == k);
    let totals = |t: Option<&DriftTable>, y: i32| -> [(Option<Ore>, Option<Ore>); 2] {
        match t {
            Some(t) => {
                let sum = |f: fn(&DriftRow) -> Ore| Some(t.rows.iter().map(f).sum::<Ore>());
                [(sum(|r| r.outcome.income), sum(|r| r.budget.income)), (sum(|r| r.outcome.costs), sum(|r| r.budget.costs))]
            }
            None => [ResultKind::Income, ResultKind::Costs].map(|k| line(y, &k).map_or((None, None), |l| (l.outcome, l.budget))),
        }
    };
    let (now, before) = (totals(drift, year), totals(prior, year - 1));
    if now.iter().all(|(o, b)| o.is_none() && b.is_none()) {
        return None;
    }
    let mut rows: Vec<ResultRow> = ["Intäkter", "Kostnader"]
        .iter()
        .zip(now.iter().zip(before))
        .map(|(label, ((outcome, budget), (prior, _)))| ResultRow {
            label: label.to_string(),
            part: false,
            prior,
            outcome: *outcome,
            budget: *budget,
        })
        .collect();
    // The parts of the costs, in the order they first appear (this year's, then last year's).
    let mut parts: Vec<&str> = Vec::new();
    for l in lines.iter().filter(|l| l.year == year || l.year == year - 1) {
        if let ResultKind::CostPart(name) = &l.kind
            && !parts.contains(&name.as_str())
        {
            parts.push(name);
        }
    }
    for name in parts {
        let kind = ResultKind::CostPart(name.to_string());
        let (now, before) = (line(year, &kind), line(year - 1, &kind));
        rows.push(ResultRow {
            label: format!("varav {name}"),
            part: true,
            prior: before.and_then(|l| l.outcome),
            outcome: now.and_then(|l| l.outcome),
            budget: now.and_then(|l| l.budget),
        });
    }
    let add = |a: Option<Ore>, b: Option<Ore>| Some(a? + b?);
    rows.push(ResultRow {
        label: "Resultat".into(),
        part: false,
        prior: add(rows[0].prior, rows[1].prior),
        outcome: add(rows[0].outcome, rows[1].outcome),
        budget: add(rows[0].budget, rows[1].budget),
    });
    Some(rows)
}

/// One value of a volume series as files hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeValue {
    /// Series name.
    pub series: String,
    /// Unit.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Value.
    pub value: crate::goals::Measure,
    /// Budget for that year, if any.
    pub budget: Option<crate::goals::Measure>,
    /// Note on that value (a changed definition is a series break).
    pub note: Option<String>,
}

/// How a municipality presents its economy for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EconomyConfig {
    /// Unit of the tables.
    pub scale: Scale,
    /// Decimals shown.
    pub decimals: u32,
    /// Deviation convention of the drift table.
    pub convention: SignConvention,
    /// Totals as the sum of rounded rows.
    pub total_of_rounded: bool,
    /// Budget compliance is good below this many per cent (S: 1,0).
    pub good_compliance: crate::goals::Measure,
    /// Last year's net (the nettokostnadsförändring table), when known.
    #[serde(default)]
    pub prior_net: Option<Ore>,
    /// Last year's budgetföljsamhet in total, as reported then.
    #[serde(default)]
    pub prior_compliance: Option<crate::goals::Measure>,
    /// The prior-year figures were made from last year's table in Årshjul ([`next_year`]), and
    /// follow it when it changes (a later ledger, a new budget: [`refresh_prior`]); figures
    /// typed from a printed report stay as they are.
    #[serde(default)]
    pub prior_follows_last_year: bool,
}

impl EconomyConfig {
    /// Tables in `scale` with `decimals` on `convention`; totals from exact values, good
    /// budget compliance below 1 %, no prior-year figures.
    pub fn new(scale: Scale, decimals: u32, convention: SignConvention) -> EconomyConfig {
        EconomyConfig {
            scale,
            decimals,
            convention,
            total_of_rounded: false,
            good_compliance: crate::goals::Measure::from_int(1),
            prior_net: None,
            prior_compliance: None,
            prior_follows_last_year: false,
        }
    }
}

/// The next year's drift rows and presentation from this year's table: the same rows and
/// presentation, with this year's deviation and budget compliance (as printed, one decimal or
/// as many as the verdict needs) as the next year's "föregående år", and this year's net (in the
/// ledger's signs) as its prior net.
pub fn next_year(config: &EconomyConfig, rows: &[RowDef], table: &DriftTable) -> (EconomyConfig, Vec<RowDef>) {
    let compliance = |dev: Option<Ore>, budget: Ore| {
        let p = budget_compliance(dev?, budget)?;
        crate::goals::Measure::parse_sv(&compliance_shown(p, config.good_compliance, 1))
    };
    let next_rows = rows
        .iter()
        .map(|r| {
            let row = table.rows.iter().find(|t| t.key == r.key);
            let dev = row.and_then(|t| t.cell(DriftColumn::Deviation, table.convention));
            RowDef {
                key: r.key.clone(),
                label: r.label.clone(),
                prior_deviation: dev,
                prior_compliance: row.and_then(|t| compliance(dev, t.budget.net())),
                unit: r.unit.clone(),
            }
        })
        .collect();
    let budget: Ore = table.rows.iter().map(|r| r.budget.net()).sum();
    let next = EconomyConfig {
        prior_net: Some(table.rows.iter().map(|r| r.outcome.net()).sum()),
        prior_compliance: compliance(table.total(DriftColumn::Deviation), budget),
        prior_follows_last_year: true,
        ..config.clone()
    };
    (next, next_rows)
}

/// The next year's setup (`next`, started with [`next_year`]) with its prior-year figures made
/// again from this year's `table` as it stands now; its own rows, labels, units and presentation
/// are kept, and a row this year lacks keeps its figures. `None` when the next year's figures do
/// not follow this year's, or nothing changes.
pub fn refresh_prior(
    this: (&EconomyConfig, &[RowDef]),
    table: &DriftTable,
    next: (&EconomyConfig, &[RowDef]),
) -> Option<(EconomyConfig, Vec<RowDef>)> {
    if !next.0.prior_follows_last_year {
        return None;
    }
    let (fresh, fresh_rows) = next_year(this.0, this.1, table);
    let config = EconomyConfig { prior_net: fresh.prior_net, prior_compliance: fresh.prior_compliance, ..next.0.clone() };
    let rows: Vec<RowDef> = next
        .1
        .iter()
        .map(|r| match fresh_rows.iter().find(|f| f.key == r.key) {
            Some(f) => RowDef { prior_deviation: f.prior_deviation, prior_compliance: f.prior_compliance, ..r.clone() },
            None => r.clone(),
        })
        .collect();
    (config != *next.0 || rows != next.1).then_some((config, rows))
}

impl SignConvention {
    /// Key as written in files: `utfall-budget`, `budget-utfall`, `prognos-budget`.
    pub fn key(self) -> &'static str {
        match self {
            SignConvention::OutcomeMinusBudget => "utfall-budget",
            SignConvention::BudgetMinusOutcome => "budget-utfall",
            SignConvention::ForecastMinusBudget => "prognos-budget",
        }
    }
    /// Parses a key.
    pub fn parse(s: &str) -> Option<SignConvention> {
        [SignConvention::OutcomeMinusBudget, SignConvention::BudgetMinusOutcome, SignConvention::ForecastMinusBudget]
            .into_iter()
            .find(|c| c.key() == s.trim())
    }
}

/// A drift row's definition: key, label, and the previous year's deviation if known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowDef {
    /// Key (also the mapping target).
    pub key: String,
    /// Label as printed.
    pub label: String,
    /// Avvikelse föregående år.
    pub prior_deviation: Option<Ore>,
    /// Budgetföljsamhet föregående år, as last year's report printed it (per cent).
    #[serde(default)]
    pub prior_compliance: Option<crate::goals::Measure>,
    /// The unit of the organisation the row is (a unit's key or name), whose head enters its
    /// forecasts; `None`: the unit with the row's key or name, if there is one.
    #[serde(default)]
    pub unit: Option<String>,
}

impl RowDef {
    /// Whether the head of `unit` (a unit's key or name, as an account is tied to it) answers
    /// for this row: the row is that unit's, or one's under it in `org`. Names compare without
    /// regard to capitals ("Hälso- och Sjukvård" is "Hälso- och sjukvård").
    pub fn answered_by(&self, unit: &str, org: &crate::org::Organisation) -> bool {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        let names = |u: &crate::org::Unit, s: &str| same(&u.key, s) || same(&u.name, s);
        let own: Option<&crate::org::Unit> = match &self.unit {
            Some(u) => org.units().iter().find(|x| names(x, u)),
            None => {
                org.units().iter().find(|x| same(&x.key, &self.key)).or_else(|| org.units().iter().find(|x| same(&x.name, &self.label)))
            }
        };
        let Some(mut at) = own else {
            // A row of no unit the organisation knows: its own unit, key or label, as written.
            return self.unit.as_deref().is_some_and(|u| same(u, unit)) || same(&self.key, unit) || same(&self.label, unit);
        };
        // The row's unit, then each unit above it.
        for _ in 0..org.units().len() {
            if names(at, unit) {
                return true;
            }
            match at.parent.as_deref().and_then(|p| org.units().iter().find(|x| x.key == p)) {
                Some(parent) => at = parent,
                None => return false,
            }
        }
        false
    }
}

/// A budget amount for a drift row, category and month (0 = the whole year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// Drift row key.
    pub row: String,
    /// Income or cost.
    pub category: Category,
    /// Month 1–12, or 0 for the year.
    pub month: u8,
    /// Amount (income +, costs −).
    pub amount: Ore,
}

impl BudgetLine {
    /// What the line counts for in a budget to the end of `to_month` (the whole year when
    /// `None`): all of it up to then, nothing after, and a whole-year line
    /// ([`BudgetLine::month`] 0) pro rata ([`interim_allocation`]).
    pub fn counted_to(&self, to_month: Option<u8>) -> Ore {
        match (to_month, self.month) {
            (None, _) => self.amount,
            (Some(m), 0) => interim_allocation(self.amount, m),
            (Some(m), bm) if bm <= m => self.amount,
            _ => Ore::ZERO,
        }
    }
}

/// The budget lines behind a budget cell: those of `row` (every row when `None`) in
/// `category` (both when `None`) that count to the end of `to_month`, each with what it counts
/// for; their sum is the cell (the drift table sums the same way).
pub fn budget_cell<'a>(
    lines: &'a [BudgetLine],
    row: Option<&str>,
    category: Option<Category>,
    to_month: Option<u8>,
) -> Vec<(&'a BudgetLine, Ore)> {
    lines
        .iter()
        .filter(|b| row.is_none_or(|r| b.row == r) && category.is_none_or(|c| b.category == c))
        .map(|b| (b, b.counted_to(to_month)))
        .filter(|(b, counted)| counted.ore() != 0 || b.amount.ore() == 0)
        .collect()
}

/// A forecast for a drift row made in a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// Drift row key.
    pub row: String,
    /// The month the forecast was made (1–12).
    pub month: u8,
    /// What it states.
    pub kind: ForecastKind,
    /// Amount.
    pub amount: Ore,
    /// What the forecast rests on, as its maker wrote it (empty for none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

impl Forecast {
    /// The forecast as a year-end deviation against the row's annual budget net, in the
    /// ledger's signs (a surplus positive): a deviation stays as it is, a year-end net becomes
    /// net − budget net. Tables and charts of forecasts show this, whichever was entered.
    pub fn as_deviation(&self, annual_budget_net: Ore) -> Ore {
        match self.kind {
            ForecastKind::Deviation => self.amount,
            ForecastKind::YearEndNet => self.amount - annual_budget_net,
        }
    }
}

/// `forecasts` as year-end deviations ([`Forecast::as_deviation`]) against the rows of the
/// year's (whole-year) drift table; a forecast for a row the table lacks is left out.
pub fn forecast_deviations(forecasts: &[Forecast], annual: &DriftTable) -> Vec<Forecast> {
    forecasts
        .iter()
        .filter_map(|f| {
            let row = annual.rows.iter().find(|r| r.key == f.row)?;
            Some(Forecast { kind: ForecastKind::Deviation, amount: f.as_deviation(row.budget.net()), ..f.clone() })
        })
        .collect()
}

/// A forecast deviation larger than the row's whole annual budget net: most likely typed in
/// another unit (kronor in a form in mkr). A row without a budget has nothing to compare with.
pub fn implausible_deviation(deviation: Ore, annual_budget_net: Ore) -> bool {
    annual_budget_net != Ore::ZERO && deviation.abs() > annual_budget_net.abs()
}

/// A month forecasts were made in, as a committee-wide forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastMonth {
    /// The month (1–12).
    pub month: u8,
    /// Every row has a forecast for the month: only then is their sum the committee's forecast
    /// (a month some rows lack gets no sum, error or chart point, wherever it is shown).
    pub complete: bool,
    /// The sum of the month's forecasts (of the rows that have one).
    pub total: Ore,
}

/// The months forecasts were made in, in order, up to `to_month` (a report or page cut at a
/// month shows no forecast made after it), each with its sum and whether every one of `rows`
/// has a forecast for it. The page, the reports and the API all ask this.
pub fn forecast_months<'a>(
    forecasts: &[Forecast],
    rows: impl IntoIterator<Item = &'a str> + Clone,
    to_month: Option<u8>,
) -> Vec<ForecastMonth> {
    let mut months: Vec<u8> = forecasts.iter().map(|f| f.month).filter(|m| to_month.is_none_or(|t| *m <= t)).collect();
    months.sort_unstable();
    months.dedup();
    months
        .into_iter()
        .map(|month| {
            let of_month = || forecasts.iter().filter(move |f| f.month == month);
            let complete = rows.clone().into_iter().all(|r| of_month().any(|f| f.row == r));
            ForecastMonth { month, complete, total: of_month().map(|f| f.amount).sum() }
        })
        .collect()
}

/// The latest complete month of [`forecast_months`]: the committee's current forecast.
pub fn latest_complete_forecast(months: &[ForecastMonth]) -> Option<u8> {
    months.iter().rev().find(|m| m.complete).map(|m| m.month)
}

impl ForecastKind {
    /// Key: `avvikelse` or `arsnetto`.
    pub fn key(self) -> &'static str {
        match self {
            ForecastKind::Deviation => "avvikelse",
            ForecastKind::YearEndNet => "arsnetto",
        }
    }
    /// Parses a key (also `årsnetto`).
    pub fn parse(s: &str) -> Option<ForecastKind> {
        match s.trim().to_lowercase().as_str() {
            "avvikelse" => Some(ForecastKind::Deviation),
            "arsnetto" | "årsnetto" => Some(ForecastKind::YearEndNet),
            _ => None,
        }
    }
}

impl MeasureStatus {
    /// Key: `pagaende` / `forslag`.
    pub fn key(self) -> &'static str {
        match self {
            MeasureStatus::Ongoing => "pagaende",
            MeasureStatus::Proposed => "forslag",
        }
    }
    /// Parses `pågående`/`pagaende` or `förslag`/`forslag`.
    pub fn parse(s: &str) -> Option<MeasureStatus> {
        match s.trim().to_lowercase().as_str() {
            "pågående" | "pagaende" => Some(MeasureStatus::Ongoing),
            "förslag" | "forslag" => Some(MeasureStatus::Proposed),
            _ => None,
        }
    }
    /// Group heading in the plan.
    pub fn heading(self) -> &'static str {
        match self {
            MeasureStatus::Ongoing => "Pågående åtgärder",
            MeasureStatus::Proposed => "Förslag till åtgärder",
        }
    }
}

/// One row of the ledger as read from a file, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Line in the file.
    pub line: u64,
    /// Voucher series.
    pub series: String,
    /// Voucher number.
    pub number: String,
    /// Date.
    pub date: Date,
    /// Account.
    pub account: u32,
    /// Objects (dimension, id).
    pub objects: Vec<(u32, String)>,
    /// Amount (debit +, credit −).
    pub amount: Ore,
    /// Text.
    pub text: String,
}

impl LedgerRow {
    /// The row's amount in the drift table's signs: income accounts carry credit (negative)
    /// balances in the ledger but are presented positive; costs stay negative.
    pub fn drift_amount(&self) -> Ore {
        -self.amount
    }

    /// Objects as text `1:IFO 20:561` (storage and display).
    pub fn objects_text(&self) -> String {
        objects_text(&self.objects)
    }
}

/// Objects as text `1:IFO 20:561`, as [`LedgerRow::objects_text`] writes a row's.
pub fn objects_text(objects: &[(u32, String)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(objects.iter().map(|(_, o)| o.len() + 4).sum());
    for (i, (d, o)) in objects.iter().enumerate() {
        let _ = write!(out, "{}{d}:{o}", if i > 0 { " " } else { "" });
    }
    out
}

/// Objects from [`LedgerRow::objects_text`]: a word `digits:` starts an object, and any other
/// word belongs to the id before it (an id with a space in it, `1:Enhet 4`, comes back whole;
/// one with a word like `2:x` after a space does not).
pub fn objects_from_text(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for word in text.split(' ') {
        let start = word
            .split_once(':')
            .filter(|(d, _)| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(d, id)| Some((d.parse::<u32>().ok()?, id)));
        match (start, out.last_mut()) {
            (Some((dim, id)), _) => out.push((dim, id.to_string())),
            (None, Some((_, id))) => {
                id.push(' ');
                id.push_str(word);
            }
            (None, None) => {}
        }
    }
    out
}

/// The rows with a deficit (negative deviation), e.g. to check which unit a text names (DR-B-14).
pub fn rows_with_deficit<'a>(rows: &[(&'a str, Ore)]) -> Vec<&'a str> {
    rows.iter().filter(|(_, d)| d.ore() < 0).map(|(n, _)| *n).collect()
}

/// Names printed with more than one code (BF-05: "Vuxna med beroendeproblematik" as 74 and 75).
pub fn code_conflicts(pairs: &[(&str, &str)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, code) in pairs {
        if pairs.iter().any(|(n, c)| n == name && c != code) && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// An account's Kommun-Bas class: its first digit (`45610` → 4).
pub fn account_class(mut account: u32) -> u8 {
    while account >= 10 {
        account /= 10;
    }
    account as u8
}

/// Whether an account is a result account (Kommun-Bas classes 3–8), the ones a drift table maps.
pub fn is_result_account(account: u32) -> bool {
    (3..=8).contains(&account_class(account))
}

#[cfg(test)]
mod tests;
