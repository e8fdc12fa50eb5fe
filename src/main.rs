//! The `whenwhere` command; all of it lives in the library's `cli` module.

/// A build makes and drops many small strings on every core, and list pages grow large
/// ones: mimalloc does both with less CPU time than the system allocator (see docs/performance.md
/// for the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    whenwhere::cli::run()
}
