//! Problems of the theme: templates that do not compile or run away, and its words in
//! other languages.

/// A template or a file of theme words that cannot make the site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeProblem {
    /// A theme template that does not compile or render.
    #[error("template error: {message}")]
    Template {
        /// minijinja's reason.
        message: String,
    },
    /// The brochure's Typst template does not compile or typeset.
    #[error("brochure template error: {message}")]
    Brochure {
        /// Typst's reason.
        message: String,
        /// Typst's hints, if any.
        hint: Option<String>,
    },
    /// A template that ran out of fuel: it did far more work than any page needs.
    #[error(
        "this template does more work than any page of this calendar needs (more than {fuel} steps)"
    )]
    TemplateTooMuchWork {
        /// The fuel one page may use.
        fuel: u64,
    },
    /// A template whose page grew past the bound on a page's size.
    #[error(
        "this template makes a page larger than {mib} MiB, far more than any page of this calendar needs"
    )]
    PageTooLarge {
        /// The bound, in MiB.
        mib: u64,
    },
    /// A language's file of theme words lacks a word the English file has.
    #[error("the {language} words lack `{key}`, which the theme's pages show")]
    MissingString {
        /// The missing key.
        key: String,
        /// The language.
        language: String,
    },
    /// A theme file (template, words or static file) over the size any theme needs.
    #[error("this theme file is {} bytes; the most is {}", super::thousands(*.size as usize), super::thousands(*.max as usize))]
    FileTooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// A language that is not built in, without a file of theme words.
    #[error("no words for the language `{language}`: it is not built in (en, fr, es)")]
    NoStrings {
        /// The language.
        language: String,
    },
}

impl ThemeProblem {
    /// What was probably meant, or how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Self::Template { .. } => return None,
            Self::Brochure { hint, .. } => return hint.clone(),
            Self::TemplateTooMuchWork { .. } => {
                "look for loops inside loops, or a loop over a very long `range`".into()
            }
            Self::PageTooLarge { .. } => {
                "look for a loop that writes the same text again and again".into()
            }
            Self::FileTooLarge { .. } => {
                "a template, a file of words or a stylesheet needs far less; make large images and fonts smaller, or serve them from elsewhere".into()
            }
            Self::MissingString { key, .. } => {
                format!(
                    "add `{key} = \"…\"` to this file, translated from the theme's `i18n/en.toml`"
                )
            }
            Self::NoStrings { language } => format!(
                "add `i18n/{language}.toml` to the project, with the keys of the theme's `i18n/en.toml` translated"
            ),
        })
    }
}
