//! `bitext man`: man pages generated from the CLI definition, so that they
//! never drift from `--help`.

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

/// Print the man page, or write one page per subcommand into a folder.
///
/// `bitext man > bitext.1` prints the main page; `bitext man DIR` writes
/// bitext.1, bitext-segment.1, ... into DIR (e.g. ~/.local/share/man/man1).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write all pages into (default: print the main page).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let command = super::Cli::command();
    match args.dir {
        Some(dir) => clap_mangen::generate_to(command, &dir)
            .with_context(|| format!("{}: cannot write the man pages", dir.display())),
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            super::emit(None, false, |out| out.write_all(&page))
        }
    }
}
