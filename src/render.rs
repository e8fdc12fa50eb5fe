//! Templates: the theme's minijinja templates, compiled once, HTML auto-escaped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior, Value};

use crate::diagnostic::{Diagnostic, ReadProblem, Source, ThemeProblem};
use crate::theme::Theme;

/// The compiled templates of a theme.
pub struct Renderer {
    env: Environment<'static>,
    sources: BTreeMap<String, Source>,
    limits: Limits,
    /// The theme's words in the pages' language, for what is made without a template
    /// of minijinja (the brochure).
    words: BTreeMap<String, String>,
}

/// Bounds on one page's making, so that a theme cannot run forever or fill memory or
/// the disk: minijinja's fuel (about one unit per instruction and per 64 bytes made) and
/// the page's size. Both grow with the number of events, since the index lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Fuel for one page.
    pub fuel: u64,
    /// Bytes of one page.
    pub page_bytes: u64,
}

impl Limits {
    /// The default theme spends about 140 fuel on its 404 page, 180 on an event's page
    /// and 84 per event on the index (843,000 for 10,000 events), whose pages weigh 5 KiB
    /// and 475 bytes per event: these bounds leave a margin of 60 times over that and more.
    pub fn for_events(events: usize) -> Limits {
        let events = events as u64;
        Limits { fuel: 1_000_000 + 5_000 * events, page_bytes: (8 << 20) + (8 << 10) * events }
    }
}

impl Renderer {
    /// Compiles every template of the theme, reporting each one that does not compile, with
    /// the theme's words in `language` as the global `t`.
    pub fn new(theme: &Theme, language: &str, limits: Limits) -> Result<Renderer, Vec<Diagnostic>> {
        let mut env = Environment::new();
        // A misspelt variable in a template is an error, not an empty string on the page.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let syntax = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build();
        env.set_syntax(syntax.expect("the default delimiters are valid"));
        env.set_formatter(escape_html);
        env.set_fuel(Some(limits.fuel));
        let words = strings(theme, language)?;
        let borrowed = borrowed_words(theme, language, &words);
        let sources: BTreeMap<String, Source> = theme
            .templates
            .iter()
            .map(|(name, (path, text))| {
                let text = match minijinja::default_auto_escape_callback(name) {
                    AutoEscape::Html => with_words(text, &words, &borrowed),
                    // Only HTML templates get the words put in, escaped as the formatter
                    // would; any other keeps `t.<key>` as an expression.
                    _ => text.clone(),
                };
                (name.clone(), Source::new(path.clone(), text))
            })
            .collect();
        // The words are text like an event's title: escaped where they are shown, never
        // markup, so that a word file cannot put a script on every page.
        // (A map: `Value::from_iter` of pairs would make a list, where `t.<key>` is undefined.)
        env.add_global("t", Value::from(words.clone()));
        let errors: Vec<Diagnostic> = sources
            .iter()
            .filter_map(|(name, src)| env.add_template_owned(name.clone(), src.text.clone()).err())
            .map(|e| diagnostic(&sources, limits, &e))
            .collect();
        if errors.is_empty() { Ok(Renderer { env, sources, limits, words }) } else { Err(errors) }
    }

    /// The theme's words in the pages' language (`t`).
    pub fn words(&self) -> &BTreeMap<String, String> {
        &self.words
    }

    /// Renders one template with a context, into memory: the page's bytes, ready to write.
    /// (Templates write strings only, so the bytes are UTF-8; they are not checked again.)
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<Vec<u8>, Diagnostic> {
        // Most pages are a few KiB: room for them at once rather than growing by copies.
        let mut page = Vec::with_capacity(8 << 10);
        self.render_into(name, ctx, &mut page, |e| {
            unreachable!("writing to memory does not fail: {e}")
        })?;
        Ok(page)
    }

    /// Renders one template with a context into `out` as it goes, for pages as large as
    /// the calendar, which are then never held whole. A failure to write is reported by
    /// `write_error`, with the system's words, rather than as a template error.
    pub fn render_to(
        &self,
        name: &str,
        ctx: minijinja::Value,
        out: &mut dyn std::io::Write,
        write_error: impl FnOnce(&std::io::Error) -> Diagnostic,
    ) -> Result<(), Diagnostic> {
        self.render_into(name, ctx, out, write_error)
    }

