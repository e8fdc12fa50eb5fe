//! The words subscribers and readers of the subscribe and status features see, in one
//! place: the markers feeds add to `SUMMARY`, the status of an event, and the names and
//! one-line help of the apps a feed can be added to, one [`FeatureWords`] per built-in language,
//! each held by its [`crate::locale::Locale`]; and the plural of the command line's counts
//! ([`count`]), whose messages are English.

use serde::Serialize;

/// Every word of these features, for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeatureWords {
    /// Put before the `SUMMARY` of an event whose date is to be confirmed.
    pub tbc_marker: &'static str,
    /// Put before the `SUMMARY` of a cancelled event.
    pub cancelled_marker: &'static str,
    /// Put before the `SUMMARY` of a postponed event.
    pub postponed_marker: &'static str,
    /// The status word pages show beside a cancelled event.
    pub cancelled: &'static str,
    /// The status word pages show beside a postponed event.
    pub postponed: &'static str,
    /// The line of a postponed event without a new date, in its `DESCRIPTION`.
    pub postponed_note: &'static str,
    /// The line of a cancelled event, in its `DESCRIPTION`.
    pub cancelled_note: &'static str,
    /// Where a postponed event was; `{date}` is its old date as readers see it.
    pub postponed_from: &'static str,
    /// The heading of an event's attendance, on its page.
    pub attendance: &'static str,
    /// The word of an event attended at its place (`attendance = "in-person"`).
    pub in_person: &'static str,
    /// The word of an event attended on the Internet.
    pub online: &'static str,
    /// The word of an event attended either way.
    pub hybrid: &'static str,
    /// The name of an event's call whose `[call]` gives no `label`.
    pub call_label: &'static str,
    /// A call and its deadline; `{label}` is the call's name, `{date}` its last day.
    pub call_until: &'static str,
    /// A call's `SUMMARY` in `calls.ics`; `{label}` is its name, `{title}` its event's.
    pub call_summary: &'static str,
    /// The name of the calls' feed, after the calendar's title.
    pub calls_feed: &'static str,
    /// The line before the calls' feed, in the subscribe section.
    pub calls_feed_intro: &'static str,
    /// The heading over a feed's subscribe links.
    pub subscribe_heading: &'static str,
    /// The sentence under it.
    pub subscribe_intro: &'static str,
    /// The line before the tags' feeds, under the whole calendar's links.
    pub tag_feeds_intro: &'static str,
    /// The heading over an event's "add" links.
    pub add_heading: &'static str,
    /// Each app a feed or an event can be added to: its name and what happens next.
    pub google: App,
    /// Outlook.com and Outlook on the web with a personal account.
    pub outlook_live: App,
    /// Outlook on the web with a work or school (Microsoft 365) account.
    pub outlook_office: App,
    /// Apple Calendar, and any app that opens `webcal://` addresses.
    pub apple: App,
    /// The feed's plain address, for any other app.
    pub copy: App,
    /// A one-off download of the feed.
    pub download: App,
}

/// An app's name on a link, and one line on what happens after the click.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct App {
    /// The link's text.
    pub name: &'static str,
    /// What happens next.
    pub help: &'static str,
}

/// The English words.
pub const ENGLISH: FeatureWords = FeatureWords {
    tbc_marker: "(tbc)",
    cancelled_marker: "(cancelled)",
    postponed_marker: "(postponed)",
    cancelled: "Cancelled",
    postponed: "Postponed",
    cancelled_note: "Cancelled: this event will not take place.",
    postponed_note: "Postponed: the new date is not known yet.",
    postponed_from: "Postponed from {date}",
    attendance: "Attendance",
    in_person: "In person",
    online: "Online",
    hybrid: "Hybrid",
    call_label: "Call for proposals",
    call_until: "{label} until {date}",
    call_summary: "{label}: {title}",
    calls_feed: "calls for proposals",
    calls_feed_intro: "The deadlines of the events' calls (for proposals, applications, nominations):",
    subscribe_heading: "Subscribe",
    subscribe_intro: "Subscribe once and every change arrives in your calendar by itself.",
    tag_feeds_intro: "Or only one kind of event (each tag's page has the same choices):",
    add_heading: "Add to your calendar",
    google: App {
        name: "Google Calendar",
        help: "Opens Google Calendar, which asks you to add the calendar. Google checks for changes every 12 to 24 hours.",
    },
    outlook_live: App {
        name: "Outlook.com",
        help: "Opens Outlook on the web with a personal Microsoft account, which asks you to subscribe.",
    },
    outlook_office: App {
        name: "Outlook for work or school",
        help: "The same, for Microsoft 365 work and school accounts.",
    },
    apple: App {
        name: "Apple Calendar",
        help: "On an iPhone, iPad or Mac: Calendar opens and asks you to confirm the subscription.",
    },
    copy: App {
        name: "Address to copy",
        help: "For any other app (Thunderbird, Android apps): paste it where the app adds a calendar from the Internet or from a URL.",
    },
    download: App {
        name: "Download (.ics)",
        help: "A copy to import once: later changes will not arrive.",
    },
};

