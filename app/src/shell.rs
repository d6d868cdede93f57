//! The HTML document, the application root and its routes.
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::eforms::EformsRoutes;
use crate::framework::nav::{NavSection, admin_nav, operator_nav, provide_nav_sections};
use crate::framework::pages::{ClerkLayout, LoginPage, SecondFactorPage, provide_session_version};
use crate::framework::routes::FrameworkRoutes;
use crate::gazetteer::pages::DirectoryPage;
use crate::records::RecordsRoutes;
use crate::website::WebsiteRoutes;
use openasp_ui::components::{Footer, Header, NotFound};
use openasp_ui::i18n::{provide_lang, use_texts};

/// The document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = provide_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The clerk menu's sections in order: each system's links (`framework::nav`).
const NAV_SECTIONS: [NavSection; 5] = [
    admin_nav,
    crate::records::nav,
    crate::website::nav,
    crate::eforms::nav,
    operator_nav,
];

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    provide_session_version();
    // The clerk menu: every system's section, in menu order.
    provide_nav_sections(NAV_SECTIONS.to_vec());
    let t = use_texts();

    // Marks the document once the browser has hydrated it; effects never run on the server,
    // so this is the browser tests' proof that the WASM bundle took over.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="openasp-style" href="/pkg/openasp.css" />
        <Title formatter=move |title: String| {
            if title.is_empty() {
                t.platform_name.to_string()
            } else {
                format!("{title} – {}", t.platform_name)
            }
        } />
        <Router>
            <a class="skip-link" href="#main">
                {t.skip_to_content}
            </a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=DirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("/belepes") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/belepes/kod") view=SecondFactorPage ssr=SsrMode::Async />
                    // Every system's clerk pages, inside the clerk layout.
                    <ParentRoute path=path!("/ugyintezo") view=ClerkLayout ssr=SsrMode::Async>
                        <FrameworkRoutes />
                        <RecordsRoutes />
                        <WebsiteRoutes />
                        <EformsRoutes />
                    </ParentRoute>
                    // A municipality's website (`/{slug}/…`) is not part of this application:
                    // the server answers it as plain HTML without the hydration bundle
                    // (`website::serve`), and links to it leave the client router (`rel=external`).
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
