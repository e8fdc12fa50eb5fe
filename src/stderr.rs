//! Progress, summaries and problems go to stderr. A closed stderr (`whenwhere build 2>&1 |
//! head -1`) must not stop a command halfway, as `eprintln!` does by panicking: what
//! cannot be written is dropped, and the command finishes and exits as it would have.

use std::io::Write;

/// Writes `text` to stderr as it is; nothing if stderr is closed.
pub fn print(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `eprintln!` that never panics: formats one line and [`print`]s it.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::stderr::print(&format!("{}\n", format_args!($($arg)*)))
    };
}
