//! `--query`: any expression compiles or is refused with a message, and a
//! compiled one applied to any document gives a value or an error, never a
//! panic or a hang.
#![no_main]

use cogimport::query::Query;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// A result document of the usual shape, for inputs whose document part is
/// not JSON: most interesting expressions are about this shape.
const SAMPLE: &str = r#"{"UserImportJobs":[
 {"JobName":"a","JobId":"import-1","UserPoolId":"us-west-2_x","CreationDate":1735241621.022,
  "Status":"Succeeded","ImportedUsers":3,"SkippedUsers":0,"FailedUsers":1,"CompletionMessage":"done"},
 {"JobName":"b","JobId":"import-2","Status":"Failed","ImportedUsers":-1,"Tags":[1,"x",null,true,{"k":[2.5]}]}],
 "PaginationToken":"tok"}"#;

fuzz_target!(|data: &[u8]| {
    // The expression, then a NUL, then the document.
    let (expression, document) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(expression) = std::str::from_utf8(expression) else {
        return;
    };
    let Ok(query) = Query::compile(expression) else {
        return;
    };
    let document = serde_json::from_slice::<Value>(document)
        .or_else(|_| serde_json::from_str::<Value>(SAMPLE))
        .expect("the sample is JSON");
    let _ = query.apply(&document);
});
