// TEMPORARY harness for issue 7 until tests/cli/main.rs has `mod terminal;`; delete.
#![allow(dead_code)]
#[path = "support/mod.rs"]
mod support;
#[path = "cli/terminal.rs"]
mod terminal;
