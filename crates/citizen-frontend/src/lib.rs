//! The citizen's browser entry: a municipality's e-form page (plain server-rendered HTML)
//! loads this small bundle, not the clerk application, so conditions and checks react at once
//! (`enhance`). The page works the same without it; the server checks everything again.
mod enhance;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn enhance_eform() {
    enhance::run();
}
