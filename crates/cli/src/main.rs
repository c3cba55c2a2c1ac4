//! The `regiochem` binary; all behaviour lives in `regiochem_cli::run`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut io = regiochem_cli::Io::standard();
    match regiochem_cli::run(regiochem_cli::Cli::parse(), &mut io) {
        Ok(status) => status.into(),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
