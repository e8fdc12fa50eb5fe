//! The texts a calendar's language tables (`[fr]`) may translate, item by item: the one
//! list that reading them ([`crate::fields::Fields::translations`]), putting them in place
//! ([`crate::translate::in_language`]) and counting those missing (`check`) all go by.

/// A text that a language table may translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Translatable {
    /// The calendar's or an event's title.
    Title,
    /// The line under the calendar's title.
    Subtitle,
    /// The edition line.
    Edition,
    /// The closing line.
    Footer,
    /// A tag's legend, or the name of an event's call.
    Label,
    /// A tag's or an event's description.
    Description,
    /// Where an event is.
    Location,
}

impl Translatable {
    /// Its key, in the item's file and in its language tables.
    pub const fn as_str(self) -> &'static str {
        match self {
            Translatable::Title => "title",
            Translatable::Subtitle => "subtitle",
            Translatable::Edition => "edition",
            Translatable::Footer => "footer",
            Translatable::Label => "label",
            Translatable::Description => "description",
            Translatable::Location => "location",
        }
    }
}

/// A translatable text of one kind of item, with the most characters its translation may
/// have and whether it may break lines.
pub type TextLimit = (Translatable, usize, bool);

/// What `calendar.toml`'s language tables translate.
pub const CALENDAR: &[TextLimit] = &[
    (Translatable::Title, 200, false),
    (Translatable::Subtitle, 500, false),
    (Translatable::Edition, 100, false),
    (Translatable::Footer, 500, false),
];

/// What an `[[editions]]` table's languages translate: the calendar's texts but its title,
/// which editions do not have.
pub const EDITION: &[TextLimit] = match CALENDAR.split_first() {
    Some((_, rest)) => rest,
    None => &[],
};

/// What a `[[tags]]` table's languages translate.
pub const TAG: &[TextLimit] =
    &[(Translatable::Label, 100, false), (Translatable::Description, 1000, false)];

/// What a `[call]` table's languages translate.
pub const CALL: &[TextLimit] = &[(Translatable::Label, 100, false)];

/// What an event file's language tables translate.
pub const EVENT: &[TextLimit] = &[
    (Translatable::Title, 300, true),
    (Translatable::Location, 200, false),
    (Translatable::Description, 20_000, true),
];
