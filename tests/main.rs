//! regiochem's integration tests: one binary, fixtures under `fixtures/`, helpers in
//! `regiochem-testkit`.

mod accuracy;
mod cards;
mod cli;
mod depict;
mod large;
mod matching;
mod molecules;
mod monobis;
mod planning;
mod protecting_groups;
mod regression;
mod routes;
mod rules;
mod smiles;
mod smiles_files;
mod stereo;
mod templates;
mod tidy;
mod validation;
mod which_n;
