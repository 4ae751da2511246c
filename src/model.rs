//! The response as aws v1 shows it: members in the service model's order,
//! absent and null members left out, numbers exactly as the service wrote
//! them (so 64-bit counts stay exact and timestamps keep their digits).
//!
//! botocore builds its output the same way: it walks the model's members and
//! copies each wire value through untouched.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::settings::TimestampFormat;

/// UserImportJobType's timestamp members.
const TIMESTAMP_MEMBERS: [&str; 3] = ["CreationDate", "StartDate", "CompletionDate"];

/// UserImportJobType's members, in the model's order.
const JOB_MEMBERS: [&str; 13] = [
    "JobName",
    "JobId",
    "UserPoolId",
    "PreSignedUrl",
    "CreationDate",
    "StartDate",
    "CompletionDate",
    "Status",
    "CloudWatchLogsRoleArn",
    "ImportedUsers",
    "SkippedUsers",
    "FailedUsers",
    "CompletionMessage",
];

/// One ListUserImportJobs response.
#[derive(Debug, Default)]
pub struct Page {
    /// `None` when the service left the member out, which aws shows by
    /// leaving it out too.
    pub jobs: Option<Vec<Value>>,
    pub token: Option<String>,
}

impl Page {
    pub fn parse(body: &[u8], timestamps: TimestampFormat) -> Result<Page, Error> {
        let wire: Value = serde_json::from_slice(body)
            .map_err(|err| Error::BadResponse(format!("the body is not JSON ({err})")))?;
        let Value::Object(mut wire) = wire else {
            return Err(Error::BadResponse("the body is not a JSON object".into()));
        };
        let jobs = match wire.remove("UserImportJobs") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .into_iter()
                    .map(|item| job(item, timestamps))
                    .collect(),
            ),
            Some(_) => return Err(Error::BadResponse("UserImportJobs is not a list".into())),
        };
        let token = match wire.remove("PaginationToken") {
            None | Some(Value::Null) => None,
            Some(Value::String(token)) => Some(token),
            Some(_) => return Err(Error::BadResponse("PaginationToken is not a string".into())),
        };
        Ok(Page { jobs, token })
    }

    /// The page as one result document, token included.
    pub fn into_document(self) -> Value {
        document(self.jobs, self.token)
    }
}

/// A result document in the model's member order.
pub fn document(jobs: Option<Vec<Value>>, token: Option<String>) -> Value {
    let mut out = Map::new();
    if let Some(jobs) = jobs {
        out.insert("UserImportJobs".into(), Value::Array(jobs));
    }
    if let Some(token) = token {
        out.insert("PaginationToken".into(), Value::String(token));
    }
    Value::Object(out)
}

fn job(wire: Value, timestamps: TimestampFormat) -> Value {
    let Value::Object(mut wire) = wire else {
        return wire;
    };
    let mut out = Map::with_capacity(JOB_MEMBERS.len());
    for member in JOB_MEMBERS {
        match wire.remove(member) {
            None | Some(Value::Null) => {}
            Some(value)
                if timestamps == TimestampFormat::Iso8601
                    && TIMESTAMP_MEMBERS.contains(&member) =>
            {
                out.insert(member.into(), iso8601(value));
            }
            Some(value) => {
                out.insert(member.into(), value);
            }
        }
    }
    Value::Object(out)
}

/// botocore's `iso8601` timestamp: `datetime.fromtimestamp(value,
/// tzlocal()).isoformat()`, so the local time zone (`TZ`) applies,
/// microseconds are rounded half-to-even and left out when zero.
fn iso8601(value: Value) -> Value {
    let Some(seconds) = value.as_f64() else {
        return value;
    };
    let (mut whole, fraction) = (seconds.trunc(), seconds.fract());
    let mut micros = (fraction * 1e6).round_ties_even();
    if micros >= 1e6 {
        micros -= 1e6;
        whole += 1.0;
    } else if micros < 0.0 {
        micros += 1e6;
        whole -= 1.0;
    }
    // Out-of-range values stay as the service sent them.
    let Ok(instant) = jiff::Timestamp::new(whole as i64, micros as i32 * 1000) else {
        return value;
    };
    let zoned = instant.to_zoned(jiff::tz::TimeZone::system());
    let civil = zoned.datetime();
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        civil.year(),
        civil.month(),
        civil.day(),
        civil.hour(),
        civil.minute(),
        civil.second()
    );
    if micros > 0.0 {
        text.push_str(&format!(".{:06}", micros as u32));
    }
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    text.push_str(&format!(
        "{sign}{:02}:{:02}",
        offset / 3600,
        offset / 60 % 60
    ));
    if offset % 60 != 0 {
        text.push_str(&format!(":{:02}", offset % 60));
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_out_in_model_order_without_absent_or_unknown_ones() {
        let body = br#"{"PaginationToken":"t1","UserImportJobs":[
            {"Status":"Created","Bogus":1,"JobName":"n","FailedUsers":null,
             "CreationDate":1.548271795471E9,"ImportedUsers":9223372036854775807}]}"#;
        let page = match Page::parse(body, TimestampFormat::Wire) {
            Ok(page) => page,
            Err(err) => panic!("{err}"),
        };
        let text = page.into_document().to_string();
        assert_eq!(
            text,
            r#"{"UserImportJobs":[{"JobName":"n","CreationDate":1548271795.471,"Status":"Created","ImportedUsers":9223372036854775807}],"PaginationToken":"t1"}"#
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_an_error() {
        for body in [&b"not json"[..], b"[1]", br#"{"UserImportJobs": 3}"#] {
            assert!(Page::parse(body, TimestampFormat::Wire).is_err());
        }
    }
}
