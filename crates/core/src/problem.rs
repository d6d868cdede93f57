//! A system's own problem, as the core carries it: a stable code and its message in both
//! languages. Each system keeps its problems in its own enum and says how it reads
//! ([`SystemProblemKind`]); the core never names them, so a new system adds none here.
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A problem that belongs to one system (records' "wrong state", the website's "slug taken").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemProblem {
    /// Stable and unique across systems: `system.problem` (`website.slug_taken`). Programs and
    /// tests compare codes, never texts.
    pub code: String,
    pub hu: String,
    pub en: String,
}

impl SystemProblem {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Hu => &self.hu,
            Lang::En => &self.en,
        }
    }

    /// Whether this is the problem `kind` stands for.
    pub fn is(&self, kind: &impl SystemProblemKind) -> bool {
        self.code == kind.code()
    }
}

/// Implemented by each system's problem enum.
pub trait SystemProblemKind {
    /// `system.problem`, in snake case; never changed once published.
    fn code(&self) -> String;
    fn message(&self, lang: Lang) -> String;
}

impl<T: SystemProblemKind> From<T> for SystemProblem {
    fn from(kind: T) -> SystemProblem {
        SystemProblem {
            code: kind.code(),
            hu: kind.message(Lang::Hu),
            en: kind.message(Lang::En),
        }
    }
}

/// A stable problem code from a system's name and the variant's `Debug` name:
/// `problem_code("records", &ArchiveProblem::WrongState)` → `records.wrong_state`. Data a
/// variant carries is left out; variant names are therefore never reused for another meaning.
pub fn problem_code(system: &str, variant: &impl std::fmt::Debug) -> String {
    let debug = format!("{variant:?}");
    let name = debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    let mut code = String::with_capacity(system.len() + name.len() + 4);
    code.push_str(system);
    code.push('.');
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.extend(c.to_lowercase());
        } else {
            code.push(c);
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    enum Variants {
        SlugTaken,
        Credential(#[allow(dead_code)] u8),
    }

    #[test]
    fn codes_are_snake_case_without_data() {
        assert_eq!(
            problem_code("website", &Variants::SlugTaken),
            "website.slug_taken"
        );
        assert_eq!(
            problem_code("framework", &Variants::Credential(3)),
            "framework.credential"
        );
    }

    enum Demo {
        Taken,
    }

    impl SystemProblemKind for Demo {
        fn code(&self) -> String {
            "demo.taken".into()
        }
        fn message(&self, lang: Lang) -> String {
            match (self, lang) {
                (Demo::Taken, Lang::Hu) => "Foglalt.".into(),
                (Demo::Taken, Lang::En) => "Taken.".into(),
            }
        }
    }

    #[test]
    fn carries_code_and_both_texts() {
        let problem = SystemProblem::from(Demo::Taken);
        assert_eq!(problem.code, "demo.taken");
        assert_eq!(problem.message(Lang::Hu), "Foglalt.");
        assert_eq!(problem.message(Lang::En), "Taken.");
        assert!(problem.is(&Demo::Taken));
    }
}
