//! The e-forms' clerk routes, below `/ugyintezo`: forms and templates, submissions, mandates.
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{components::Route, path};

use crate::clerk::pages::{SubmissionPage, SubmissionsPage};
use crate::editor::builder::TemplateBuilderPage;
use crate::editor::pages::{FormEditorPage, FormsPage};
use crate::mandates::pages::MandatesPage;

/// The e-forms' routes inside the clerk layout (literal paths before `:id` paths),
/// type-erased so that they fit among the other systems' routes with or without
/// `--cfg erase_components`.
#[component(transparent)]
pub fn EformsRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("urlapok") view=FormsPage />
        <Route path=path!("urlapok/sablonok/:code") view=TemplateBuilderPage />
        <Route path=path!("urlapok/:id") view=FormEditorPage />
        <Route path=path!("beadvanyok") view=SubmissionsPage />
        <Route path=path!("beadvanyok/:id") view=SubmissionPage />
        <Route path=path!("meghatalmazasok") view=MandatesPage />
    }
    .into_inner()
    .into_any_nested_route()
}
