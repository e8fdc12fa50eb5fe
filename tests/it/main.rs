//! The integration tests, as one binary (cargo names it `it` after this folder): one module
//! per subject, sharing `common`, so the crate is linked into a test program once rather
//! than once per file. `cargo test --test it site::` runs one module (docs/testing.md).

mod common;

mod brochure;
mod calls;
mod check;
mod cli;
mod corpus;
mod dates;
mod docs;
mod error_messages;
mod github;
mod ics;
mod ics_history;
mod install;
mod interrupt;
mod languages;
mod layers;
mod load;
mod proposing;
mod publishing;
mod serve;
mod site;
mod sizes;
mod symlinks;
mod theme_limits;
