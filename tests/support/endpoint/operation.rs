//! The operation itself: `ListUserImportJobs` input validation, pool
//! lookup, tokens and the page, in the service's order of checks.

use http::request::Parts;
use serde_json::Value;

use super::pools::{self, PageMode, Pool};
use super::sigv4::Auth;
use super::{ApiError, Fault, Outcome, State, TARGET, error_outcome};

/// The normal answer, in the service's order of checks: authentication,
/// operation, body, input validation, pool, token.
pub(super) fn answer(
    state: &State,
    auth: &Auth,
    parts: &Parts,
    json: Option<&Value>,
    fault: Option<&Fault>,
) -> Outcome {
    match list_user_import_jobs(state, auth, parts, json, fault) {
        Ok(body) => Outcome::Answer { status: 200, body },
        Err(error) => error_outcome(error),
    }
}

fn list_user_import_jobs(
    state: &State,
    auth: &Auth,
    parts: &Parts,
    json: Option<&Value>,
    fault: Option<&Fault>,
) -> Result<String, ApiError> {
    if let Some(error) = &auth.error {
        return Err(error.clone());
    }
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok());
    if parts.method != http::Method::POST || target != Some(TARGET) {
        return Err(ApiError::new(
            400,
            "UnknownOperationException",
            "Unknown operation",
        ));
    }
    let Some(body) = json.filter(|v| v.is_object()) else {
        return Err(ApiError::new(
            400,
            "SerializationException",
            "Request body is not a JSON object",
        ));
    };
    let input = validate(body)?;
    let pool = Pool::lookup(&input.pool_id, &state.extra_pools).ok_or_else(|| {
        ApiError::new(
            400,
            "ResourceNotFoundException",
            &format!("User pool {} does not exist.", input.pool_id),
        )
    })?;
    let offset = match input.token.as_deref() {
        _ if fault == Some(&Fault::InvalidToken) => {
            return Err(ApiError::invalid_parameter(
                "The pagination token has expired.",
            ));
        }
        None => 0,
        Some(token) => pools::decode_token(token, &input.pool_id, input.max_results)
            .ok_or_else(|| ApiError::invalid_parameter("Invalid pagination token."))?,
    };
    let mode = match fault {
        Some(Fault::RepeatToken) => PageMode::RepeatToken,
        Some(Fault::OversizedPage) => PageMode::Oversized,
        _ => PageMode::Normal,
    };
    Ok(pools::render_page(
        &pool,
        &input.pool_id,
        input.max_results,
        offset,
        input.token.as_deref(),
        mode,
    ))
}

struct Input {
    pool_id: String,
    max_results: usize,
    token: Option<String>,
}

/// The model's constraints, with the service's (Coral) wording.
fn validate(body: &Value) -> Result<Input, ApiError> {
    let type_error = || {
        ApiError::new(
            400,
            "SerializationException",
            "Unexpected type in request body",
        )
    };
    let mut errors = Vec::new();
    let violation = |value: String, member: &str, constraint: &str| {
        format!(
            "Value {value} at '{member}' failed to satisfy constraint: Member must {constraint}"
        )
    };

    let pool_id = match body.get("UserPoolId") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => return Err(type_error()),
    };
    match &pool_id {
        None => errors.push(violation("null".into(), "userPoolId", "not be null")),
        Some(id) if id.chars().count() > 55 => errors.push(violation(
            format!("'{id}'"),
            "userPoolId",
            "have length less than or equal to 55",
        )),
        Some(id) if !valid_pool_id(id) => errors.push(violation(
            format!("'{id}'"),
            "userPoolId",
            "satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
        )),
        Some(_) => {}
    }

    let max_results = match body.get("MaxResults") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(type_error)?),
        Some(_) => return Err(type_error()),
    };
    match max_results {
        None => errors.push(violation("null".into(), "maxResults", "not be null")),
        Some(n) if n > 60 => errors.push(violation(
            format!("'{n}'"),
            "maxResults",
            "have value less than or equal to 60",
        )),
        Some(n) if n < 1 => errors.push(violation(
            format!("'{n}'"),
            "maxResults",
            "have value greater than or equal to 1",
        )),
        Some(_) => {}
    }

    let token = match body.get("PaginationToken") {
        None | Some(Value::Null) => None,
        Some(Value::String(token)) => Some(token.clone()),
        Some(_) => return Err(type_error()),
    };
    match &token {
        Some(t) if t.is_empty() => errors.push(violation(
            "''".into(),
            "paginationToken",
            "have length greater than or equal to 1",
        )),
        Some(t) if t.chars().any(char::is_whitespace) => errors.push(violation(
            format!("'{t}'"),
            "paginationToken",
            "satisfy regular expression pattern: [\\S]+",
        )),
        _ => {}
    }

    match (errors.len(), pool_id, max_results) {
        (0, Some(pool_id), Some(max)) => Ok(Input {
            pool_id,
            max_results: max as usize,
            token,
        }),
        (n, _, _) => {
            let plural = if n == 1 { "" } else { "s" };
            Err(ApiError::invalid_parameter(&format!(
                "{n} validation error{plural} detected: {}",
                errors.join("; ")
            )))
        }
    }
}

/// `[\w-]+_[0-9a-zA-Z]+`
fn valid_pool_id(id: &str) -> bool {
    let Some((region, name)) = id.rsplit_once('_') else {
        return false;
    };
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    !region.is_empty()
        && region.chars().all(word)
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}
