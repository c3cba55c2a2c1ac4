//! Defects of the rules engine, the outcome model, routes, validation and planning.