    /// [`Renderer::render_to`] for any writer, so that one into memory is called directly
    /// rather than through a `dyn` for every piece of the page.
    fn render_into<W: std::io::Write>(
        &self,
        name: &str,
        ctx: minijinja::Value,
        out: W,
        write_error: impl FnOnce(&std::io::Error) -> Diagnostic,
    ) -> Result<(), Diagnostic> {
        let template =
            self.env.get_template(name).map_err(|e| diagnostic(&self.sources, self.limits, &e))?;
        let bounded = SizeBoundedPage { out, left: self.limits.page_bytes };
        template.render_captured_to(ctx, bounded).map(drop).map_err(|e| {
            let io = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
            match io {
                Some(io) if io.get_ref().is_some_and(|i| i.is::<TooLarge>()) => {
                    let problem = ThemeProblem::PageTooLarge { mib: self.limits.page_bytes >> 20 };
                    let path = self
                        .sources
                        .get(name)
                        .map_or_else(|| PathBuf::from("themes"), |s| s.path.clone());
                    Diagnostic::file(path, problem)
                }
                Some(io) if e.kind() == minijinja::ErrorKind::WriteFailure => write_error(io),
                _ => diagnostic(&self.sources, self.limits, &e),
            }
        })
    }
}

/// A writer that refuses to go past a number of bytes, so that a runaway template ends
/// with an error instead of exhausting memory or the disk.
struct SizeBoundedPage<W> {
    out: W,
    left: u64,
}

/// The error a [`SizeBoundedPage`] writer fails with.
#[derive(Debug)]
struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("page too large")
    }
}

impl std::error::Error for TooLarge {}

impl<W: std::io::Write> std::io::Write for SizeBoundedPage<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            return Err(std::io::Error::other(TooLarge));
        }
        let n = self.out.write(buf)?;
        self.left -= n as u64;
        Ok(n)
    }

    /// Every piece a template writes comes here: one check and one write, not a loop.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if buf.len() as u64 > self.left {
            return Err(std::io::Error::other(TooLarge));
        }
        self.out.write_all(buf)?;
        self.left -= buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The theme's words in a language: its `i18n/<code>.toml` (`fr-CA` falls back to
/// `fr`), every key of the English file present in it; English's when the theme has no
/// English file either.
fn strings(theme: &Theme, language: &str) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let english = theme.strings.get("en.toml");
    let Some(english) = english else { return Ok(BTreeMap::new()) };
    let Some((path, text)) = strings_file(theme, language) else {
        let path = PathBuf::from("i18n").join(format!("{language}.toml"));
        return Err(vec![Diagnostic::file(
            path,
            ThemeProblem::NoStrings { language: language.into() },
        )]);
    };
    let words = read_strings(path, text)?;
    if std::ptr::eq(path, &english.0) {
        return Ok(words);
    }
    let missing: Vec<Diagnostic> = read_strings(&english.0, &english.1)?
        .into_keys()
        .filter(|key| !words.contains_key(key))
        .map(|key| {
            Diagnostic::file(
                path.clone(),
                ThemeProblem::MissingString { key, language: language.into() },
            )
        })
        .collect();
    if missing.is_empty() { Ok(words) } else { Err(missing) }
}

/// The file of the theme's words in a language, as its path and text: `i18n/<code>.toml`,
/// else that of its primary language (`fr-CA` falls back to `fr`).
fn strings_file<'t>(theme: &'t Theme, language: &str) -> Option<&'t (PathBuf, String)> {
    let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let file = theme.strings.get(&format!("{language}.toml"));
    file.or_else(|| theme.strings.get(&format!("{primary}.toml")))
}

fn read_strings(
    path: &std::path::Path,
    text: &str,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', "; ");
        let src = Source::new(path.to_path_buf(), text.to_string());
        vec![src.error(e.span().unwrap_or(0..0), ReadProblem::Syntax { message })]
    })
}

/// The keys of `words` still in English in a language that is not built in: the strings
/// of an `i18n/<code>.toml` that `init` wrote in English and nobody has translated yet.
/// (In a built-in language a word equal to the English one, such as "Google", is the
/// same word, not an untranslated one.)
fn borrowed_words(
    theme: &Theme,
    language: &str,
    words: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    if crate::locale::Locale::built_in(language).is_some() {
        return BTreeSet::new();
    }
    let Some((path, text)) = theme.strings.get("en.toml") else { return BTreeSet::new() };
    let Ok(english) = read_strings(path, text) else { return BTreeSet::new() };
    words
        .iter()
        .filter(|(key, word)| english.get(*key) == Some(*word))
        .map(|(k, _)| k.clone())
        .collect()
}

