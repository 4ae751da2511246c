//! A local Cognito endpoint serving the test fixtures, for demos and benchmarks.
//!
//! ```text
//! cargo run --example local_cognito -- [--port N] [--allow-unsigned]
//! ```
//!
//! Prints its URL as the first line of stdout, then serves until killed.
//! Sign requests with access key `AKIDEXAMPLE` and secret
//! `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`, any region.

#[path = "../tests/support/endpoint.rs"]
mod endpoint;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut config = endpoint::Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(port) => config.port = port,
                None => return usage("--port needs a number"),
            },
            "--allow-unsigned" => config.allow_unsigned = true,
            "-h" | "--help" => {
                println!("usage: local_cognito [--port N] [--allow-unsigned]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let endpoint = endpoint::Endpoint::with(config);
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", endpoint.url());
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("local_cognito: {problem}\nusage: local_cognito [--port N] [--allow-unsigned]");
    ExitCode::from(2)
}
