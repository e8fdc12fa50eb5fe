//! A file's texts in the calendar's other languages (`[fr]` tables).

use super::Fields;
use crate::translatable::{TextLimit, Translatable};

/// Texts of a file in its other languages (`[fr]` tables): each language's translated keys,
/// and the line of each text in the default language, where `check --untranslated` points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    /// Each other language's translated texts.
    pub texts: Vec<(String, Vec<(Translatable, String)>)>,
    /// The line (from 1) each translatable text is written at, in the default language.
    pub lines: Vec<(Translatable, usize)>,
}

impl Translations {
    /// The text of `key` in `language`, if it is translated.
    pub fn get(&self, language: &str, key: Translatable) -> Option<&str> {
        let (_, texts) = self.texts.iter().find(|(l, _)| l == language)?;
        texts.iter().find(|(k, _)| *k == key).map(|(_, text)| text.as_str())
    }

    /// The line `key`'s text is written at in the default language.
    pub fn line(&self, key: Translatable) -> Option<usize> {
        self.lines.iter().find(|(k, _)| *k == key).map(|&(_, line)| line)
    }
}

/// A key that is only known when the file is read (a language's code), as the `'static`
/// name [`Fields`] asks keys by: each distinct one is kept once for the process.
pub fn interned(key: &str) -> &'static str {
    static KEYS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut keys = KEYS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = keys.iter().find(|k| **k == key) {
        return k;
    }
    let k: &'static str = Box::leak(key.into());
    keys.push(k);
    k
}

impl<'a, 'i> Fields<'a, 'i> {
    /// The tables named after the calendar's other languages (`[fr]`), each with the
    /// texts `keys` names ([`crate::translatable`]'s tables).
    pub fn translations(&self, languages: &[String], keys: &[TextLimit]) -> Translations {
        let mut out = Vec::new();
        // Only a calendar with translations lists what lacks one: a lone language
        // need not find its lines.
        let lines = if languages.len() > 1 {
            let line = |span: std::ops::Range<usize>| self.src.position(span.start).line;
            keys.iter()
                .filter_map(|&(key, ..)| Some((key, line(self.find(key.as_str())?.span()))))
                .collect()
        } else {
            Vec::new()
        };
        for code in languages.iter().skip(1) {
            let Some(t) = self.table(interned(code)) else { continue };
            let texts: Vec<(Translatable, String)> = keys
                .iter()
                .filter_map(|&(key, max, multiline)| {
                    let text = t.text(key.as_str(), max, multiline)?.value.trim().to_string();
                    (!text.is_empty()).then_some((key, text))
                })
                .collect();
            t.finish();
            out.push((code.clone(), texts));
        }
        Translations { texts: out, lines }
    }
}
