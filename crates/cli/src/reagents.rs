//! `reagents`: the reagent library, for people (a table) or as JSON lines.

use std::fmt::Write as _;

use clap::Args;
use regiochem_rules::reagents::{ReagentLibrary, Role};
use serde::Serialize;

use crate::{Io, write_failed};

/// Arguments of `reagents`.
#[derive(Debug, Args)]
pub struct ReagentsArgs {
    /// One JSON object per reagent instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    aliases: &'a [String],
    smiles: &'a str,
    role: Role,
    conditions: &'a [String],
    note: &'a str,
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::CoReactant => "co-reactant",
        Role::Agent => "agent",
        Role::Solvent => "solvent",
    }
}

pub(crate) fn run(args: &ReagentsArgs, io: &mut Io<'_>) -> miette::Result<u8> {
    let library = ReagentLibrary::standard().map_err(|e| miette::miette!("{e}"))?;
    let mut out = String::new();
    for reagent in library.reagents() {
        if args.json {
            let entry = Entry {
                name: &reagent.name,
                aliases: &reagent.aliases,
                smiles: &reagent.smiles,
                role: reagent.role,
                conditions: &reagent.conditions,
                note: &reagent.note,
            };
            out.push_str(&serde_json::to_string(&entry).map_err(|e| write_failed(e.into()))?);
            out.push('\n');
            continue;
        }
        let _ = writeln!(out, "{}  ({})", reagent.name, role_name(reagent.role));
        if !reagent.aliases.is_empty() {
            let _ = writeln!(out, "  also     {}", reagent.aliases.join("; "));
        }
        let _ = writeln!(out, "  smiles   {}", reagent.smiles);
        if !reagent.conditions.is_empty() {
            let _ = writeln!(out, "  creates  {}", reagent.conditions.join(", "));
        }
        let _ = writeln!(out, "  does     {}", reagent.note);
    }
    io.stdout
        .write_all(out.as_bytes())
        .map_err(write_failed)
        .map(|()| 0)
}

/// The error for a reagent name the library does not know: the nearest names, then every
/// name, one per line.
pub(crate) fn unknown(name: &str, library: &ReagentLibrary) -> miette::Report {
    let near = library.suggest(name, 3);
    let mut help = String::new();
    if !near.is_empty() {
        let quoted: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(help, "did you mean {}?", quoted.join(" or "));
    }
    let _ = write!(
        help,
        "`regiochem reagents` lists the library with aliases; the names are:"
    );
    for reagent in library.reagents() {
        let _ = write!(help, "\n  {:<16} {}", reagent.name, role_name(reagent.role));
    }
    miette::miette!(
        code = "usage::unknown_reagent",
        help = help,
        "unknown reagent `{name}`"
    )
}
