//! `--generate-cli-skeleton`: templates derived from the service model,
//! printed without touching config, credentials or the network.

use serde_json::Value;

use crate::cli::OutputFormat;

/// Every request member with an empty value of its type.
const INPUT: &str = r#"{
    "UserPoolId": "",
    "MaxResults": 0,
    "PaginationToken": ""
}
"#;

/// aws's sample response: every member present: strings hold their member name,
/// timestamps the epoch, counts zero.
const OUTPUT: &str = r#"{
    "UserImportJobs": [
        {
            "JobName": "JobName",
            "JobId": "JobId",
            "UserPoolId": "UserPoolId",
            "PreSignedUrl": "PreSignedUrl",
            "CreationDate": "1970-01-01T00:00:00",
            "StartDate": "1970-01-01T00:00:00",
            "CompletionDate": "1970-01-01T00:00:00",
            "Status": "Status",
            "CloudWatchLogsRoleArn": "CloudWatchLogsRoleArn",
            "ImportedUsers": 0,
            "SkippedUsers": 0,
            "FailedUsers": 0,
            "CompletionMessage": "CompletionMessage"
        }
    ],
    "PaginationToken": "PaginationToken"
}
"#;

pub fn input() -> &'static str {
    INPUT
}

/// The sample response as a result document, to be queried and rendered
/// like a real one. aws holds its timestamps as datetimes, which JSON shows
/// in ISO form and text and table show as Python's `str()` does.
pub fn sample_output(format: OutputFormat) -> Value {
    let epoch = match format {
        OutputFormat::Json => "1970-01-01T00:00:00",
        OutputFormat::Text | OutputFormat::Table => "1970-01-01 00:00:00",
    };
    let mut document: Value = match serde_json::from_str(OUTPUT) {
        Ok(document) => document,
        Err(_) => Value::Null,
    };
    if let Some(jobs) = document
        .get_mut("UserImportJobs")
        .and_then(Value::as_array_mut)
    {
        for job in jobs.iter_mut().filter_map(Value::as_object_mut) {
            for (_, value) in job.iter_mut().filter(|(key, _)| key.ends_with("Date")) {
                *value = Value::String(epoch.into());
            }
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_output_is_the_template_with_the_formats_timestamps() {
        let json = sample_output(OutputFormat::Json);
        assert_eq!(
            json["UserImportJobs"][0]["CreationDate"],
            "1970-01-01T00:00:00"
        );
        assert_eq!(json["UserImportJobs"][0]["ImportedUsers"], 0);
        let text = sample_output(OutputFormat::Text);
        assert_eq!(
            text["UserImportJobs"][0]["StartDate"],
            "1970-01-01 00:00:00"
        );
    }
}
