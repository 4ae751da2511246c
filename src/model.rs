//! The response as aws v1 shows it: members in the service model's order,
//! absent and null members left out, numbers exactly as the service wrote
//! them (so 64-bit counts stay exact and timestamps keep their digits).
//!
//! botocore builds its output the same way: it walks the model's members and
//! copies each wire value through untouched.

use serde_json::{Map, Value};

use crate::error::Error;

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
    pub fn parse(body: &[u8]) -> Result<Page, Error> {
        let wire: Value = serde_json::from_slice(body)
            .map_err(|err| Error::BadResponse(format!("the body is not JSON ({err})")))?;
        let Value::Object(mut wire) = wire else {
            return Err(Error::BadResponse("the body is not a JSON object".into()));
        };
        let jobs = match wire.remove("UserImportJobs") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items.into_iter().map(job).collect()),
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

fn job(wire: Value) -> Value {
    let Value::Object(mut wire) = wire else {
        return wire;
    };
    let mut out = Map::with_capacity(JOB_MEMBERS.len());
    for member in JOB_MEMBERS {
        match wire.remove(member) {
            None | Some(Value::Null) => {}
            Some(value) => {
                out.insert(member.into(), value);
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn members_come_out_in_model_order_without_absent_or_unknown_ones() {
        let body = br#"{"PaginationToken":"t1","UserImportJobs":[
            {"Status":"Created","Bogus":1,"JobName":"n","FailedUsers":null,
             "CreationDate":1.548271795471E9,"ImportedUsers":9223372036854775807}]}"#;
        let page = match Page::parse(body) {
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
        assert!(Page::parse(b"not json").is_err());
        assert!(Page::parse(b"[1]").is_err());
        assert!(Page::parse(br#"{"UserImportJobs": 3}"#).is_err());
    }
}
