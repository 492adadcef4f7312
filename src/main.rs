//! The `prachum` binary: parse the command line, run it, map failures to exit codes.

use std::process::ExitCode;

use clap::Parser;
use prachum::cli::{Cli, run};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prachum: {e}");
            e.exit_code()
        }
    }
}
