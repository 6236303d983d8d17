//! The `bitext` command: parses arguments, runs one subcommand, reports
//! errors. All the work happens in the library; see `src/lib.rs`.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if cmd::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bitext: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
