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

/// The keys the form's fields fill in an event file, in the form's order: also the
/// fields' `id`s.
pub const KEYS: [&str; 7] =
    ["title", "date", "tags", "location", "attendance", "url", "description"];

/// The values of `attendance`, in the order of the dropdown's options.
pub const ATTENDANCE: [&str; 3] = ["in-person", "online", "hybrid"];

/// The form's words in one language.
#[derive(Debug)]
pub struct FormWords {
    /// The language's code, as [`crate::locale::Locale::built_in`] names it.
    pub code: &'static str,
    /// The form's name, in the list of "New issue", and the line under it.
    name: &'static str,
    about: &'static str,
    /// The start of a new issue's title.
    issue_title: &'static str,
    /// The paragraph at the form's top.
    intro: &'static str,
    /// Each field's label, in [`KEYS`]' order: the headings of the issue's body.
    pub labels: [&'static str; 7],
    /// Each field's description, in the same order.
    help: [&'static str; 7],
    /// Examples for the title, the date, the location and the link.
    examples: [&'static str; 4],
    /// The attendance options, in [`ATTENDANCE`]'s order.
    pub attendance: [&'static str; 3],
    /// The sentences of the workflow's reply on the issue, in [`REPLY`]'s order.
    pub reply: [&'static str; 8],
}

/// The placeholders of the reply's sentences in the workflow `init` writes: thanks (then
/// the pull request's address), before check's verdict, the preview (then its address),
/// after merging, no pull request made (then the run's address), how to allow it, refused
/// (before check's verdict), how to fix it.
pub const REPLY: [&str; 8] = [
    "__SAY_THANKS__",
    "__SAY_CHECK__",
    "__SAY_PREVIEW__",
    "__SAY_MERGED__",
    "__SAY_NO_PR__",
    "__SAY_ALLOW__",
    "__SAY_REFUSED__",
    "__SAY_EDIT__",
];

/// The form in each built-in language.
pub const WORDS: [FormWords; 3] = [
    FormWords {
        code: "en",
        name: "Propose an event",
        about: "Suggest an event for the calendar. A maintainer reviews it before it is published.",
        issue_title: "Event: ",
        intro: "Tell us about the event. Once you submit, a pull request with the event's file is made for you, and a reply here says whether it reads well or what to fix: edit this issue to fix it, and the pull request follows.",
        labels: ["Title", "Date", "Tags", "Location", "Attendance", "Link", "Description"],
        help: [
            "The event's name, as the calendar should show it.",
            "As you would write it: \"16 Feb\", \"15-22 Feb\", \"31 Aug - 2 Sep\", \"(tbc) Apr\" for a month still to be confirmed, or 2027-02-15. Without a year, the calendar's year.",
            "The kinds of event it is, if any.",
            "The city and country, or \"Online\".",
            "How people take part.",
            "The event's own page, starting with https://",
            "A few sentences about the event. Markdown works (*emphasis*, [a link](https://example.org)).",
        ],
        examples: [
            "Annual Retreat & Campus",
            "15-22 Feb",
            "Guangzhou, China",
            "https://example.org/retreat",
        ],
        attendance: ["In person", "Online", "Hybrid"],
        reply: [
            "Thank you! The event reads well. It is now a pull request, for a maintainer to review and merge:",
            "What the check says:",
            "To see the site with it before then, download the preview (site-preview, a zip file; open index.html inside):",
            "Once the pull request is merged, the event is on the calendar's site within a few minutes.",
            "The event reads well, but the pull request could not be made:",
            "A maintainer can allow it once: Settings → Actions → General → Workflow permissions → \"Allow GitHub Actions to create and approve pull requests\", then edit this issue to try again.",
            "The event cannot be added as it is written. What the check says:",
            "Edit this issue to fix it (the ⋯ menu at its top → Edit): it is checked again after each edit.",
        ],
    },
    FormWords {
        code: "fr",
        name: "Proposer un évènement",
        about: "Proposez un évènement pour le calendrier. Un responsable le relit avant sa publication.",
        issue_title: "Évènement\u{a0}: ",
        intro: "Présentez l’évènement. Une fois le formulaire envoyé, une demande de fusion (pull request) avec le fichier de l’évènement est préparée pour vous, et une réponse ici dit s’il se lit bien ou ce qu’il faut corriger\u{a0}: modifiez ce ticket pour le corriger, la demande de fusion suit.",
        labels: ["Titre", "Date", "Catégories", "Lieu", "Participation", "Lien", "Description"],
        help: [
            "Le nom de l’évènement, tel que le calendrier doit l’afficher.",
            "Comme vous l’écririez\u{a0}: «\u{a0}16 févr.\u{a0}», «\u{a0}15-22 févr.\u{a0}», «\u{a0}31 août - 2 sept.\u{a0}», «\u{a0}(à confirmer) avr.\u{a0}» pour un mois encore à confirmer, ou 2027-02-15. Sans année, c’est celle du calendrier.",
            "Les catégories de l’évènement, s’il y en a.",
            "La ville et le pays, ou «\u{a0}En ligne\u{a0}».",
            "Comment on y participe.",
            "La page de l’évènement, commençant par https://",
            "Quelques phrases sur l’évènement. Le Markdown fonctionne (*italique*, [un lien](https://example.org)).",
        ],
        examples: [
            "Retraite annuelle et campus",
            "15-22 févr.",
            "Canton, Chine",
            "https://example.org/retraite",
        ],
        attendance: ["Sur place", "En ligne", "Hybride"],
        reply: [
            "Merci\u{a0}! L’évènement se lit bien. C’est maintenant une demande de fusion (pull request), qu’un responsable va relire et fusionner\u{a0}:",
            "Ce que dit la vérification\u{a0}:",
            "Pour voir le site avec lui d’ici là, téléchargez l’aperçu (site-preview, un fichier zip\u{a0}; ouvrez index.html à l’intérieur)\u{a0}:",
            "Une fois la demande de fusion acceptée, l’évènement est sur le site du calendrier en quelques minutes.",
            "L’évènement se lit bien, mais la demande de fusion n’a pas pu être créée\u{a0}:",
            "Un responsable peut l’autoriser une fois pour toutes\u{a0}: Settings → Actions → General → Workflow permissions → «\u{a0}Allow GitHub Actions to create and approve pull requests\u{a0}», puis modifier ce ticket pour réessayer.",
            "L’évènement ne peut pas être ajouté tel qu’il est écrit. Ce que dit la vérification\u{a0}:",
            "Modifiez ce ticket pour le corriger (menu ⋯ en haut → Edit)\u{a0}: il est vérifié de nouveau après chaque modification.",
        ],
    },
    FormWords {
        code: "es",
        name: "Proponer un evento",
        about: "Proponga un evento para el calendario. Un responsable lo revisa antes de publicarlo.",
        issue_title: "Evento: ",
        intro: "Cuéntenos sobre el evento. Al enviarlo, se prepara una solicitud de cambios (pull request) con el archivo del evento, y una respuesta aquí indica si se lee bien o qué corregir: edite esta incidencia para corregirlo y la solicitud se actualiza.",
        labels: ["Título", "Fecha", "Categorías", "Lugar", "Modalidad", "Enlace", "Descripción"],
        help: [
            "El nombre del evento, tal como debe mostrarlo el calendario.",
            "Como lo escribiría: «16 feb», «15-22 feb», «31 ago - 2 sep», «(por confirmar) abr» para un mes aún por confirmar, o 2027-02-15. Sin año, el del calendario.",
            "Los tipos de evento, si los hay.",
            "La ciudad y el país, o «En línea».",
            "Cómo se participa.",
            "La página del evento, empezando por https://",
            "Unas frases sobre el evento. Funciona Markdown (*cursiva*, [un enlace](https://example.org)).",
        ],
        examples: [
            "Retiro anual y campus",
            "15-22 feb",
            "Cantón, China",
            "https://example.org/retiro",
        ],
        attendance: ["Presencial", "En línea", "Híbrido"],
        reply: [
            "¡Gracias! El evento se lee bien. Ahora es una solicitud de cambios (pull request), que un responsable revisará y aceptará:",
            "Lo que dice la comprobación:",
            "Para ver el sitio con él antes, descargue la vista previa (site-preview, un archivo zip; abra index.html dentro):",
            "Cuando se acepte la solicitud de cambios, el evento estará en el sitio del calendario en pocos minutos.",
            "El evento se lee bien, pero no se pudo crear la solicitud de cambios:",
            "Un responsable puede permitirlo una sola vez: Settings → Actions → General → Workflow permissions → «Allow GitHub Actions to create and approve pull requests», y luego editar esta incidencia para volver a intentarlo.",
            "El evento no se puede añadir tal como está escrito. Lo que dice la comprobación:",
            "Edite esta incidencia para corregirlo (menú ⋯ arriba → Edit): se comprueba de nuevo tras cada edición.",
        ],
    },
];

/// The form's words in a language (`fr-CA` has French's); English's for one not built in.
pub fn words(code: &str) -> &'static FormWords {
    let built_in = crate::locale::Locale::built_in(code).map(|l| l.code);
    WORDS.iter().find(|w| Some(w.code) == built_in).unwrap_or(&WORDS[0])
}

/// The workflow that turns a proposal into a pull request (`template`, with the action's
/// reference already in), its reply in `language`: each sentence an environment variable,
/// as a YAML double-quoted string, so that the script reads it as data.
pub fn workflow(template: &str, language: &str) -> String {
    let w = words(language);
    let q = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let mut text = template.replace("__LABEL__", LABEL);
    for (placeholder, sentence) in REPLY.iter().zip(w.reply) {
        text = text.replacen(placeholder, &q(sentence), 1);
    }
    text
}

/// The label of the field that fills `key` in the form in `language` ("Date"), for
/// messages about it; `tag` is the field of the tags; the key itself for one the form lacks.
pub fn label(language: &str, key: &str) -> String {
    let key = if key == "tag" { "tags" } else { key };
    match KEYS.iter().position(|k| *k == key) {
        Some(i) => words(language).labels[i].to_string(),
        None => key.to_string(),
    }
}

/// The form in `language` (the calendar's default), with a checkbox for each of `tags` by
/// its label, which the issue's body repeats.
pub fn form(tags: &[Tag], language: &str) -> String {
    let w = words(language);
    // JSON strings are YAML double-quoted scalars: a tag's label is text of the calendar,
    // and may hold quotes, colons or a `#`.
    let q = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let tags: String = tags.iter().map(|t| format!("        - label: {}\n", q(&t.label))).collect();
    let attendance: String = w.attendance.iter().map(|a| format!("        - {}\n", q(a))).collect();
    let mut text = FORM
        .replacen("@NAME@", &q(w.name), 1)
        .replacen("@ABOUT@", &q(w.about), 1)
        .replacen("@ISSUE_TITLE@", &q(w.issue_title), 1)
        .replacen("@LABEL@", &q(LABEL), 1)
        .replacen("@INTRO@", &q(w.intro), 1)
        .replacen("@ATTENDANCE@", &attendance, 1);
    for (i, key) in KEYS.iter().enumerate() {
        text = text.replacen(&format!("@{key}.label@"), &q(w.labels[i]), 1).replacen(
            &format!("@{key}.help@"),
            &q(w.help[i]),
            1,
        );
    }
    for (key, example) in ["title", "date", "location", "url"].iter().zip(w.examples) {
        text = text.replacen(&format!("@{key}.example@"), &q(example), 1);
    }
    // The calendar's texts last, so that no placeholder is looked for in them.
    text.replacen("@TAGS@", &tags, 1)
}

/// The form's text, its words to fill in: a test reads the form back and compares its
/// fields with [`KEYS`] and [`WORDS`].
const FORM: &str = r#"# The form on GitHub for proposing an event without git: Issues → New issue → this form
# (the site's "Propose an event" link opens it when calendar.toml has `repository`). The
# workflow .github/workflows/propose.yml turns each issue made with it into a pull request
# with the event's file (editors' guide, "Proposing an event with a browser").
#
# `whenwhere new --from-issue-form` finds each answer under its field's label: keep the
# labels as they are (descriptions and examples may be reworded freely). The tags'
# checkboxes are the tags' labels in calendar.toml; when you add, rename or remove a tag
# there, change its line under the tags' field below to match (a tag's id works too).
name: @NAME@
description: @ABOUT@
title: @ISSUE_TITLE@
labels: [@LABEL@]
body:
  - type: markdown
    attributes:
      value: @INTRO@
  - type: input
    id: title
    attributes:
      label: @title.label@
      description: @title.help@
      placeholder: @title.example@
    validations:
      required: true
  - type: input
    id: date
    attributes:
      label: @date.label@
      description: @date.help@
      placeholder: @date.example@
    validations:
      required: true
  - type: checkboxes
    id: tags
    attributes:
      label: @tags.label@
      description: @tags.help@
      options:
@TAGS@  - type: input
    id: location
    attributes:
      label: @location.label@
      description: @location.help@
      placeholder: @location.example@
  - type: dropdown
    id: attendance
    attributes:
      label: @attendance.label@
      description: @attendance.help@
      options:
@ATTENDANCE@  - type: input
    id: url
    attributes:
      label: @url.label@
      description: @url.help@
      placeholder: @url.example@
  - type: textarea
    id: description
    attributes:
      label: @description.label@
      description: @description.help@
"#;

/// What an issue made with the form proposes, each field as its author wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposal {
    /// The language of the form it was written with, as its headings show (English when
    /// none is a label): problems name its fields in it.
    pub language: &'static str,
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

/// The field (its index in [`KEYS`]) whose label, in any built-in language, or id is
/// `heading`, case aside, with the language of the label.
fn field_of(heading: &str) -> Option<(usize, Option<&'static str>)> {
    let same = |text: &str| text.to_lowercase() == heading.to_lowercase();
    (0..KEYS.len()).find_map(|i| match WORDS.iter().find(|w| same(w.labels[i])) {
        Some(w) => Some((i, Some(w.code))),
        None => same(KEYS[i]).then_some((i, None)),
    })
}

/// Reads an issue's body as GitHub renders the form: each field's label as a `### `
/// heading, then its answer (`_No response_` for none; `- [X] label` for each checkbox).
/// A heading is a field's the first time its label (in any built-in language) or id
/// comes, case aside; after that, and for a label the form does not have, it is part of
/// the answer above it, so that a description may hold headings of its own. Tags are found
/// by their label in any of the calendar's languages, or by their id.
pub fn read(body: &str, tags: &[Tag]) -> Result<Proposal, Diagnostic> {
    let body = body.replace("\r\n", "\n");
    let mut answers: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut language = None;
    for line in body.lines() {
        let field = line
            .strip_prefix("### ")
            .and_then(|h| field_of(h.trim()))
            .filter(|(i, _)| !answers.iter().any(|(seen, _)| seen == i));
        match (field, answers.last_mut()) {
            (Some((i, code)), _) => {
                language = language.or(code);
                answers.push((i, Vec::new()));
            }
            (None, Some((_, lines))) => lines.push(line),
            // Text before the first field: none in a body GitHub wrote.
            (None, None) => {}
        }
    }
    let language = language.unwrap_or("en");
    let answer = |key: &str| -> Option<String> {
        let (_, lines) = answers.iter().find(|(i, _)| KEYS[*i] == key)?;
        let text = lines.join("\n");
        let text = text.trim_matches(|c: char| c == '\n' || c == ' ' || c == '\t');
        (!text.is_empty() && text != NO_RESPONSE).then(|| text.to_string())
    };
    let required = |key: &str| {
        answer(key).ok_or_else(|| {
            Diagnostic::command(CommandProblem::FormFieldEmpty { label: label(language, key) })
        })
    };
    let single =
        |key: &str| answer(key).map(|a| a.lines().map(str::trim).collect::<Vec<_>>().join(" "));
    Ok(Proposal {
        language,
        title: required("title")?,
        date: required("date")?,
        tags: read_tags(answer("tags").as_deref().unwrap_or_default(), tags, language)?,
        location: single("location"),
        attendance: read_attendance(answer("attendance").as_deref(), language)?,
        url: single("url"),
        description: answer("description"),
    })
}

/// The ids of the ticked tags: `- [X] label` lines, unticked `- [ ]` ones left out.
fn read_tags(answer: &str, tags: &[Tag], language: &str) -> Result<Vec<String>, Diagnostic> {
    let mut ids = Vec::new();
    for line in answer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let ticked = line.strip_prefix("- [X]").or_else(|| line.strip_prefix("- [x]"));
        let Some(written) = ticked.map(str::trim) else { continue };
        let same = |text: &str| text.trim().to_lowercase() == written.to_lowercase();
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
                return Err(choice(language, "tags", written, &known));
            }
        }
    }
    Ok(ids)
}

/// The dropdown's choice (in any built-in language) as an event file writes it; GitHub
/// writes `None` (or nothing) when no option was chosen.
fn read_attendance(answer: Option<&str>, language: &str) -> Result<Option<String>, Diagnostic> {
    let Some(written) = answer.map(str::trim).filter(|a| !a.eq_ignore_ascii_case("none")) else {
        return Ok(None);
    };
    let same = |text: &str| text.to_lowercase() == written.to_lowercase();
    let chosen = (0..ATTENDANCE.len())
        .find(|&i| same(ATTENDANCE[i]) || WORDS.iter().any(|w| same(w.attendance[i])));
    match chosen {
        Some(i) => Ok(Some(ATTENDANCE[i].to_string())),
        None => Err(choice(language, "attendance", written, &words(language).attendance)),
    }
}

fn choice(language: &str, key: &str, written: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::command(CommandProblem::FormChoice {
        label: label(language, key),
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
            let expected = Proposal { language: "en", ..expected };
            assert_eq!(read(body, &tags()).unwrap(), expected, "{body}");
        }
        let no_date = read("### Title\n\nForum\n\n### Date\n\n_No response_\n", &tags());
        assert_eq!(no_date.unwrap_err().problem.to_string(), "the issue's “Date” is empty");
    }

    /// A tag's label is the calendar's text: whatever it holds, the form reads back with
    /// that label as its checkbox, and every other field as written.
    #[test]
    fn a_tags_label_is_one_checkbox_whatever_it_holds() {
        let label = "Talks: \"open\" # @location.label@ {{ x }}\n- label: extra";
        let mut tags = tags();
        tags[0].label = label.into();
        let form = yaml_rust2::YamlLoader::load_from_str(&form(&tags, "en")).unwrap().remove(0);
        let body = form["body"].as_vec().unwrap();
        let checkboxes = &body.iter().find(|e| e["id"].as_str() == Some("tags")).unwrap();
        let options: Vec<&str> = checkboxes["attributes"]["options"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap())
            .collect();
        assert_eq!(options, [label]);
        let location = body.iter().find(|e| e["id"].as_str() == Some("location")).unwrap();
        assert_eq!(location["attributes"]["label"].as_str(), Some("Location"));
    }
}
