//! The pagination loop: follows `PaginationToken` until the service stops
//! sending one, and merges every page's jobs into one document.

use std::collections::HashSet;

use serde_json::Value;

use crate::client::Service;
use crate::error::Error;
use crate::model::{self, Page};
use crate::settings::Request;

/// Fetches one page (`paginate == false`) or every page, and returns the
/// document aws would print for it.
pub async fn fetch(service: &Service, request: &Request, paginate: bool) -> Result<Value, Error> {
    let first = service
        .list_page(request, request.pagination_token.as_deref())
        .await?;
    let first = Page::parse(&first.body)?;
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
            Ok(raw) => Page::parse(&raw.body),
            Err(err) => Err(err),
        };
        let page = page.map_err(|source| Error::Interrupted {
            source: Box::new(source),
            resume_token: token.clone(),
        })?;
        // An empty page that carries a token is not the end of the listing.
        if let Some(more) = page.jobs {
            jobs.get_or_insert_with(Vec::new).extend(more);
        }
        next = page.token;
    }
    Ok(model::document(jobs, None))
}
