//! Proposing an event without git: the GitHub issue form that `init` writes
//! (`.github/ISSUE_TEMPLATE/event.yml`), and an issue's body, as GitHub renders that form,
//! read back into the fields of a new event for `new --from-issue-form`.
//!
//! The body is untrusted text: it is only ever split into values here, which `new` writes
//! as TOML strings through the `toml` crate's own escaping.

use crate::config::Tag;
use crate::diagnostic::{CommandProblem, Diagnostic};
use crate::translatable::Translatable;

/// The label that marks a proposed event's issue, and that the workflow waits for.
pub const LABEL: &str = "event";

/// The form's file, relative to the project (the repository's root).
pub const PATH: &str = ".github/ISSUE_TEMPLATE/event.yml";

/// One field of the form: the key it fills in an event file (also its `id` in the form)
/// and its label, which is the heading GitHub gives its answer in the issue's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key in the event file, and the field's `id`.
    pub key: &'static str,
    /// The label, and the body's `### ` heading.
    pub label: &'static str,
}

/// The form's fields, in its order.
pub const FIELDS: [Field; 7] = [
    Field { key: "title", label: "Title" },
    Field { key: "date", label: "Date" },
    Field { key: "tags", label: "Tags" },
    Field { key: "location", label: "Location" },
    Field { key: "attendance", label: "Attendance" },
    Field { key: "url", label: "Link" },
    Field { key: "description", label: "Description" },
];

/// The attendance dropdown's options, each with the value an event file gives it.
pub const ATTENDANCE: [(&str, &str); 3] =
    [("In person", "in-person"), ("Online", "online"), ("Hybrid", "hybrid")];

/// The label of the field that fills `key`, for messages about it ("Date"); the key
/// itself for one the form lacks.
pub fn label(key: &str) -> String {
    FIELDS.iter().find(|f| f.key == key).map_or_else(|| key.to_string(), |f| f.label.to_string())
}

/// The form, with a checkbox for each of `tags` (by its label, which the body repeats).
pub fn form(tags: &[Tag]) -> String {
    // JSON strings are YAML double-quoted scalars: a tag's label is text of the calendar,
    // and may hold quotes, colons or a `#`.
    let q = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let mut options = String::new();
    for tag in tags {
        options.push_str(&format!("        - label: {}\n", q(&tag.label)));
    }
    let attendance: Vec<&str> = ATTENDANCE.iter().map(|(shown, _)| *shown).collect();
    FORM.replace("@LABEL@", &q(LABEL)).replace("@TAGS@", &options).replace(
        "@ATTENDANCE@",
        &attendance.iter().map(|a| format!("        - {a}\n")).collect::<String>(),
    )
}

/// The form's text, with the tags and the options of attendance to fill in. Its labels
/// are [`FIELDS`]'s: a test reads the form back and compares them.
const FORM: &str = r#"# The form on GitHub for proposing an event without git: Issues → New issue → Propose an
# event (the site's "Propose an event" link opens it when calendar.toml has `repository`).
# The workflow .github/workflows/propose.yml turns each issue made with it into a pull
# request with the event's file (editors' guide, "Proposing an event with a browser").
#
# `whenwhere new --from-issue-form` finds each answer under its field's label: keep the
# labels as they are (descriptions and placeholders may be reworded freely). The tags'
# checkboxes are the tags' labels in calendar.toml; when you add, rename or remove a tag
# there, change its line under "Tags" below to match (a tag's id works too).
name: Propose an event
description: Suggest an event for the calendar. A maintainer reviews it before it is published.
title: "Event: "
labels: [@LABEL@]
body:
  - type: markdown
    attributes:
      value: |
        Tell us about the event. Once you submit, a pull request with the event's file is
        made for you, and a reply here says whether it reads well or what to fix: edit
        this issue to fix it, and the pull request follows.
  - type: input
    id: title
    attributes:
      label: Title
      description: The event's name, as the calendar should show it.
      placeholder: Annual Retreat & Campus
    validations:
      required: true
  - type: input
    id: date
    attributes:
      label: Date
      description: >-
        As you would write it: "16 Feb", "15-22 Feb", "31 Aug - 2 Sep", "(tbc) Apr" for a
        month still to be confirmed, or 2027-02-15. Without a year, the calendar's year.
      placeholder: 15-22 Feb
    validations:
      required: true
  - type: checkboxes
    id: tags
    attributes:
      label: Tags
      description: The kinds of event it is, if any.
      options:
