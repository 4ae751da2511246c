//! The pagination loop: follows `PaginationToken` until the service stops
//! sending one, and merges every page's jobs into one document.

use std::collections::HashSet;

use serde_json::Value;

use crate::client::Service;
use crate::error::Error;
use crate::model::{self, Page};
use crate::settings::{Request, TimestampFormat};

/// Fetches one page (`paginate == false`) or every page, and returns the
/// document aws would print for it. `on_page(pages, jobs)` hears of each
/// page as it arrives (for the progress display), with running totals.
pub async fn fetch(
    service: &Service,
    request: &Request,
    paginate: bool,
    timestamps: TimestampFormat,
    on_page: &mut impl FnMut(usize, usize),
) -> Result<Value, Error> {
    let first = service
        .list_page(request, request.pagination_token.as_deref())
        .await?;
    let first = Page::parse(&first.body, timestamps)?;
    let mut pages = 1;
    log_page(pages, &first);
    on_page(pages, first.jobs.as_ref().map_or(0, Vec::len));
    if !paginate {
        return Ok(first.into_document());
    }

    // Every token this run has sent, so a service that hands one back (the
    // same token twice, or a cycle A, B, A) cannot keep us looping.
    let mut seen: HashSet<String> = request.pagination_token.iter().cloned().collect();
    let mut jobs = first.jobs;
    let mut next = first.token;
    while let Some(token) = next.take() {
        if !seen.insert(token.clone()) {
            return Err(Error::RepeatedToken(token));
        }
        let page = match service.list_page(request, Some(&token)).await {
            Ok(raw) => Page::parse(&raw.body, timestamps),
            Err(err) => Err(err),
        };
        let page = page.map_err(|source| Error::Interrupted {
            source: Box::new(source),
            resume_token: token.clone(),
        })?;
        pages += 1;
        log_page(pages, &page);
        // An empty page that carries a token is not the end of the listing.
        if let Some(more) = page.jobs {
            jobs.get_or_insert_with(Vec::new).extend(more);
        }
        next = page.token;
        on_page(pages, jobs.as_ref().map_or(0, Vec::len));
    }
    Ok(model::document(jobs, None))
}

fn log_page(number: usize, page: &Page) {
    let jobs = page.jobs.as_ref().map_or(0, Vec::len);
    match &page.token {
        Some(token) => tracing::debug!("page {number}: {jobs} jobs, next token {token}"),
        None => tracing::debug!("page {number}: {jobs} jobs, the last page"),
    }
}
