//! The `qiao` binary: command-line parsing lives in the library; this only hands over.

fn main() -> std::process::ExitCode {
    qiao::cli::main()
}
