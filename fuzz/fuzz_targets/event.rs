//! An event file of any bytes: an event or diagnostics, never a panic; every diagnostic
//! renders (positions inside the text, carets on its line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use whenwhere::config::builtin_tags;
use whenwhere::diagnostic::Source;
use whenwhere::event::{Context, Event};

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    let tags = builtin_tags();
    // Three languages, so that translation tables (`[fr]`, `[es]`) are read too.
    let languages = ["en", "fr", "es"].map(String::from);
    let ctx = Context { year: Some(2021), tags: &tags, timezone: None, languages: &languages };
    if let Err(diagnostics) = Event::parse(&Source::new("content/fuzz.toml", text), &ctx) {
        assert!(!diagnostics.is_empty());
        for d in diagnostics {
            let _ = d.to_string();
        }
    }
});
