//! `bitext completions`: shell completion scripts from the CLI definition.

use clap::CommandFactory;
use clap_complete::Shell;

/// Print a shell completion script.
///
/// For bash: `bitext completions bash > ~/.local/share/bash-completion/completions/bitext`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "bitext", &mut std::io::stdout());
    Ok(())
}
