#![forbid(unsafe_code)]

use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use cogimport::error::Error;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return report(Error::Other(format!("cannot start: {err}"))),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = runtime.block_on(async {
        tokio::select! {
            result = cogimport::run(std::env::args_os().collect(), &mut out) => result,
            _ = tokio::signal::ctrl_c() => Err(Error::Cancelled),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(Error::Output(err)) if err.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => report(err),
    }
}

fn report(err: Error) -> ExitCode {
    let _ = io::stderr().write_all(err.to_string().as_bytes());
    ExitCode::from(err.exit_status())
}
