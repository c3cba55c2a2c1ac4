//! regiochem's integration tests: one binary, fixtures under `fixtures/`, helpers in
//! `regiochem-testkit`.

mod cli;
mod molecules;
mod smiles;
mod smiles_files;
mod tidy;
