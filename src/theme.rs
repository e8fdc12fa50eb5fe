//! The theme: templates and static files, built into the binary, each overridable by a
//! file of the same name under the project's `themes/<theme>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::boundary::{Boundary, MAX_FILE_BYTES, read_bounded};
use crate::diagnostic::{Diagnostic, ReadProblem, ThemeProblem};

/// The built-in default theme, as shipped in `themes/default/`.
const BUILT_IN: &[(&str, &[u8])] = &[
    ("templates/base.html", include_bytes!("../themes/default/templates/base.html")),
    ("templates/macros.html", include_bytes!("../themes/default/templates/macros.html")),
    ("templates/months.html", include_bytes!("../themes/default/templates/months.html")),
    ("templates/index.html", include_bytes!("../themes/default/templates/index.html")),
    ("templates/event.html", include_bytes!("../themes/default/templates/event.html")),
    ("templates/tag.html", include_bytes!("../themes/default/templates/tag.html")),
    ("templates/calendar.html", include_bytes!("../themes/default/templates/calendar.html")),
    ("templates/grid-bar.html", include_bytes!("../themes/default/templates/grid-bar.html")),
    ("templates/embed.html", include_bytes!("../themes/default/templates/embed.html")),
    ("templates/404.html", include_bytes!("../themes/default/templates/404.html")),
    ("static/style.css", include_bytes!("../themes/default/static/style.css")),
    ("static/favicon.svg", include_bytes!("../themes/default/static/favicon.svg")),
    ("static/views.js", include_bytes!("../themes/default/static/views.js")),
    ("i18n/en.toml", include_bytes!("../themes/default/i18n/en.toml")),
    ("i18n/fr.toml", include_bytes!("../themes/default/i18n/fr.toml")),
    ("i18n/es.toml", include_bytes!("../themes/default/i18n/es.toml")),
    ("brochure.typ", include_bytes!("../themes/default/brochure.typ")),
];

/// A file of the built-in theme by its path inside it (`i18n/en.toml`), if there is one.
pub fn built_in_file(path: &str) -> Option<&'static [u8]> {
    BUILT_IN.iter().find(|(p, _)| *p == path).map(|(_, bytes)| *bytes)
}

/// A theme's files, by their path inside the theme (`templates/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// Template sources by name (`index.html`), with the file they came from.
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Files copied as they are to the site's root (`style.css`).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The words of the templates by language file (`en.toml`), with the file they came
    /// from: TOML tables of keys and texts, which templates show as `t.<key>`.
    pub strings: BTreeMap<String, (PathBuf, String)>,
    /// The brochure's Typst template (`brochure.typ`), with the file it came from.
    pub brochure: (PathBuf, String),
    /// Fonts the brochure may use beside the built-in ones (`fonts/`), by file.
    pub fonts: BTreeMap<PathBuf, Vec<u8>>,
}

impl Theme {
    /// The built-in theme, overridden file by file by `<root>/themes/<name>/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        let mut errors = Vec::new();
        for (path, bytes) in BUILT_IN {
            theme.insert(
                Path::new("(built-in theme)").join(path),
                path,
                bytes.to_vec(),
                &mut errors,
            );
        }
        let dir = Path::new("themes").join(name);
        // The project's own `i18n/` comes last: its words replace the theme's, file by file.
        theme.read(root, &dir, "", &mut errors);
        theme.read(root, Path::new("i18n"), "i18n/", &mut errors);
        if errors.is_empty() { Ok(theme) } else { Err(errors) }
    }

    /// Reads the files under `dir` as theme files named `<prefix><path inside dir>`.
    fn read(&mut self, root: &Path, dir: &Path, prefix: &str, errors: &mut Vec<Diagnostic>) {
        // A template, an `include`d one or a static file linked to outside the project
        // would publish that file: such links are errors and their targets never read.
        let boundary = Boundary::new(root);
        let files = boundary.files(dir, |problem| {
            errors.push(problem.unwrap_or_else(|e| Diagnostic::unreadable(dir.to_path_buf(), e)))
        });
        for shown in files {
            let inside = shown.strip_prefix(dir).unwrap_or(&shown);
            let key = format!("{prefix}{}", inside.to_string_lossy().replace('\\', "/"));
            match std::fs::File::open(root.join(&shown)).and_then(read_bounded) {
                Ok(Ok(bytes)) => self.insert(shown.clone(), &key, bytes, errors),
                Ok(Err(size)) => {
                    let problem = ThemeProblem::FileTooLarge { size, max: MAX_FILE_BYTES as u64 };
                    errors.push(Diagnostic::file(shown, problem))
                }
                Err(e) => errors.push(Diagnostic::unreadable(shown, e)),
            }
        }
    }

    fn insert(&mut self, shown: PathBuf, key: &str, bytes: Vec<u8>, errors: &mut Vec<Diagnostic>) {
        if let Some(name) = key.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), (shown, text));
                }
                Err(_) => errors.push(Diagnostic::file(shown, ReadProblem::NotUtf8)),
            }
        } else if let Some(name) = key.strip_prefix("static/") {
            self.assets.insert(name.to_string(), bytes);
        } else if key == "brochure.typ" {
            match String::from_utf8(bytes) {
                Ok(text) => self.brochure = (shown, text),
                Err(_) => errors.push(Diagnostic::file(shown, ReadProblem::NotUtf8)),
            }
        } else if key.starts_with("fonts/") {
            self.fonts.insert(shown, bytes);
        } else if let Some(name) = key.strip_prefix("i18n/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    self.strings.insert(name.to_string(), (shown, text));
                }
                Err(_) => errors.push(Diagnostic::file(shown, ReadProblem::NotUtf8)),
            }
        }
    }
}
