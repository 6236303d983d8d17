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
    // Generated into memory first: clap_complete panics when its writer
    // fails, and a closed pipe (`| head`) must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "bitext", &mut script);
    super::emit(None, false, |out| out.write_all(&script))
}
