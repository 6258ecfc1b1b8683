//! Structured logs to stderr, text or JSON, filtered by the `log` setting. Lines are handed to
//! a writer thread (tracing-appender's non-blocking writer), so a request never waits for
//! stderr: at the default level every request logs a line, and writing it synchronously cost
//! the cached public pages a measurable share of their speed (`benches/site.sh`).

use std::sync::Mutex;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

/// Lines waiting for the writer thread at most; past that, new lines are dropped (and counted
/// by tracing-appender) rather than making requests wait.
const BUFFERED_LINES: usize = 64 * 1024;

/// Keeps the writer thread running; [`finish`] flushes it.
static GUARD: Mutex<Option<WorkerGuard>> = Mutex::new(None);

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let (writer, guard) = NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .lossy(true)
        .thread_name("qiao-log")
        .finish(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_target(true)
        .with_ansi(ansi);
    let installed = match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // A second init (several apps in one test process) is expected and harmless: its writer
    // thread ends with its guard, here.
    if installed.is_ok()
        && let Ok(mut slot) = GUARD.lock()
    {
        *slot = Some(guard);
    }
    for warning in &settings.warnings {
        tracing::warn!("{warning}");
    }
}

/// Writes out every line still buffered; call before the process exits.
pub fn finish() {
    if let Ok(mut slot) = GUARD.lock() {
        slot.take();
    }
}
