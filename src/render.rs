//! Templates: the theme's minijinja templates, compiled once, HTML auto-escaped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior, Value};

use crate::diagnostic::{Diagnostic, Problem, Source};
use crate::theme::Theme;

/// The compiled templates of a theme.
pub struct Renderer {
    env: Environment<'static>,
    sources: BTreeMap<String, Source>,
}

impl Renderer {
    /// Compiles every template of the theme, reporting each one that does not compile.
    pub fn new(theme: &Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut env = Environment::new();
        // A misspelt variable in a template is an error, not an empty string on the page.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let syntax = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build();
        env.set_syntax(syntax.expect("the default delimiters are valid"));
        env.set_formatter(escape_html);
        let sources: BTreeMap<String, Source> = theme
            .templates
            .iter()
            .map(|(name, (path, text))| (name.clone(), Source::new(path.clone(), text.clone())))
            .collect();
        let errors: Vec<Diagnostic> = sources
            .iter()
            .filter_map(|(name, src)| env.add_template_owned(name.clone(), src.text.clone()).err())
            .map(|e| diagnostic(&sources, &e))
            .collect();
        if errors.is_empty() { Ok(Renderer { env, sources }) } else { Err(errors) }
    }

    /// Renders one template with a context.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, Diagnostic> {
        let template = self.env.get_template(name).map_err(|e| diagnostic(&self.sources, &e))?;
        template.render(ctx).map_err(|e| diagnostic(&self.sources, &e))
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
        let template = self.env.get_template(name).map_err(|e| diagnostic(&self.sources, &e))?;
        template.render_captured_to(ctx, out).map(drop).map_err(|e| {
            let io = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
            match io {
                Some(io) if e.kind() == minijinja::ErrorKind::WriteFailure => write_error(io),
                _ => diagnostic(&self.sources, &e),
            }
        })
    }
}

/// A template error, located in the theme file it comes from.
fn diagnostic(sources: &BTreeMap<String, Source>, e: &minijinja::Error) -> Diagnostic {
    let message = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    let problem = Problem::Template { message };
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
    fn html_is_escaped_but_slashes_are_not() {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_template("t.html", "{{ x }}|{{ y | safe }}").unwrap();
        let ctx = minijinja::context! { x => "a&b <i> \"q\" 'a' /p/", y => "<b>" };
        let out = env.get_template("t.html").unwrap().render(ctx).unwrap();
        assert_eq!(out, "a&amp;b &lt;i&gt; &quot;q&quot; &#39;a&#39; /p/|<b>");
    }
}
