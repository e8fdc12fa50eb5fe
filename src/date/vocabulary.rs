//! The words editors may write in a date, in English, French and Spanish alike, whatever
//! the calendar's language: the documents they copy from come in all three. Words are
//! compared in lower case without accents (`fevrier` is `février`, `aout` is `août`).

/// What a word (or a phrase of words) means in a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    /// A month, 1-12.
    Month(u32),
    /// Starts a range: `from`, `du`, `del`, `desde`.
    From,
    /// Separates a range's ends: `to`, `au`, `al`, `hasta`.
    To,
    /// The date is to be confirmed: `tbc`, `à confirmer`, `por confirmar`.
    Tbc,
    /// Carries no meaning between the parts of a date: Spanish `de`, `el`, French `le`.
    Filler,
    /// `date`, `dates`, `fecha(s)`: meaningful only with a tbc marker (`Dates to be confirmed`).
    Noun,
    /// A word that makes a day vague (`early`, `mid`, `late`, `début`, `finales`).
    Vague,
    /// `week`, `semaine`, `semana`: a week is not a date the calendar can show.
    Week,
}

/// Months as written in the three languages, with CLDR's abbreviations and common ones.
const MONTHS: [&[&str]; 12] = [
    &["jan", "january", "janv", "janvier", "ene", "enero"],
    &["feb", "february", "fev", "fevr", "fevrier", "febrero"],
    &["mar", "march", "mars", "marzo"],
    &["apr", "april", "avr", "avril", "abr", "abril"],
    &["may", "mai", "mayo"],
    &["jun", "june", "juin", "junio"],
    &["jul", "july", "juil", "juillet", "julio"],
    &["aug", "august", "aout", "ago", "agosto"],
    &["sep", "sept", "september", "septembre", "septiembre", "setiembre"],
    &["oct", "october", "octobre", "octubre"],
    &["nov", "november", "novembre", "noviembre"],
    &["dec", "december", "decembre", "dic", "diciembre"],
];

/// Phrases of several words, longest first, each a list of words as compared.
const PHRASES: &[(&[&str], Word)] = &[
    (&["to", "be", "confirmed"], Word::Tbc),
    (&["to", "be", "determined"], Word::Tbc),
    (&["to", "be", "announced"], Word::Tbc),
    (&["a", "confirmer"], Word::Tbc),
    (&["a", "determiner"], Word::Tbc),
    (&["a", "preciser"], Word::Tbc),
    (&["por", "confirmar"], Word::Tbc),
    (&["por", "determinar"], Word::Tbc),
    (&["a", "confirmar"], Word::Tbc),
];

/// Single words other than months.
const WORDS: &[(&str, Word)] = &[
    ("from", Word::From),
    ("du", Word::From),
    ("del", Word::From),
    ("desde", Word::From),
    ("to", Word::To),
    ("au", Word::To),
    ("al", Word::To),
    ("hasta", Word::To),
    ("tbc", Word::Tbc),
    ("tbd", Word::Tbc),
    ("tba", Word::Tbc),
    ("de", Word::Filler),
    ("el", Word::Filler),
    ("le", Word::Filler),
    ("date", Word::Noun),
    ("dates", Word::Noun),
    ("fecha", Word::Noun),
    ("fechas", Word::Noun),
    ("early", Word::Vague),
    ("mid", Word::Vague),
    ("late", Word::Vague),
    ("beginning", Word::Vague),
    ("end", Word::Vague),
    ("debut", Word::Vague),
    ("fin", Word::Vague),
    ("principios", Word::Vague),
    ("mediados", Word::Vague),
    ("finales", Word::Vague),
    ("week", Word::Week),
    ("semaine", Word::Week),
    ("semana", Word::Week),
];

/// A word as compared: lower case, accents off.
pub(super) fn fold(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        deunicode::deunicode(word).to_lowercase()
    }
}

/// The meaning of one folded word.
pub(super) fn word(folded: &str) -> Option<Word> {
    if let Some(m) = MONTHS.iter().position(|names| names.contains(&folded)) {
        return Some(Word::Month(m as u32 + 1));
    }
    WORDS.iter().find(|(w, _)| *w == folded).map(|(_, meaning)| *meaning)
}

/// The phrase that the folded words start with, and how many words it takes.
pub(super) fn phrase(folded: &[String]) -> Option<(Word, usize)> {
    PHRASES
        .iter()
        .find(|(words, _)| {
            words.len() <= folded.len() && words.iter().zip(folded).all(|(w, f)| w == f)
        })
        .map(|(words, meaning)| (*meaning, words.len()))
}

/// Whether a bracketed text is a tbc marker: `(tbc)`, `(à confirmer)`, `(por confirmar)`.
pub(super) fn is_tbc_marker(inside: &str) -> bool {
    let folded: Vec<String> = inside.split_whitespace().map(fold).collect();
    match folded.as_slice() {
        [one] => word(one) == Some(Word::Tbc),
        many => phrase(many).is_some_and(|(w, n)| w == Word::Tbc && n == many.len()),
    }
}

/// Day ordinals: `1st`, `2nd`, `3rd`, `8th`, French `1er` and `1re`.
pub(super) fn is_ordinal(suffix: &str) -> bool {
    matches!(suffix.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th" | "er" | "re")
}
