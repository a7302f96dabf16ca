//! The retry budget: a token bucket shared by every call of a client, so that a failing
//! service is not hit with a storm of retries (smithy-rs's standard retry strategy does the
//! same, with the same costs).

use std::sync::Mutex;

use crate::Error;

/// Tokens a retry after a timeout costs.
const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens any other retry costs.
const RETRY_COST: u32 = 5;
/// Tokens a success gives back.
const SUCCESS_REFUND: u32 = 1;

/// What is left of a client's retry budget.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: Mutex<u32>,
}

impl RetryBudget {
    /// A full budget of `capacity` tokens.
    pub(crate) fn new(capacity: u32) -> RetryBudget {
        RetryBudget {
            capacity,
            tokens: Mutex::new(capacity),
        }
    }

    /// Takes what a retry after `error` costs; `false` (and nothing taken) when the budget
    /// cannot pay for it.
    pub(crate) fn withdraw(&self, error: &Error) -> bool {
        let cost = match error {
            Error::Timeout { .. } => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match tokens.checked_sub(cost) {
            Some(left) => {
                *tokens = left;
                true
            }
            None => false,
        }
    }

    /// Gives back a little after a success, up to the capacity.
    pub(crate) fn deposit(&self) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *tokens = (*tokens + SUCCESS_REFUND).min(self.capacity);
    }

    #[cfg(test)]
    fn left(&self) -> u32 {
        *self.tokens.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_spend_tokens_and_successes_earn_a_few_back() {
        let budget = RetryBudget::new(20);
        let refused = Error::Transport {
            operation: "Op",
            source: "refused".into(),
        };
        let slow = Error::Timeout {
            operation: "Op",
            source: "slow".into(),
        };
        assert!(budget.withdraw(&slow));
        assert!(budget.withdraw(&refused));
        assert!(budget.withdraw(&refused));
        assert_eq!(budget.left(), 0);
        assert!(
            !budget.withdraw(&refused),
            "an empty budget retries nothing"
        );
        for _ in 0..5 {
            budget.deposit();
        }
        assert!(budget.withdraw(&refused));
        for _ in 0..100 {
            budget.deposit();
        }
        assert_eq!(budget.left(), 20, "never beyond the capacity");
    }
}
