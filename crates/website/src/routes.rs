//! The website editor's clerk routes, below `/ugyintezo`.
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{components::Route, path};

use crate::pages::{WebsiteItemPage, WebsiteMenuPage, WebsitePage, WebsiteSettingsPage};

/// The website editor's routes inside the clerk layout (literal paths before `:id` paths),
/// type-erased so that they fit among the other systems' routes with or without
/// `--cfg erase_components`.
#[component(transparent)]
pub fn WebsiteRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("honlap") view=WebsitePage />
        <Route path=path!("honlap/beallitasok") view=WebsiteSettingsPage />
        <Route path=path!("honlap/menu") view=WebsiteMenuPage />
        <Route path=path!("honlap/:id") view=WebsiteItemPage />
    }
    .into_inner()
    .into_any_nested_route()
}
