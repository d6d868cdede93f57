//! Browser entry point: hydrates the server-rendered HTML into the interactive application.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(openasp_app::App);
}

/// A municipality's e-form page (plain server-rendered HTML, not the application): conditions
/// and checks react at once (`openasp_app::eforms::enhance`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn enhance_eform() {
    console_error_panic_hook::set_once();
    openasp_app::eforms::enhance::run();
}
