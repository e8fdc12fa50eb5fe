//! The `whenwhere` command; all of it lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    whenwhere::cli::run()
}
