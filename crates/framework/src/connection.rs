//! A municipality's connection to the platform: preparation → connection → live.
use serde::{Deserialize, Serialize};

use openasp_ui::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ConnectionStatus {
    /// Agreement signed, data being prepared.
    Preparation,
    /// Being connected: accounts set up, data migrated, staff trained.
    Connection,
    /// Working on the platform.
    Live,
}

impl ConnectionStatus {
    pub const ALL: [ConnectionStatus; 3] = [
        ConnectionStatus::Preparation,
        ConnectionStatus::Connection,
        ConnectionStatus::Live,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConnectionStatus::Preparation => "preparation",
            ConnectionStatus::Connection => "connection",
            ConnectionStatus::Live => "live",
        }
    }

    pub fn from_code(code: &str) -> Option<ConnectionStatus> {
        ConnectionStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ConnectionStatus::Preparation, Lang::Hu) => "Előkészítés",
            (ConnectionStatus::Preparation, Lang::En) => "Preparation",
            (ConnectionStatus::Connection, Lang::Hu) => "Csatlakozás",
            (ConnectionStatus::Connection, Lang::En) => "Connection",
            (ConnectionStatus::Live, Lang::Hu) => "Éles üzem",
            (ConnectionStatus::Live, Lang::En) => "Live",
        }
    }

    /// The one status that may follow this one.
    pub fn next(self) -> Option<ConnectionStatus> {
        match self {
            ConnectionStatus::Preparation => Some(ConnectionStatus::Connection),
            ConnectionStatus::Connection => Some(ConnectionStatus::Live),
            ConnectionStatus::Live => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    #[error("a municipality moves one step forward at a time")]
    NotTheNextStep,
    #[error("a step cannot be dated before the previous one")]
    DateBeforePrevious,
}

/// Checks a move from `from` (entered on `from_date`) to `to` on `on` (dates as `YYYY-MM-DD`,
/// which order correctly as text).
pub fn check_transition(
    from: ConnectionStatus,
    from_date: Option<&str>,
    to: ConnectionStatus,
    on: &str,
) -> Result<(), TransitionError> {
    if from.next() != Some(to) {
        return Err(TransitionError::NotTheNextStep);
    }
    if from_date.is_some_and(|previous| on < previous) {
        return Err(TransitionError::DateBeforePrevious);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus::*;

    #[test]
    fn statuses_move_forward_one_step() {
        assert_eq!(
            check_transition(Preparation, None, Connection, "2026-01-01"),
            Ok(())
        );
        assert_eq!(
            check_transition(Connection, Some("2026-01-01"), Live, "2026-02-01"),
            Ok(())
        );
        assert_eq!(
            check_transition(Preparation, None, Live, "2026-01-01"),
            Err(TransitionError::NotTheNextStep)
        );
        assert_eq!(
            check_transition(Live, Some("2026-01-01"), Preparation, "2026-02-01"),
            Err(TransitionError::NotTheNextStep)
        );
        assert_eq!(
            check_transition(Connection, Some("2026-03-01"), Live, "2026-02-01"),
            Err(TransitionError::DateBeforePrevious)
        );
    }

    #[test]
    fn codes_round_trip() {
        for status in ConnectionStatus::ALL {
            assert_eq!(ConnectionStatus::from_code(status.code()), Some(status));
        }
    }
}