/// The French words.
pub const FRENCH: FeatureWords = FeatureWords {
    tbc_marker: "(à conf.)",
    cancelled_marker: "(annulé)",
    postponed_marker: "(reporté)",
    cancelled: "Annulé",
    postponed: "Reporté",
    cancelled_note: "Annulé\u{a0}: cet évènement n’aura pas lieu.",
    postponed_note: "Reporté\u{a0}: la nouvelle date n’est pas encore connue.",
    postponed_from: "Reporté (date initiale\u{a0}: {date})",
    attendance: "Participation",
    in_person: "Sur place",
    online: "En ligne",
    hybrid: "Hybride",
    call_label: "Appel à propositions",
    call_until: "{label} jusqu’au {date}",
    call_summary: "{label}\u{a0}: {title}",
    calls_feed: "appels à propositions",
    calls_feed_intro: "Les dates limites des appels des évènements (propositions, candidatures, nominations)\u{a0}:",
    subscribe_heading: "S’abonner",
    subscribe_intro: "Abonnez-vous une fois et chaque changement arrivera de lui-même dans votre agenda.",
    tag_feeds_intro: "Ou un seul type d’évènement (la page de chaque étiquette propose les mêmes choix)\u{a0}:",
    add_heading: "Ajouter à votre agenda",
    google: App {
        name: "Google Agenda",
        help: "Ouvre Google Agenda, qui vous demande d’ajouter l’agenda. Google vérifie les changements toutes les 12 à 24 heures.",
    },
    outlook_live: App {
        name: "Outlook.com",
        help: "Ouvre Outlook sur le web avec un compte Microsoft personnel, qui vous demande de vous abonner.",
    },
    outlook_office: App {
        name: "Outlook professionnel ou scolaire",
        help: "La même chose, pour les comptes professionnels et scolaires Microsoft 365.",
    },
    apple: App {
        name: "Calendrier d’Apple",
        help: "Sur iPhone, iPad ou Mac\u{a0}: Calendrier s’ouvre et vous demande de confirmer l’abonnement.",
    },
    copy: App {
        name: "Adresse à copier",
        help: "Pour toute autre application (Thunderbird, applications Android)\u{a0}: collez-la là où l’application ajoute un agenda depuis Internet ou une URL.",
    },
    download: App {
        name: "Télécharger (.ics)",
        help: "Une copie à importer une fois\u{a0}: les changements ultérieurs n’arriveront pas.",
    },
};

/// The Spanish words.
pub const SPANISH: FeatureWords = FeatureWords {
    tbc_marker: "(por conf.)",
    cancelled_marker: "(cancelado)",
    postponed_marker: "(aplazado)",
    cancelled: "Cancelado",
    postponed: "Aplazado",
    cancelled_note: "Cancelado: este evento no se celebrará.",
    postponed_note: "Aplazado: aún no se conoce la nueva fecha.",
    postponed_from: "Aplazado (fecha anterior: {date})",
    attendance: "Modalidad",
    in_person: "Presencial",
    online: "En línea",
    hybrid: "Híbrido",
    call_label: "Convocatoria de propuestas",
    call_until: "{label} hasta el {date}",
    call_summary: "{label}: {title}",
    calls_feed: "convocatorias",
    calls_feed_intro: "Las fechas límite de las convocatorias de los eventos (propuestas, candidaturas, nominaciones):",
    subscribe_heading: "Suscribirse",
    subscribe_intro: "Suscríbase una vez y cada cambio llegará solo a su calendario.",
    tag_feeds_intro: "O solo un tipo de evento (la página de cada etiqueta ofrece las mismas opciones):",
    add_heading: "Añadir a su calendario",
    google: App {
        name: "Google Calendar",
        help: "Abre Google Calendar, que le pide añadir el calendario. Google busca cambios cada 12 a 24 horas.",
    },
    outlook_live: App {
        name: "Outlook.com",
        help: "Abre Outlook en la web con una cuenta personal de Microsoft, que le pide suscribirse.",
    },
    outlook_office: App {
        name: "Outlook del trabajo o centro educativo",
        help: "Lo mismo, para las cuentas de trabajo o de centros educativos de Microsoft 365.",
    },
    apple: App {
        name: "Calendario de Apple",
        help: "En un iPhone, iPad o Mac: Calendario se abre y le pide confirmar la suscripción.",
    },
    copy: App {
        name: "Dirección para copiar",
        help: "Para cualquier otra aplicación (Thunderbird, aplicaciones de Android): péguela donde la aplicación añade un calendario desde Internet o desde una URL.",
    },
    download: App {
        name: "Descargar (.ics)",
        help: "Una copia para importar una vez: los cambios posteriores no llegarán.",
    },
};

/// The plural ending of a count's noun on the command line: "1 event", "2 events".
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "1 event", "3 errors": a count and its noun, as the command line says them.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_take_the_plural_except_one() {
        let shown: Vec<String> = [0, 1, 2, 42].iter().map(|&n| super::count(n, "event")).collect();
        assert_eq!(shown, ["0 events", "1 event", "2 events", "42 events"]);
    }
}
