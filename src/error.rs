//! One place that knows every failure: its words (aws v1's, where aws has
//! them) and its exit status (aws v1's table: 255 for errors, 2 for usage
//! errors, 130 for an interrupt).

use std::fmt;

/// Every way a run can fail.
#[derive(Debug)]
pub enum Error {
    /// The command line is malformed in a way argparse would reject.
    Usage(String),
    /// Options aws would not recognise; aws reports them after parsing.
    UnknownOptions(String),
    /// A value aws accepts syntactically but rejects before sending.
    InvalidValue(String),
    /// Client-side validation of the request, botocore's wording.
    Validation(Vec<String>),
    /// The service answered with an error.
    Service {
        code: String,
        message: String,
        retries_exhausted: Option<u32>,
    },
    Connect {
        url: String,
    },
    ConnectTimeout {
        url: String,
    },
    ReadTimeout {
        url: String,
    },
    ConnectionClosed {
        url: String,
    },
    /// The server's certificate was not trusted, or the CA bundle could not
    /// be used; `reason` follows OpenSSL's wording as aws prints it.
    SslValidation {
        url: String,
        reason: String,
    },
    /// The service's reply could not be understood.
    BadResponse(String),
    NoCredentials,
    NoRegion,
    ProfileNotFound(String),
    /// The service handed back a token we already followed.
    RepeatedToken(String),
    /// A page after the first failed; the user can resume from `token`.
    Interrupted {
        source: Box<Error>,
        resume_token: String,
    },
    /// Writing the output failed for a reason other than a closed pipe.
    Output(std::io::Error),
    /// Ctrl-C.
    Cancelled,
    /// Anything else, already worded for the user.
    Other(String),
}

impl Error {
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Cancelled => 130,
            Error::Interrupted { source, .. } => source.exit_status(),
            _ => 255,
        }
    }
}

const OPERATION: &str = "ListUserImportJobs";

/// `Display` is the whole of what goes to stderr, newlines included, so that
/// aws's leading blank line is reproduced where aws prints one.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(
                f,
                "usage: cogimport [options] list-user-import-jobs [parameters]\n\
                 To see help text, you can run:\n\n  \
                 cogimport --help\n  \
                 cogimport list-user-import-jobs --help\n\
                 cogimport: error: {message}\n"
            ),
            Error::UnknownOptions(options) => write!(
                f,
                "usage: cogimport [options] list-user-import-jobs [parameters]\n\
                 To see help text, you can run:\n\n  \
                 cogimport --help\n  \
                 cogimport list-user-import-jobs --help\n\n\
                 Unknown options: {options}\n"
            ),
            Error::InvalidValue(message) => write!(f, "\n{message}\n"),
            Error::Validation(problems) => {
                write!(f, "\nParameter validation failed:\n{}\n", problems.join("\n"))
            }
            Error::Service {
                code,
                message,
                retries_exhausted,
            } => {
                let retries = match retries_exhausted {
                    Some(n) => format!(" (reached max retries: {n})"),
                    None => String::new(),
                };
                write!(
                    f,
                    "\nAn error occurred ({code}) when calling the {OPERATION} operation{retries}: {message}\n"
                )
            }
            Error::Connect { url } => write!(f, "\nCould not connect to the endpoint URL: \"{url}\"\n"),
            Error::ConnectTimeout { url } => {
                write!(f, "\nConnect timeout on endpoint URL: \"{url}\"\n")
            }
            Error::ReadTimeout { url } => write!(f, "\nRead timeout on endpoint URL: \"{url}\"\n"),
            Error::ConnectionClosed { url } => write!(
                f,
                "\nConnection was closed before we received a valid response from endpoint URL: \"{url}\".\n"
            ),
            Error::SslValidation { url, reason } => {
                write!(f, "\nSSL validation failed for {url} {reason}\n")
            }
            Error::BadResponse(detail) => write!(
                f,
                "\nThe service sent a response that could not be read for the {OPERATION} operation: {detail}\n"
            ),
            Error::NoCredentials => f.write_str(
                "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n",
            ),
            Error::NoRegion => f.write_str(
                "You must specify a region. You can also configure your region by running \"aws configure\".\n",
            ),
            Error::ProfileNotFound(name) => {
                write!(f, "\nThe config profile ({name}) could not be found\n")
            }
            Error::RepeatedToken(token) => write!(
                f,
                "\nError during pagination: The same next token was received twice: {token}\n"
            ),
            Error::Interrupted {
                source,
                resume_token,
            } => writeln!(
                f,
                "{source}To resume the listing, run the command again with --pagination-token {resume_token}"
            ),
            Error::Output(err) => write!(f, "\n[Errno {}] {err}\n", err.raw_os_error().unwrap_or(5)),
            Error::Cancelled => f.write_str("\n"),
            Error::Other(message) => write!(f, "\n{message}\n"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn exit_statuses_follow_aws() {
        let table: [(Error, u8); 6] = [
            (Error::Usage("x".into()), 2),
            (Error::UnknownOptions("--bogus".into()), 255),
            (Error::NoRegion, 255),
            (Error::Cancelled, 130),
            (Error::RepeatedToken("t".into()), 255),
            (
                Error::Interrupted {
                    source: Box::new(Error::Connect { url: "u".into() }),
                    resume_token: "t".into(),
                },
                255,
            ),
        ];
        for (error, status) in table {
            assert_eq!(error.exit_status(), status, "{error:?}");
        }
    }

    #[test]
    fn service_error_reads_like_aws() {
        let error = Error::Service {
            code: "ResourceNotFoundException".into(),
            message: "User pool x does not exist.".into(),
            retries_exhausted: None,
        };
        assert_eq!(
            error.to_string(),
            "\nAn error occurred (ResourceNotFoundException) when calling the \
             ListUserImportJobs operation: User pool x does not exist.\n"
        );
        let throttled = Error::Service {
            code: "TooManyRequestsException".into(),
            message: "Too many requests".into(),
            retries_exhausted: Some(4),
        };
        assert!(
            throttled
                .to_string()
                .contains("operation (reached max retries: 4): Too many")
        );
    }
}