@TAGS@  - type: input
    id: location
    attributes:
      label: Location
      description: The city and country, or "Online".
      placeholder: Guangzhou, China
  - type: dropdown
    id: attendance
    attributes:
      label: Attendance
      description: How people take part.
      options:
@ATTENDANCE@  - type: input
    id: url
    attributes:
      label: Link
      description: The event's own page, starting with https://
      placeholder: https://example.org/retreat
  - type: textarea
    id: description
    attributes:
      label: Description
      description: A few sentences about the event. Markdown works (*emphasis*, [a link](https://example.org)).
"#;

/// What an issue made with the form proposes, each field as its author wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposal {
    /// The title.
    pub title: String,
    /// The date expression.
    pub date: String,
    /// Tag ids.
    pub tags: Vec<String>,
    /// Where.
    pub location: Option<String>,
    /// `in-person`, `online` or `hybrid`.
    pub attendance: Option<String>,
    /// The event's link.
    pub url: Option<String>,
    /// Markdown text.
    pub description: Option<String>,
}

/// What GitHub writes for a field left empty.
const NO_RESPONSE: &str = "_No response_";

/// Reads an issue's body as GitHub renders the form: each field's label as a `### `
/// heading, then its answer (`_No response_` for none; `- [X] label` for each checkbox).
/// A heading is a field's the first time its label comes (case aside); after that, and
/// for a label the form does not have, it is part of the answer above it, so that a
/// description may hold headings of its own. Tags are found by their label in any of the
/// calendar's languages, or by their id.
pub fn read(body: &str, tags: &[Tag]) -> Result<Proposal, Diagnostic> {
    let body = body.replace("\r\n", "\n");
    let mut answers: Vec<(Field, Vec<&str>)> = Vec::new();
    for line in body.lines() {
        let heading = line.strip_prefix("### ").map(str::trim);
        let field = heading.and_then(|h| {
            FIELDS.iter().find(|f| {
                (f.label.eq_ignore_ascii_case(h) || f.key.eq_ignore_ascii_case(h))
                    && !answers.iter().any(|(seen, _)| seen == *f)
            })
        });
        match (field, answers.last_mut()) {
            (Some(field), _) => answers.push((*field, Vec::new())),
            (None, Some((_, lines))) => lines.push(line),
            // Text before the first field: none in a body GitHub wrote.
            (None, None) => {}
        }
    }
    let answer = |key: &str| -> Option<String> {
        let (_, lines) = answers.iter().find(|(f, _)| f.key == key)?;
        let text = lines.join("\n");
        let text = text.trim_matches(|c: char| c == '\n' || c == ' ' || c == '\t');
        (!text.is_empty() && text != NO_RESPONSE).then(|| text.to_string())
    };
    let required = |key: &str| {
        answer(key).ok_or_else(|| {
            Diagnostic::command(CommandProblem::FormFieldEmpty { label: label(key) })
        })
    };
    let single =
        |key: &str| answer(key).map(|a| a.lines().map(str::trim).collect::<Vec<_>>().join(" "));
    Ok(Proposal {
        title: required("title")?,
        date: required("date")?,
        tags: read_tags(answer("tags").as_deref().unwrap_or_default(), tags)?,
        location: single("location"),
        attendance: read_attendance(answer("attendance").as_deref())?,
        url: single("url"),
        description: answer("description"),
    })
}

/// The ids of the ticked tags: `- [X] label` lines, unticked `- [ ]` ones left out.
fn read_tags(answer: &str, tags: &[Tag]) -> Result<Vec<String>, Diagnostic> {
    let mut ids = Vec::new();
    for line in answer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let ticked = line.strip_prefix("- [X]").or_else(|| line.strip_prefix("- [x]"));
        let Some(written) = ticked.map(str::trim) else { continue };
        let same = |text: &str| text.trim().eq_ignore_ascii_case(written);
        let translated = |t: &Tag| {
            t.translations
                .texts
                .iter()
                .flat_map(|(_, texts)| texts)
                .any(|(key, text)| *key == Translatable::Label && same(text))
        };
        let tag = tags.iter().find(|t| same(&t.id) || same(&t.label) || translated(t));
        match tag {
            Some(tag) if !ids.contains(&tag.id) => ids.push(tag.id.clone()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = tags.iter().map(|t| t.label.as_str()).collect();
                return Err(choice("tags", written, &known));
            }
        }
    }
    Ok(ids)
}

