//! Event descriptions: Markdown to safe HTML for pages, and to plain text for feeds.

use pulldown_cmark::{Event as Md, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_SMART_PUNCTUATION
}

/// Plain text for iCalendar `DESCRIPTION` and "add" links: the words, without HTML tags,
/// each link as "text (address)", or its address alone when that is its text.
pub fn to_text(markdown: &str) -> String {
    text_of(markdown, Parser::new_ext(markdown, options()))
}

/// HTML for a page, and [`to_text`], from one parse. Raw HTML in the source is shown as
/// text, never passed through, and a link or image to anything but http(s), mailto or a
/// relative address keeps only its text.
pub fn to_html_and_text(markdown: &str) -> (String, String) {
    let events: Vec<Md<'_>> = Parser::new_ext(markdown, options()).collect();
    (html_of(markdown, events.iter().cloned()), text_of(markdown, events))
}

fn html_of<'a>(markdown: &str, events: impl Iterator<Item = Md<'a>>) -> String {
    // One entry per open link or image: whether it was kept, to drop its end tag too.
    let mut kept: Vec<bool> = Vec::new();
    let events = events.filter_map(|event| match event {
        Md::Html(raw) | Md::InlineHtml(raw) => Some(Md::Text(raw)),
        Md::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let safe = safe_link(dest_url);
            kept.push(safe);
            safe.then_some(event)
        }
        Md::End(TagEnd::Link | TagEnd::Image) => kept.pop().unwrap_or(true).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn text_of<'a>(markdown: &str, events: impl IntoIterator<Item = Md<'a>>) -> String {
    let mut out = String::with_capacity(markdown.len());
    // Each open link: its address (if safe) and where its text starts in `out`.
    let mut links: Vec<(Option<String>, usize)> = Vec::new();
    for event in events {
        match event {
            Md::Text(t) | Md::Code(t) => out.push_str(&t),
            // Readers of plain text see tags as noise: only the text between them is kept.
            Md::Html(t) | Md::InlineHtml(t) => out.push_str(&without_tags(&t)),
            Md::SoftBreak => out.push(' '),
            Md::HardBreak => out.push('\n'),
            Md::Start(Tag::Link { dest_url, .. }) => {
                let safe = safe_link(&dest_url).then(|| dest_url.to_string());
                links.push((safe, out.len()));
            }
            Md::End(TagEnd::Link) => {
                if let Some((Some(url), from)) = links.pop() {
                    let shown = url.strip_prefix("mailto:").unwrap_or(&url);
                    if out[from..].trim() != shown {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Md::Start(Tag::Item) => out.push_str("- "),
            Md::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock) => {
                out.push('\n')
            }
            Md::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {}
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Text with anything from `<` to the next `>` taken out.
fn without_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') =>
        {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_table() {
        let cases = [
            ("Some *Markdown*.", "<p>Some <em>Markdown</em>.</p>\n"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("a <img src=x onerror=alert(1)> b", "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n"),
            ("[site](https://example.org)", "<p><a href=\"https://example.org\">site</a></p>\n"),
            ("[x](javascript:alert(1))", "<p>x</p>\n"),
            ("[x](JavaScript:alert(1))", "<p>x</p>\n"),
            ("![i](data:text/html,x)", "<p>i</p>\n"),
            ("[mail](mailto:a@b.org)", "<p><a href=\"mailto:a@b.org\">mail</a></p>\n"),
            ("{{ config }} {% raw %}", "<p>{{ config }} {% raw %}</p>\n"),
        ];
        for (md, html) in cases {
            assert_eq!(to_html_and_text(md).0, html, "{md:?}");
        }
    }

    #[test]
    fn text_table() {
        let cases = [
            ("Some *Markdown*.", "Some Markdown."),
            ("One\ntwo\n\nThree", "One two\nThree"),
            ("See [the site](https://example.org).", "See the site (https://example.org)."),
            ("See <https://example.org/a>.", "See https://example.org/a."),
            ("Write to <info@example.org>.", "Write to info@example.org."),
            ("[x](javascript:alert(1)) and *y*", "x and y"),
            ("- a\n- b", "- a\n- b"),
            ("<b>bold</b> <em>and</em> `<i>`", "bold and <i>"),
            ("<div>\nblock\n</div>", "block"),
        ];
        for (md, text) in cases {
            assert_eq!(to_text(md), text, "{md:?}");
            assert_eq!(to_html_and_text(md).1, text, "{md:?}");
        }
    }
}
