//! Any response body decodes into a page or a `BadResponse`, in both
//! timestamp modes, and a decoded page always becomes a document.
#![no_main]

use cogimport::error::Error;
use cogimport::model::Page;
use cogimport::settings::TimestampFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for timestamps in [TimestampFormat::Wire, TimestampFormat::Iso8601] {
        match Page::parse(data, timestamps) {
            Ok(page) => {
                let _ = page.into_document();
            }
            Err(Error::BadResponse(_)) => {}
            Err(other) => panic!("unexpected error kind: {other:?}"),
        }
    }
});
