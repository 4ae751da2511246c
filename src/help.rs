//! The prose of `--help` and the man page that belongs to no single option:
//! what the command does, what it prints, and an example. Kept apart from
//! cli.rs so the clap types stay readable.

/// The long description of cogimport itself.
pub const ABOUT: &str = "\
List Amazon Cognito user-pool import jobs: a fast drop-in for \
`aws cognito-idp list-user-import-jobs`.

Given a user pool ID, lists the pool's user import jobs and their details: \
name, ID, status, dates, counts of imported, skipped and failed users, and \
the pre-signed URL to upload the CSV file to. Arguments, environment \
variables, config files, output and exit statuses are those of AWS CLI v1.

The caller needs IAM credentials allowed to call \
cognito-idp:ListUserImportJobs on the pool; requests are signed with \
Signature Version 4.";

/// The long description of the one operation.
pub const LIST_ABOUT: &str = "\
List the user import jobs of a user pool.

Given a user pool ID, lists the pool's user import jobs and their details: \
name, ID, status, dates, counts of imported, skipped and failed users, and \
the pre-signed URL to upload the CSV file to. Import jobs stay in the pool's \
configuration, so they can be staged, started, stopped, reviewed and \
deleted.

By default every page is fetched (following PaginationToken) and the jobs \
are printed as one list. The caller needs IAM credentials allowed to call \
cognito-idp:ListUserImportJobs on the pool.";

/// What `-h` adds under the options.
pub const AFTER_SHORT: &str = "\
Use --help for the output members, the meaning of each job status and an \
example; `cogimport list-user-import-jobs help` works too.";

/// What `--help` and the man page add under the options. Each block starts
/// with a `Heading:` line; the man page turns those into sections.
pub const AFTER_LONG: &str = "\
Output:
  UserImportJobs (list)
      The pool's import jobs, in the order the service returns them. Each
      job is an object with these members (absent ones are left out):
        JobName (string)            The name given to the job.
        JobId (string)              The job's ID.
        UserPoolId (string)         The pool the users are imported into.
        PreSignedUrl (string)       Where to upload the CSV file of users.
        CreationDate (timestamp)    When the job was created.
        StartDate (timestamp)       When the job was started.
        CompletionDate (timestamp)  When the job ended.
        Status (string)             Where the job is in its life; see below.
        CloudWatchLogsRoleArn (string)
                                    The IAM role the job uses to write its
                                    log to CloudWatch Logs.
        ImportedUsers (long)        How many users were imported.
        SkippedUsers (long)         How many users were skipped.
        FailedUsers (long)          How many users could not be imported.
        CompletionMessage (string)  The service's closing word on the job.
  PaginationToken (string)
      Only with --no-paginate, when more pages remain: give it to
      --pagination-token to fetch the next page.

Status values:
  Created     The job exists, but nobody has started it yet.
  Pending     Someone started the job; importing has not begun yet.
  InProgress  The job is importing users now.
  Stopping    Someone stopped the job; it has not finished winding down.
  Stopped     The job was stopped and imports no more users.
  Succeeded   The job ran to the end without error.
  Failed      An error ended the job.
  Expired     Nobody started the job within 24 to 48 hours of creating it,
              so its data was deleted and it can no longer be started.

Example:
  List every import job of a pool, ten per request:

    cogimport list-user-import-jobs --user-pool-id us-west-2_aaaaaaaaa \\
        --max-results 10

  Output (one job shown):

    {
        \"UserImportJobs\": [
            {
                \"JobName\": \"Test-import-job-1\",
                \"JobId\": \"import-example1\",
                \"UserPoolId\": \"us-west-2_aaaaaaaaa\",
                \"PreSignedUrl\": \"https://aws-cognito-idp-user-import-pdx.s3...\",
                \"CreationDate\": \"2024-12-26T19:33:41.022000+00:00\",
                \"CompletionDate\": \"2024-12-27T20:03:06.142000+00:00\",
                \"Status\": \"Expired\",
                \"CloudWatchLogsRoleArn\": \"arn:aws:iam::123456789012:role/service-role/Cognito-UserImport-Role\",
                \"ImportedUsers\": 0,
                \"SkippedUsers\": 0,
                \"FailedUsers\": 0,
                \"CompletionMessage\": \"The user import job has expired.\"
            }
        ]
    }

  Only the IDs of failed jobs, one a line:

    cogimport list-user-import-jobs --user-pool-id us-west-2_aaaaaaaaa \\
        --max-results 60 --query 'UserImportJobs[?Status==`Failed`].JobId' \\
        --output text

Exit status:
  0    Success (also when a reader such as `head` stops early).
  2    The command line could not be parsed.
  130  Interrupted (Ctrl-C).
  255  Any other error: configuration, credentials, network or service.";

/// Splits [`AFTER_LONG`] into `(heading, body)` sections for the man page:
/// a section starts at an unindented line ending in `:`.
pub fn after_long_sections() -> Vec<(&'static str, String)> {
    let mut sections: Vec<(&'static str, String)> = Vec::new();
    for line in AFTER_LONG.lines() {
        if !line.is_empty() && !line.starts_with(' ') && line.ends_with(':') {
            sections.push((line.trim_end_matches(':'), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    for (_, body) in &mut sections {
        body.truncate(body.trim_end().len());
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_value_is_explained() {
        for status in [
            "Created",
            "Pending",
            "InProgress",
            "Stopping",
            "Stopped",
            "Succeeded",
            "Failed",
            "Expired",
        ] {
            assert!(
                AFTER_LONG.contains(&format!("\n  {status} ")),
                "{status} is not explained"
            );
        }
    }

    #[test]
    fn the_man_page_sections_cover_the_long_help() {
        let headings: Vec<_> = after_long_sections().into_iter().map(|(h, _)| h).collect();
        assert_eq!(
            headings,
            ["Output", "Status values", "Example", "Exit status"]
        );
    }
}
