//! When & Where: a static site generator for events calendars.
//!
//! Data flows one way: files ([`load`]) → events ([`event`], [`date`]) → calendar
//! ([`calendar`]) → pages and feeds → disk.

pub mod boundary;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod event;
pub mod fields;
pub mod history;
pub mod ics;
pub mod links;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod trace;
pub mod view;
pub mod words;