/// The words of `language` still in English, as `check --untranslated` lists them: the
/// file they are in, the line of each, and its key, in the file's order. None in a
/// built-in language, or where the file does not read (the build reports that).
pub fn words_left_in_english(theme: &Theme, language: &str) -> Vec<(PathBuf, usize, String)> {
    let Ok(words) = strings(theme, language) else { return Vec::new() };
    let borrowed = borrowed_words(theme, language, &words);
    let Some((path, text)) = strings_file(theme, language) else { return Vec::new() };
    let Ok(spans) = toml::from_str::<BTreeMap<String, toml::Spanned<String>>>(text) else {
        return Vec::new();
    };
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let mut left: Vec<(PathBuf, usize, String)> = spans
        .into_iter()
        .filter(|(key, _)| borrowed.contains(key))
        .map(|(key, word)| (path.clone(), line(word.span().start), key))
        .collect();
    left.sort_by_key(|(_, line, _)| *line);
    left
}

/// Whether a template's text up to a `{{ t.<key> }}` leaves it in an element's text,
/// where a `<span lang>` may go: not inside a tag (an attribute's value), nor in an
/// element whose content is raw text (`<title>`, also through `{% block title %}`).
/// A reading of the template's source, not a parse: a `<` or `>` in a `{% %}` tag can
/// mislead it, and then the word goes in unmarked, as before.
fn in_element_text(before: &str) -> bool {
    let last = |needle: &str| before.rfind(needle).map_or(-1, |at| at as isize);
    if last("<") > last(">") {
        return false;
    }
    let raw = ["title", "script", "style", "textarea", "option"];
    if raw.iter().any(|name| last(&format!("<{name}")) > last(&format!("</{name}"))) {
        return false;
    }
    last("{% block title") <= last("{% endblock")
}

