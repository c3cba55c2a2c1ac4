//! regiochem's integration tests: one binary, fixtures under `fixtures/`, helpers in
//! `regiochem-testkit`.

mod accuracy;
mod cli;
mod depict;
mod large;
mod matching;
mod molecules;
mod planning;
mod regression;
mod routes;
mod rules;
mod smiles;
mod smiles_files;
mod templates;
mod tidy;
mod validation;
