//! In-process figures (issue 6): rendering 20,000 jobs in each output
//! format, a `--query` filter plus projection over them, and the per-page
//! cost of parsing and merging a 60-job page.
//!
//! ```text
//! cargo bench --bench inprocess
//! ```
//!
//! The pages are the local endpoint's own (`us-east-1_gen20000`, 60 jobs a
//! page), rendered by the same code that serves them, so these bodies are
//! byte for byte what `cogimport` parses in the whole-process runs.

use std::hint::black_box;
use std::time::Duration;

use cogimport::cli::OutputFormat;
use cogimport::model::{self, Page};
use cogimport::query::Query;
use cogimport::render::{self, table::TableStyle};
use cogimport::settings::TimestampFormat;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

#[allow(dead_code, unreachable_pub)]
#[path = "../tests/support/endpoint/pools.rs"]
mod pools;

const POOL: &str = "us-east-1_gen20000";
const JOBS: usize = 20_000;
const PAGE: usize = 60;
const QUERY: &str = "UserImportJobs[?Status=='Failed'].{N:JobName,I:ImportedUsers}";

/// The body of the page that starts at `offset`, as the endpoint sends it.
fn page_body(offset: usize) -> String {
    let pool = pools::Pool::Generated {
        id: POOL.to_owned(),
        len: JOBS,
    };
    pools::render_page(&pool, POOL, PAGE, offset, None, pools::PageMode::Normal)
}

/// Every page parsed and merged the way `fetch::fetch` does it.
fn document() -> Value {
    let mut jobs: Option<Vec<Value>> = None;
    for offset in (0..JOBS).step_by(PAGE) {
        let page = Page::parse(page_body(offset).as_bytes(), TimestampFormat::Wire)
            .expect("the endpoint's pages parse");
        if let Some(more) = page.jobs {
            jobs.get_or_insert_with(Vec::new).extend(more);
        }
    }
    model::document(jobs, None)
}

fn render_to_vec(format: OutputFormat, value: &Value) -> Vec<u8> {
    let style = TableStyle {
        color: false,
        width: 80,
    };
    // A fresh buffer each time, as `cogimport::run` renders.
    let mut out = Vec::new();
    render::render(format, value, &style, &mut out).expect("renders");
    out
}

fn rendering(c: &mut Criterion) {
    let doc = document();
    let mut group = c.benchmark_group("render_20000");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Elements(JOBS as u64));
    for (name, format) in [
        ("json", OutputFormat::Json),
        ("text", OutputFormat::Text),
        ("table", OutputFormat::Table),
    ] {
        group.bench_function(name, |b| b.iter(|| render_to_vec(format, black_box(&doc))));
    }
    let query = Query::compile(QUERY).expect("the query compiles");
    group.bench_function("query_filter_projection", |b| {
        b.iter(|| query.apply(black_box(&doc)).expect("applies"))
    });
    group.bench_function("query_then_json", |b| {
        b.iter(|| {
            let result = query.apply(black_box(&doc)).expect("applies");
            render_to_vec(OutputFormat::Json, &result)
        })
    });
    group.finish();
}

fn per_page(c: &mut Criterion) {
    let body = page_body(600);
    let mut group = c.benchmark_group("page_60");
    group.throughput(Throughput::Bytes(body.len() as u64));
    for (name, timestamps) in [
        ("parse_merge", TimestampFormat::Wire),
        ("parse_merge_iso8601", TimestampFormat::Iso8601),
    ] {
        group.bench_function(name, |b| {
            // Merge into a listing that already holds earlier pages.
            let mut merged: Vec<Value> = Vec::with_capacity(JOBS);
            b.iter(|| {
                let page = Page::parse(black_box(body.as_bytes()), timestamps).expect("parses");
                if merged.len() >= JOBS - PAGE {
                    merged.clear();
                }
                merged.extend(page.jobs.unwrap_or_default());
            })
        });
    }
    // One page through every stage: parse, merge, render.
    group.bench_function("parse_merge_render_json", |b| {
        b.iter(|| {
            let page =
                Page::parse(black_box(body.as_bytes()), TimestampFormat::Wire).expect("parses");
            let doc = model::document(page.jobs, None);
            render_to_vec(OutputFormat::Json, &doc)
        })
    });
    group.finish();
}

criterion_group!(benches, rendering, per_page);
criterion_main!(benches);
