//! The `bitext` command: parses arguments, runs one subcommand, reports
//! errors. All the work happens in the library; see `src/lib.rs`.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    // Ctrl-C and SIGTERM end the run without the destructors that remove
    // temporary files: remove them here (130: ended by a signal).
    let _ = ctrlc::set_handler(|| {
        bitext::write::remove_temporaries();
        std::process::exit(130);
    });
    match cmd::run(cli) {
        Ok(exit) => exit.code(),
        Err(error) if cmd::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bitext: error: {error:#}");
            if let Some(hint) = cmd::hint::for_chain(&error) {
                eprintln!("bitext: hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}
