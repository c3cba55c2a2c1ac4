//! `depict`: a molecule as SVG, or the 2D coordinates of every line of a file as JSON.

use std::io::Write;

use clap::Args;
use regiochem_mol::depict::{Point, SvgOptions, coordinates, to_svg};
use regiochem_mol::{Molecule, Pattern};
use serde::Serialize;

use crate::read::{ErrorInfo, split_title};
use crate::{Io, Settings, Source, render};

/// Arguments of `depict`.
#[derive(Debug, Args)]
pub struct DepictArgs {
    /// A SMILES, or (with `--json`) a file with one SMILES per line; standard input when absent.
    pub input: Option<String>,
    /// Highlight the atoms (and the bonds between them) of every match of this SMARTS.
    #[arg(long)]
    pub highlight: Option<String>,
    /// Draw protecting groups atom by atom instead of as Boc, Cbz, Fmoc, Ns, Ts, Trt, Bn.
    #[arg(long)]
    pub no_abbreviations: bool,
    /// One JSON line of coordinates per input line instead of SVG.
    #[arg(long)]
    pub json: bool,
    /// Write the SVG to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
struct Record<'a> {
    title: Option<&'a str>,
    smiles: &'a str,
    atoms: Vec<AtomRecord>,
    bonds: Vec<BondRecord>,
}

#[derive(Serialize)]
struct AtomRecord {
    index: usize,
    symbol: &'static str,
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct BondRecord {
    begin: usize,
    end: usize,
    order: u8,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    title: Option<&'a str>,
    smiles: &'a str,
    error: ErrorInfo<'a>,
}

pub(crate) fn run(args: &DepictArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    if args.json {
        return run_json(args, settings, io);
    }
    let Some(text) = args.input.as_deref() else {
        return Err(miette::miette!(
            code = "depict::no_input",
            "depict needs a SMILES (or a file with --json)"
        ));
    };
    let (smiles, title) = split_title(text);
    let molecule: Molecule = smiles.parse().map_err(|e| render::report(e, smiles))?;
    let mut options = SvgOptions {
        no_abbreviations: args.no_abbreviations,
        legend: title.map(str::to_owned),
        ..SvgOptions::default()
    };
    if let Some(smarts) = &args.highlight {
        let pattern = Pattern::new(smarts).map_err(|error| {
            miette::Report::new(error)
                .with_source_code(miette::NamedSource::new("pattern", smarts.clone()))
        })?;
        for found in molecule.matches(&pattern) {
            options
                .highlight
                .extend(found.atoms().iter().map(|a| a.index()));
        }
        options.highlight.sort_unstable();
        options.highlight.dedup();
    }
    let svg = to_svg(&molecule, &coordinates(&molecule), &options);
    match &args.output {
        Some(path) => std::fs::write(path, svg).map_err(|e| {
            miette::miette!(
                code = "output::unwritable",
                "cannot write {}: {e}",
                path.display()
            )
        })?,
        None => io
            .stdout
            .write_all(svg.as_bytes())
            .map_err(crate::write_failed)?,
    }
    Ok(0)
}

fn run_json(args: &DepictArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    let source = Source::from_argument(args.input.as_deref());
    let mut lines = crate::input::open(source, &mut io.stdin, settings)?;
    let out = &mut io.stdout;
    let mut status = 0;
    loop {
        let next = lines.next_line().map_err(crate::input::read_failed)?;
        let Some(line) = next else { break };
        let line_text;
        let (smiles, title, built) = match line {
            Ok(text) => {
                line_text = text.to_owned();
                let (smiles, title) = split_title(&line_text);
                let built = smiles
                    .parse::<Molecule>()
                    .map_err(|e| (e.stable_code(), e.span().start, e.to_string()));
                (smiles, title, built)
            }
            Err((error, lossy)) => {
                line_text = lossy;
                let (smiles, title) = split_title(&line_text);
                (
                    smiles,
                    title,
                    Err((error.code, error.offset, error.message.to_owned())),
                )
            }
        };
        let written = match built {
            Ok(molecule) => {
                let coords = coordinates(&molecule);
                serde_json::to_writer(&mut *out, &record(&molecule, &coords, smiles, title))
            }
            Err((code, offset, message)) => {
                status = 2;
                let record = ErrorRecord {
                    title,
                    smiles,
                    error: ErrorInfo {
                        code,
                        offset,
                        message,
                    },
                };
                serde_json::to_writer(&mut *out, &record)
            }
        };
        written.map_err(|e| crate::write_failed(e.into()))?;
        writeln!(out).map_err(crate::write_failed)?;
    }
    Ok(status)
}

/// Every heavy atom in input order (explicit hydrogens are left out, with their bonds);
/// coordinates rounded to 4 decimals.
fn record<'a>(
    molecule: &Molecule,
    coords: &[Point],
    smiles: &'a str,
    title: Option<&'a str>,
) -> Record<'a> {
    let round = |v: f64| (v * 1e4).round() / 1e4 + 0.0;
    let heavy = |index: usize| {
        molecule
            .atom_at(index)
            .is_some_and(|id| molecule.atom(id).element().number() != 1)
    };
    let atoms = molecule
        .atoms()
        .filter(|(id, _)| heavy(id.index()))
        .map(|(id, atom)| AtomRecord {
            index: id.index(),
            symbol: if atom.element().number() == 0 {
                "*"
            } else {
                atom.element().symbol()
            },
            x: round(coords[id.index()].x),
            y: round(coords[id.index()].y),
        })
        .collect();
    let bonds = molecule
        .bonds()
        .filter(|(_, a, b, _)| heavy(a.index()) && heavy(b.index()))
        .map(|(_, a, b, bond)| BondRecord {
            begin: a.index(),
            end: b.index(),
            // Aromatic bonds keep their Kekulé order.
            order: bond.order().valence(),
        })
        .collect();
    Record {
        title,
        smiles,
        atoms,
        bonds,
    }
}
