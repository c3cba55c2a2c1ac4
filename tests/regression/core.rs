//! Defects of the molecule core: SMILES reading and writing, perception, canonical SMILES,
//! matching.
