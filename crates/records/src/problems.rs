//! Records management's own problems, carried to the user as the core's `SystemProblem`.
use openasp_core::Lang;
use openasp_core::problem::{SystemProblemKind, problem_code};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordsProblem {
    /// A register book that issued numbers keeps its number format (numbers are kept forever).
    NumbersIssued,
    /// The case file or document is not in a state that allows this step.
    WrongState,
    /// A search text without a letter or digit (`😀`, `***`): it would match nothing, and
    /// ignoring it would list everything.
    NothingToSearch,
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
            RecordsProblem::NothingToSearch if hu => {
                "A keresett szövegben nincs betű vagy számjegy. Írjon be legalább egy szót vagy számot."
            }
            RecordsProblem::NothingToSearch => {
                "The search text has no letter or digit. Type at least one word or number."
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

/// Why a closing, archiving or disposal step was refused (shown beside the field it names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchiveProblem {
    /// The case file's state does not allow this step.
    WrongState,
    /// Outgoing documents still wait for sign-off or dispatch.
    OpenDocuments,
    NoRetentionItem,
    UnknownRetentionItem,
    AlreadyLent,
    NotLent,
    DueInThePast,
    /// A lent-out case file cannot be destroyed or handed over.
    LentOut,
    AlreadyHeld,
    NotHeld,
    /// Nothing qualifies (no case file due for disposal or transfer).
    NothingDue,
    NotApproved,
    /// A listed case file is no longer disposable (hold, state, retention).
    NoLongerDisposable,
    BookClosed,
    FutureBook,
}

impl ArchiveProblem {
    pub fn message(self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            ArchiveProblem::WrongState if hu => {
                "Az ügyirat jelenlegi állapotában ez a lépés nem végezhető el."
            }
            ArchiveProblem::WrongState => "This step is not possible in the current state.",
            ArchiveProblem::OpenDocuments if hu => {
                "Az ügyiratban kiadmányozásra vagy expediálásra váró irat van; előbb azt kell befejezni."
            }
            ArchiveProblem::OpenDocuments => {
                "The case file has outgoing documents waiting for sign-off or dispatch; finish them first."
            }
            ArchiveProblem::NoRetentionItem if hu => "Válassza ki az irattári tételt.",
            ArchiveProblem::NoRetentionItem => "Choose the retention-plan item.",
            ArchiveProblem::UnknownRetentionItem if hu => "Nincs ilyen irattári tétel.",
            ArchiveProblem::UnknownRetentionItem => "There is no such retention-plan item.",
            ArchiveProblem::AlreadyLent if hu => "Az ügyirat már ki van kölcsönözve.",
            ArchiveProblem::AlreadyLent => "The case file is already lent out.",
            ArchiveProblem::NotLent if hu => "Az ügyirat nincs kikölcsönözve.",
            ArchiveProblem::NotLent => "The case file is not lent out.",
            ArchiveProblem::DueInThePast if hu => "A visszahozatal határideje nem lehet múltbeli.",
            ArchiveProblem::DueInThePast => "The return date cannot be in the past.",
            ArchiveProblem::LentOut if hu => {
                "Kikölcsönzött ügyirat nem selejtezhető és nem adható át."
            }
            ArchiveProblem::LentOut => "A lent-out case file cannot be destroyed or handed over.",
            ArchiveProblem::AlreadyHeld if hu => "Az ügyirat már zárolva van.",
            ArchiveProblem::AlreadyHeld => "The case file is already under a legal hold.",
            ArchiveProblem::NotHeld if hu => "Az ügyirat nincs zárolva.",
            ArchiveProblem::NotHeld => "The case file is not under a legal hold.",
            ArchiveProblem::NothingDue if hu => "Nincs olyan ügyirat, amelyre ez most vonatkozna.",
            ArchiveProblem::NothingDue => "No case file qualifies now.",
            ArchiveProblem::NotApproved if hu => {
                "Csak jóváhagyott selejtezési jegyzék hajtható végre."
            }
            ArchiveProblem::NotApproved => "Only an approved destruction list can be carried out.",
            ArchiveProblem::NoLongerDisposable if hu => {
                "A jegyzék olyan ügyiratot tartalmaz, amely már nem selejtezhető (zárolás, állapot vagy őrzési idő)."
            }
            ArchiveProblem::NoLongerDisposable => {
                "The list holds a case file that is no longer disposable (hold, state or retention)."
            }
            ArchiveProblem::BookClosed if hu => "A könyv már le van zárva.",
            ArchiveProblem::BookClosed => "The book is already closed.",
            ArchiveProblem::FutureBook if hu => "Jövőbeli év könyve nem zárható le.",
            ArchiveProblem::FutureBook => "A future year's book cannot be closed.",
        };
        text.to_owned()
    }
}
