//! When & Where: a static site generator for events calendars.
//!
//! Data flows one way: files ([`load`]) → events ([`event`], [`date`]) → calendar
//! ([`order`]) → a build ([`plan`]) → its files ([`outputs`], [`site`]) → disk
//! ([`publish`]) or the preview ([`serve`]); [`pipeline`] is the one way from a folder
//! to a site, which `build` and `serve` both take.

pub mod boundary;
pub mod brochure;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod edition;
pub mod event;
pub mod feature_words;
pub mod fields;
pub mod grid;
pub mod history;
pub mod ics;
pub mod issue_form;
pub mod links;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod order;
pub mod outputs;
pub mod pipeline;
pub mod plan;
pub mod problem;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod stderr;
pub mod theme;
pub mod trace;
pub mod translatable;
pub mod translate;
pub mod view;
