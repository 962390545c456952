//! The committee's governance year as plain types and rules.
//!
//! `domain` is the centre of Årshjul: organisation and periods, money and its Swedish
//! presentation, and (as the area issues land) goals, economy, personnel, internal control,
//! EVB, cases and meetings. Every area is one module, and the same module names recur in
//! `store`, `web` and `render`.
//!
//! Design decisions:
//! - **No I/O.** Nothing here reads files, talks to a database or knows HTTP, so every rule is
//!   tested with plain values (`cargo test -p arshjul-domain`).
//! - **Parse, don't validate.** Values with an invariant (`ScbCode`, `Date`, `Period`, `Role`)
//!   are newtypes or enums with one checked constructor and getters only.
//! - **Exact numbers.** Money is `i64` öre (`money::Ore`); rounding happens only when a value is
//!   presented (`money::Ore::present`), never in stored or summed figures.
#![deny(missing_docs)]

pub mod cases;
pub mod checks;
pub mod control;
pub mod economy;
pub mod evb;
pub mod goals;
pub mod meetings;
pub mod money;
pub mod org;
pub mod period;
pub mod personnel;
pub mod providers;
pub mod quality;
pub mod report;
pub mod role;
pub mod sv;
