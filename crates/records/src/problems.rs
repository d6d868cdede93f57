//! Records management's own problems, carried to the user as the core's `SystemProblem`.
use openasp_core::Lang;
use openasp_core::problem::{SystemProblemKind, problem_code};
use serde::{Deserialize, Serialize};

use super::archive::api::ArchiveProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordsProblem {
    /// A register book that issued numbers keeps its number format (numbers are kept forever).
    NumbersIssued,
    /// The case file or document is not in a state that allows this step.
    WrongState,
}

impl SystemProblemKind for RecordsProblem {
    fn code(&self) -> String {
        problem_code("records", self)
    }

    fn message(&self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            RecordsProblem::NumbersIssued if hu => {
                "A könyvből már adtak ki számot, ezért a formátuma és az előtagja nem változtatható."
            }
            RecordsProblem::NumbersIssued => {
                "The book has issued numbers, so its template and prefix cannot change."
            }
            RecordsProblem::WrongState if hu => {
                "Az ügyirat vagy irat jelenlegi állapotában ez a lépés nem lehetséges."
            }
            RecordsProblem::WrongState => {
                "This step is not possible in the current state of the case file or document."
            }
        };
        text.to_owned()
    }
}

/// A closing, archiving or disposal step refused.
impl SystemProblemKind for ArchiveProblem {
    fn code(&self) -> String {
        problem_code("records.archive", self)
    }

    fn message(&self, lang: Lang) -> String {
        ArchiveProblem::message(*self, lang)
    }
}