/// The dropdown's choice as an event file writes it; GitHub writes `None` (or nothing)
/// when no option was chosen.
fn read_attendance(answer: Option<&str>) -> Result<Option<String>, Diagnostic> {
    let Some(written) = answer.map(str::trim).filter(|a| !a.eq_ignore_ascii_case("none")) else {
        return Ok(None);
    };
    let value = ATTENDANCE.iter().find(|(shown, value)| {
        shown.eq_ignore_ascii_case(written) || value.eq_ignore_ascii_case(written)
    });
    match value {
        Some((_, value)) => Ok(Some(value.to_string())),
        None => {
            let known: Vec<&str> = ATTENDANCE.iter().map(|(shown, _)| *shown).collect();
            Err(choice("attendance", written, &known))
        }
    }
}

fn choice(key: &str, written: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::command(CommandProblem::FormChoice {
        label: label(key),
        value: written.to_string(),
        suggestion: crate::diagnostic::suggest(written, known.iter().copied()),
        known: known.iter().map(|k| k.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    fn tags() -> Vec<Tag> {
        let calendar = "title = \"T\"\nbase_url = \"https://x.org/\"\nlanguages = [\"en\", \"fr\"]\n\
                        [[tags]]\nid = \"diplomacy\"\nlabel = \"Diplomacy\"\nfr = { label = \"Diplomatie\" }\n";
        crate::config::Config::parse(&Source::new("calendar.toml", calendar)).unwrap().tags
    }

    /// How headings are told from answers: each field's label (or id), case aside, the
    /// first time only; anything else belongs to the answer above it.
    #[test]
    fn answers_are_found_under_their_fields_headings() {
        let table: [(&str, Proposal); 4] = [
            (
                "### Title\r\n\r\nForum\r\n\r\n### Date\r\n\r\n3 Feb\r\n",
                Proposal { title: "Forum".into(), date: "3 Feb".into(), ..Default::default() },
            ),
            (
                "### title\n\nForum\n### DATE\n3 Feb\n### url\n\nhttps://x.org/\n### Attendance\n\nNone\n",
                Proposal {
                    title: "Forum".into(),
                    date: "3 Feb".into(),
                    url: Some("https://x.org/".into()),
                    ..Default::default()
                },
            ),
            (
                "### Title\n\nForum\n\n### Date\n\n3 Feb\n\n### Description\n\n### Agenda\n\n### Title\n\nDay 1\n",
                Proposal {
                    title: "Forum".into(),
                    date: "3 Feb".into(),
                    description: Some("### Agenda\n\n### Title\n\nDay 1".into()),
                    ..Default::default()
                },
            ),
            (
                "### Title\n\nForum\n\n### Date\n\n3 Feb\n\n### Tags\n\n- [x] Diplomatie\n- [X] diplomacy\n- [ ] Other\n\n### Attendance\n\nonline\n",
                Proposal {
                    title: "Forum".into(),
                    date: "3 Feb".into(),
                    tags: vec!["diplomacy".into()],
                    attendance: Some("online".into()),
                    ..Default::default()
                },
            ),
        ];
        for (body, expected) in table {
            assert_eq!(read(body, &tags()).unwrap(), expected, "{body}");
        }
        let no_date = read("### Title\n\nForum\n\n### Date\n\n_No response_\n", &tags());
        assert_eq!(no_date.unwrap_err().problem.to_string(), "the issue's “Date” is empty");
    }
}
