//! Integration tests: the real binary, through the real SDK, over real HTTP
//! to the local Cognito endpoint in `tests/support`, with the real `aws`
//! run beside it wherever aws shows the same behaviour.

#[path = "../support/mod.rs"]
mod support;

mod config;
mod errors;
mod faults;
mod input;
mod output;
mod pagination;
mod roles;
mod terminal;
mod tls;
