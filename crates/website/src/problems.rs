//! The website's own problems, carried to the user as the core's `SystemProblem`.
use openasp_core::Lang;
use openasp_core::problem::{SystemProblemKind, problem_code};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebsiteProblem {
    /// Another item of the same kind has this slug.
    SlugTaken,
    /// An image in the text has no alternative text.
    MissingAltText,
    /// The colour is too light for white text (WCAG 2.1 AA).
    ContrastTooLow,
    /// Another municipality's site uses this host name.
    HostTaken,
}

impl SystemProblemKind for WebsiteProblem {
    fn code(&self) -> String {
        problem_code("website", self)
    }

    fn message(&self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            WebsiteProblem::SlugTaken if hu => "Ez a webcím már foglalt; adjon meg másikat.",
            WebsiteProblem::SlugTaken => "This address is taken; choose another.",
            WebsiteProblem::MissingAltText if hu => {
                "Minden képhez adjon meg helyettesítő szöveget (alt), amely leírja a kép tartalmát."
            }
            WebsiteProblem::MissingAltText => {
                "Give every image an alternative text (alt) describing it."
            }
            WebsiteProblem::ContrastTooLow if hu => {
                "A szín túl világos: fehér szöveggel legalább 4,5:1 kontraszt kell (WCAG 2.1 AA)."
            }
            WebsiteProblem::ContrastTooLow => {
                "The colour is too light: white text on it needs a contrast of at least 4.5:1 (WCAG 2.1 AA)."
            }
            WebsiteProblem::HostTaken if hu => "Ezt a címet egy másik honlap már használja.",
            WebsiteProblem::HostTaken => "Another website already uses this address.",
        };
        text.to_owned()
    }
}
