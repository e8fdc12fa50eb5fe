//! Problems as GitHub Actions workflow commands (`::error file=…,line=…::message`), which
//! GitHub shows as annotations on the pull request's diff.
//!
//! GitHub reads one command per line and decodes `%25`, `%0D` and `%0A` in the message,
//! and also `%3A` and `%2C` in the properties; other unsafe characters, and a `[` after
//! `##`, are escaped as people see them (`\u{1b}`), so that no value can end a command or
//! start another.

use crate::diagnostic::{Diagnostic, Problem, Severity, display_path};
use crate::report::text::{MESSAGE_MAX, bounded_lines, each_char, push_shown};

/// A message, encoded as GitHub's command data.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Data follows the command on its line: only `##[` could be read as another.
    each_char(text, false, |c, escaped| match c {
        '%' => out.push_str("%25"),
        '\r' => out.push_str("%0D"),
        '\n' => out.push_str("%0A"),
        c => {
            push_shown(&mut out, c, escaped);
        }
    });
    out
}

/// A value of a command's property (`file=`, `title=`), encoded as GitHub requires.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One problem as one workflow command, ending in a line break.
pub fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if !d.path.as_os_str().is_empty() {
        properties.push(format!("file={}", property(&display_path(&d.path))));
    }
    if let Some(p) = d.position {
        properties.push(format!("line={}", p.line));
        properties.push(format!("col={}", p.column));
        properties.push(format!("endColumn={}", p.column + d.width.max(1) - 1));
    }
    let text = d.problem.to_string();
    // The title is what is wrong; the body how to fix it, when the program knows.
    let body = match (&*d.problem, d.problem.help()) {
        (Problem::MoreInFile { .. }, _) | (_, None) => text.clone(),
        (_, Some(help)) => help,
    };
    properties.push(format!("title={}", property(&bounded_lines(&text, MESSAGE_MAX))));
    format!("::{kind} {}::{}\n", properties.join(","), data(&bounded_lines(&body, MESSAGE_MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_as_github_decodes_them() {
        // (text, as command data, as a property value)
        let table = [
            ("plain text", "plain text", "plain text"),
            ("50%", "50%25", "50%25"),
            ("%0A is not a line break", "%250A is not a line break", "%250A is not a line break"),
            ("a\nb", "a%0Ab", "a%0Ab"),
            ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
            ("key: a, b", "key: a, b", "key%3A a%2C b"),
            ("::warning file=x::", "::warning file=x::", "%3A%3Awarning file=x%3A%3A"),
            (
                "esc \u{1b}[2J bell \u{7}",
                "esc \\u{1b}[2J bell \\u{7}",
                "esc \\u{1b}[2J bell \\u{7}",
            ),
            ("rlo \u{202e}", "rlo \\u{202e}", "rlo \\u{202e}"),
            ("東京 🎉", "東京 🎉", "東京 🎉"),
            ("x ##[add-mask]y", "x ##\\u{5b}add-mask]y", "x ##\\u{5b}add-mask]y"),
        ];
        for (text, as_data, as_property) in table {
            assert_eq!(data(text), as_data, "{text:?}");
            assert_eq!(property(text), as_property, "{text:?}");
        }
    }
}
