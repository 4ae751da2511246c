//! `--cli-input-json`: any text, with or without command-line values beside
//! it, becomes a request or a validation error in botocore's words.
#![no_main]

use cogimport::input::{Given, request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&knobs, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    // `file://` and `fileb://` read files: a fuzzer that found
    // `file:///dev/zero` would only be testing the disk.
    if text.starts_with("file") {
        return;
    }
    let given = Given {
        user_pool_id: (knobs & 1 != 0).then(|| "us-west-2_flag".to_owned()),
        max_results: (knobs & 2 != 0).then(|| {
            ["7", " -3", "1_0", "x", "99999999999"][usize::from(knobs >> 4) % 5].to_owned()
        }),
        pagination_token: (knobs & 4 != 0).then(String::new),
        cli_input_json: (knobs & 8 == 0).then(|| text.to_owned()),
    };
    let _ = request(given);
});
