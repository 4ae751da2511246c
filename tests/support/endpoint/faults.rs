//! Fault injection: which [`Fault`] (if any) to inject into request number
//! `i` (0-based, counting every HTTP request the endpoint receives).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

/// Something going wrong with one request.
///
/// `Throttle`, `Status`, `RawBody`, `DropBeforeResponse` and `DropMidBody`
/// replace the answer before the request is even authenticated; `Delay` waits
/// and then answers normally; `RepeatToken`, `InvalidToken` and
/// `OversizedPage` change the answer to a valid request for an existing pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// 400 `TooManyRequestsException`, `Too many requests`.
    Throttle,
    /// That status with a service-shaped body: 503 gives `ServiceUnavailable`,
    /// anything else `InternalErrorException`.
    Status(u16),
    /// Read the request, then close the connection without any response.
    DropBeforeResponse,
    /// Send the headers (with the full Content-Length) and half the normal
    /// body, then close the connection.
    DropMidBody,
    /// Wait this long, then answer normally. Other connections are not held up.
    Delay(Duration),
    /// 200 with exactly this body.
    RawBody(String),
    /// The normal page, but its PaginationToken is the token that was sent
    /// (or, on a first request, the first page's own token): a token cycle.
    RepeatToken,
    /// Reject the request's token as expired (400 `InvalidParameterException`).
    InvalidToken,
    /// 1,000 generated jobs whatever MaxResults says (next token unchanged).
    OversizedPage,
}

type Rule = (Arc<dyn Fn(usize) -> bool + Send + Sync>, Fault);

/// Rules mapping a request index to a fault; the first rule that matches wins.
///
/// ```ignore
/// FaultPlan::none().when(|i| i % 3 != 2, Fault::Throttle);
/// FaultPlan::none().range(0..4, Fault::Status(503)).at(5, Fault::DropMidBody);
/// FaultPlan::always(Fault::Delay(Duration::from_secs(5)));
/// ```
#[derive(Clone, Default)]
pub struct FaultPlan {
    rules: Vec<Rule>,
}

impl FaultPlan {
    /// No faults: every request is answered normally.
    pub fn none() -> FaultPlan {
        FaultPlan::default()
    }

    /// `fault` on every request.
    pub fn always(fault: Fault) -> FaultPlan {
        FaultPlan::none().when(|_| true, fault)
    }

    /// Adds: `fault` on the requests for which `predicate(index)` holds.
    pub fn when(
        mut self,
        predicate: impl Fn(usize) -> bool + Send + Sync + 'static,
        fault: Fault,
    ) -> FaultPlan {
        self.rules.push((Arc::new(predicate), fault));
        self
    }

    /// Adds: `fault` on request `index` only.
    pub fn at(self, index: usize, fault: Fault) -> FaultPlan {
        self.when(move |i| i == index, fault)
    }

    /// Adds: `fault` on the requests in `indices`.
    pub fn range(self, indices: Range<usize>, fault: Fault) -> FaultPlan {
        self.when(move |i| indices.contains(&i), fault)
    }

    /// The fault for request `index`, if any.
    pub fn fault_for(&self, index: usize) -> Option<Fault> {
        self.rules
            .iter()
            .find(|(applies, _)| applies(index))
            .map(|(_, fault)| fault.clone())
    }
}

impl fmt::Debug for FaultPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let faults: Vec<&Fault> = self.rules.iter().map(|(_, fault)| fault).collect();
        f.debug_struct("FaultPlan")
            .field("faults", &faults)
            .finish()
    }
}
