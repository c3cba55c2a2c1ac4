//! One named test per fixed defect, ripgrep style: each test reproduces the defect as it was
//! reported and pins the fixed behaviour. Grouped by the part of the program that was wrong.

mod core;
mod engine;
mod interface;
