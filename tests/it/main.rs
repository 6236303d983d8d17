//! bitext's integration tests, in one binary (as xsv and ripgrep keep theirs):
//! one link instead of twenty, and one set of helpers (`util`) for all.
//! Each module is the tests of one part of the tool; `cargo test NAME`
//! runs one of them (for example `cargo test tmx_cli::`).

mod align_cases;
mod align_cli;
mod align_properties;
mod batch_cli;
mod calibration;
mod checks_cli;
mod cli;
mod corpus;
mod dictionary_cli;
mod documents_cli;
mod eval_cli;
mod fuzz;
mod hostile_inputs;
mod lexicon_cli;
mod office;
mod omegat_cli;
mod outputs_cli;
mod review_cli;
mod review_page;
mod review_roundtrip;
mod segment_eval;
mod sheets_cli;
mod spark;
mod stream_cli;
mod tmx_cli;
mod util;