/// A template's source with each plain `{{ t.<key> }}` replaced by the theme's word, once
/// per build: looked up on every page instead, the words cost a build of 1,000 events a
/// twentieth more instructions. Other uses of `t` (filters, a missing key, a word holding
/// template syntax) stay expressions, read from the global `t`. Each word goes in
/// HTML-escaped, exactly as `{{ t.<key> }}` would have printed it; a `borrowed` word
/// (still English in another language) in an element's text goes in marked `lang="en"`,
/// so that a screen reader reads it as English.
fn with_words(text: &str, words: &BTreeMap<String, String>, borrowed: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{ t.") {
        let after = &rest[at + 5..];
        let key_end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        let word = key_end
            .filter(|&end| after[end..].starts_with(" }}"))
            .and_then(|end| Some((words.get(&after[..end])?, end)))
            .filter(|(word, _)| !word.contains(['{', '}']));
        match word {
            Some((word, end)) => {
                out.push_str(&rest[..at]);
                let marked = borrowed.contains(&after[..end])
                    && in_element_text(&text[..text.len() - rest.len() + at]);
                if marked {
                    out.push_str("<span lang=\"en\">");
                }
                escape_into(&mut out, word);
                if marked {
                    out.push_str("</span>");
                }
                rest = &after[end + 3..];
            }
            None => {
                out.push_str(&rest[..at + 5]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A template error, located in the theme file it comes from.
fn diagnostic(
    sources: &BTreeMap<String, Source>,
    limits: Limits,
    e: &minijinja::Error,
) -> Diagnostic {
    // An error in an included template (`months.html`) comes wrapped and placed at the
    // `include`: the inner one is what the theme's author has to fix, and where.
    let mut e = e;
    while e.kind() == minijinja::ErrorKind::BadInclude {
        match std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            Some(inner) => e = inner,
            None => break,
        }
    }
    let problem = match e.detail() {
        _ if e.kind() == minijinja::ErrorKind::OutOfFuel => {
            ThemeProblem::TemplateTooMuchWork { fuel: limits.fuel }
        }
        Some(detail) => ThemeProblem::Template { message: format!("{}: {detail}", e.kind()) },
        None => ThemeProblem::Template { message: e.kind().to_string() },
    };
    let source = e.name().and_then(|n| sources.get(n));
    match (source, e.range(), e.line()) {
        (Some(src), Some(range), _) => src.error(range, problem),
        (Some(src), None, Some(line)) => {
            let offset =
                src.text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
            src.error(offset..offset, problem)
        }
        (Some(src), None, None) => Diagnostic::file(src.path.clone(), problem),
        (None, ..) => Diagnostic::file(PathBuf::from("themes"), problem),
    }
}

/// Appends `text` HTML-escaped by the same escaper as [`escape_html`].
fn escape_into(out: &mut String, text: &str) {
    // Writing into a String does not fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// HTML-escapes text as minijinja does, but leaves `/` alone: `&#x2f;` in every link is
/// valid yet makes pages larger and harder to read and check. `&`, `<`, `>`, `"` and `'`
/// are escaped, by pulldown-cmark's escaper, which scans 16 bytes at a time.
fn escape_html(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            pulldown_cmark_escape::escape_html(pulldown_cmark_escape::FmtWriter(out), text)
                .map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_put_in_once() {
        let words: BTreeMap<String, String> =
            [("skip", "Skip & go"), ("odd", "{{ x }}")].map(|(k, v)| (k.into(), v.into())).into();
        let cases = [
            ("<a>{{ t.skip }}</a>", "<a>Skip &amp; go</a>"),
            ("{{ t.skip }}{{ t.skip }}", "Skip &amp; goSkip &amp; go"),
            ("{{ t.missing }}", "{{ t.missing }}"),
            ("{{ t.odd }}", "{{ t.odd }}"),
            ("{{ t.skip | upper }}", "{{ t.skip | upper }}"),
            ("{{ t.", "{{ t."),
            ("é{{ t.skip }}é", "éSkip &amp; goé"),
        ];
        for (text, expected) in cases {
            assert_eq!(with_words(text, &words, &BTreeSet::new()), expected, "{text:?}");
        }
    }

    /// A word still in English in a language that is not built in is marked `lang="en"`
    /// where it is an element's text, and goes in plain where a span cannot: in a tag's
    /// attribute, in `<title>` (also through `{% block title %}`), in a script.
    #[test]
    fn borrowed_words_are_marked_english_in_element_text_only() {
        let words: BTreeMap<String, String> =
            [("skip", "Skip"), ("next", "Weiter")].map(|(k, v)| (k.into(), v.into())).into();
        let borrowed: BTreeSet<String> = ["skip".to_string()].into();
        let cases = [
            ("<a>{{ t.skip }}</a>", "<a><span lang=\"en\">Skip</span></a>"),
            ("<a>{{ t.next }}</a>", "<a>Weiter</a>"),
            ("<a title=\"{{ t.skip }}\">x</a>", "<a title=\"Skip\">x</a>"),
            ("<a aria-label=\"{{ t.skip }}\" href=\"/\">", "<a aria-label=\"Skip\" href=\"/\">"),
            ("<title>{{ t.skip }}</title>", "<title>Skip</title>"),
            ("{% block title %}{{ t.skip }}{% endblock %}", "{% block title %}Skip{% endblock %}"),
            ("<script>x = \"{{ t.skip }}\"</script>", "<script>x = \"Skip\"</script>"),
            ("<title>a</title><p>{{ t.skip }}", "<title>a</title><p><span lang=\"en\">Skip</span>"),
        ];
        for (text, expected) in cases {
            assert_eq!(with_words(text, &words, &borrowed), expected, "{text:?}");
        }
    }

    /// A word file is text: markup in a word is shown, never run, whether the template
    /// prints the word plainly (put in once) or through a filter (read from `t`).
    #[test]
    fn words_with_markup_are_escaped_on_the_page() {
        let mut theme = Theme::default();
        let template = "<a>{{ t.skip }}</a>|{{ t.skip | lower }}|{{ t.odd }}";
        theme.templates.insert("page.html".into(), ("page.html".into(), template.into()));
        let words = "skip = \"Skip</a><script>alert(1)</script><a>\"\nodd = \"{{ '<i>' }}\"\n";
        theme.strings.insert("en.toml".into(), ("i18n/en.toml".into(), words.into()));
        let limits = Limits::for_events(0);
        let Ok(renderer) = Renderer::new(&theme, "en", limits) else { panic!("compiles") };
        let page = renderer.render("page.html", Value::UNDEFINED).unwrap();
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<a>Skip&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a&gt;</a>|\
             skip&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a&gt;|\
             {{ &#39;&lt;i&gt;&#39; }}"
        );
    }

    #[test]
    fn html_is_escaped_but_slashes_are_not() {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_template("t.html", "{{ x }}|{{ y | safe }}").unwrap();
        let ctx = minijinja::context! { x => "a&b <i> \"q\" 'a' /p/", y => "<b>" };
        let out = env.get_template("t.html").unwrap().render(ctx).unwrap();
        assert_eq!(out, "a&amp;b &lt;i&gt; &quot;q&quot; &#39;a&#39; /p/|<b>");
    }
}
