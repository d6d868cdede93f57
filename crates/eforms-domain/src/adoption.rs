//! A municipality's adjustments to a central template, and the form they make together.
use serde::{Deserialize, Serialize};

use super::language::{DefinitionProblem, Field, FieldKind, FormDefinition, FormPage, Section};

/// The page the municipality's own extra questions are put on, last.
pub const EXTRA_PAGE_ID: &str = "onkormanyzati_kerdesek";
pub const EXTRA_PREFIX: &str = "extra_";
pub const MAX_EXTRA_QUESTIONS: usize = 20;

/// What a municipality may change in a template it adopts: guidance, contact, fee, and extra
/// questions (always optional, so they never make a central case type harder to submit).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Adjustments {
    #[serde(default)]
    pub guidance: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub fee: String,
    #[serde(default)]
    pub extra_questions: Vec<Field>,
}

/// The municipality's form: the template with its own guidance and extra questions.
pub fn compose(
    template: &FormDefinition,
    adjustments: &Adjustments,
) -> Result<FormDefinition, Vec<DefinitionProblem>> {
    let mut problems = Vec::new();
    let mut form = template.clone();
    let own = adjustments.guidance.trim();
    if !own.is_empty() {
        form.guidance = Some(match &template.guidance {
            Some(central) => format!("{central}\n\n{own}"),
            None => own.to_owned(),
        });
    }
    if adjustments.extra_questions.len() > MAX_EXTRA_QUESTIONS {
        problems.push(DefinitionProblem {
            at: EXTRA_PAGE_ID.to_owned(),
            problem: "too many extra questions".to_owned(),
        });
    }
    let mut extras = Vec::new();
    for question in &adjustments.extra_questions {
        if !question.id.starts_with(EXTRA_PREFIX)
            || matches!(
                question.kind,
                FieldKind::Group { .. } | FieldKind::File { .. }
            )
        {
            problems.push(DefinitionProblem {
                at: question.id.clone(),
                problem: "extra questions are simple, optional and named extra_…".to_owned(),
            });
        }
        let mut question = question.clone();
        question.required = false;
        extras.push(question);
    }
    if !extras.is_empty() {
        form.pages.push(FormPage {
            id: EXTRA_PAGE_ID.to_owned(),
            title: "Az önkormányzat további kérdései".to_owned(),
            guidance: None,
            show_if: None,
            sections: vec![Section {
                title: None,
                fields: extras,
            }],
        });
    }
    problems.extend(form.problems());
    if problems.is_empty() {
        Ok(form)
    } else {
        Err(problems)
    }
}
