//! Runs cogimport, or the real `aws` beside it, in a sealed environment:
//! no inherited `AWS_*` variable, a temporary HOME with no config files,
//! fake keys, a fixed region and no instance-metadata lookups.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use tempfile::TempDir;

/// The credentials the local endpoint verifies signatures against.
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-west-2";
/// The awscli release the differential tests are pinned to.
pub const AWS_CLI_VERSION: &str = "1.45.11";

/// What one process did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    /// The exit status, or -1 when a signal ended the process.
    pub status: i32,
    pub signal: Option<i32>,
}

/// A command under construction; `run` executes it.
pub struct Cmd {
    program: PathBuf,
    args: Vec<OsString>,
    vars: Vec<(OsString, Option<OsString>)>,
    home: TempDir,
}

/// The binary under test.
pub fn cogimport() -> Cmd {
    Cmd::new(PathBuf::from(env!("CARGO_BIN_EXE_cogimport")), &[])
}

/// The real AWS CLI v1, already pointed at the operation under test.
pub fn aws() -> Cmd {
    Cmd::new(aws_cli().to_path_buf(), &["cognito-idp"])
}

impl Cmd {
    fn new(program: PathBuf, leading: &[&str]) -> Cmd {
        let home = match TempDir::new() {
            Ok(home) => home,
            Err(err) => panic!("cannot make a temporary HOME: {err}"),
        };
        Cmd {
            program,
            args: leading.iter().map(OsString::from).collect(),
            vars: Vec::new(),
            home,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Sets (or, after the sealed defaults, overrides) a variable.
    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.vars
            .push((name.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    /// Removes one of the sealed defaults, e.g. the fake keys.
    pub fn env_remove(mut self, name: impl AsRef<OsStr>) -> Cmd {
        self.vars.push((name.as_ref().to_owned(), None));
        self
    }

    /// The temporary HOME, for writing `~/.aws/config` and friends.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Writes a file below HOME, creating folders as needed.
    pub fn with_file(self, relative: &str, contents: &str) -> Cmd {
        let path = self.home.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
        self
    }

    pub fn run(self) -> Outcome {
        finish(self.spawn())
    }

    /// Starts the process; [`finish`] collects what it did.
    pub fn spawn(self) -> Running {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("LC_ALL", "C.UTF-8")
            .env("TZ", "UTC")
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.home.path().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.home.path().join(".aws/credentials"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        for (name, value) in &self.vars {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.program.display()));
        Running {
            child,
            _home: self.home,
        }
    }
}

/// A started process, keeping its temporary HOME alive until it ends.
pub struct Running {
    child: std::process::Child,
    _home: TempDir,
}

impl Running {
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The child's stdout, for a test that reads it while the child runs
    /// (and may close it early, as `| head` does).
    pub fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.stdout.take()
    }
}

pub fn finish(running: Running) -> Outcome {
    let output = running
        .child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("the process did not finish: {e}"));
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        status: output.status.code().unwrap_or(-1),
        signal: std::os::unix::process::ExitStatusExt::signal(&output.status),
    }
}

/// Finds the installed `aws` script itself: pyenv's shim would need the
/// real HOME, which the sealed environment replaces. A missing or
/// different awscli fails the test; it never skips it.
fn aws_cli() -> &'static Path {
    static AWS: OnceLock<PathBuf> = OnceLock::new();
    AWS.get_or_init(|| {
        let script =
            "import os, sysconfig; print(os.path.join(sysconfig.get_path('scripts'), 'aws'))";
        let found = Command::new("python3")
            .args(["-c", script])
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
            .filter(|path| path.is_file());
        let Some(path) = found else {
            panic!(
                "the AWS CLI is not installed; the differential tests need it: \
                 python3 -m pip install awscli=={AWS_CLI_VERSION}"
            );
        };
        let version = Command::new(&path)
            .arg("--version")
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default();
        assert!(
            version.starts_with(&format!("aws-cli/{AWS_CLI_VERSION} ")),
            "the differential tests are pinned to awscli {AWS_CLI_VERSION}, found {version:?}: \
             python3 -m pip install awscli=={AWS_CLI_VERSION}"
        );
        path
    })
}
