//! The operator's form builder (`/ugyintezo/urlapok/sablonok/:code`).
use leptos::prelude::*;

#[component]
pub fn TemplateBuilderPage() -> impl IntoView {
    view! { <h1>"Sablonszerkesztő"</h1> }
}
