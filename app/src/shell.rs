//! The HTML document, the application root and its routes.
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::eforms::clerk::pages::{SubmissionPage, SubmissionsPage};
use crate::eforms::editor::builder::TemplateBuilderPage;
use crate::eforms::editor::pages::{FormEditorPage, FormsPage};
use crate::eforms::mandates::pages::MandatesPage;
use crate::framework::pages::{
    AccountPage, AuditPage, ClerkLayout, DashboardPage, LoginPage, MemberPage, MembersPage,
    NewMemberPage, OnboardingDetailPage, OnboardingPage, SecondFactorPage, provide_session_version,
};
use crate::gazetteer::pages::DirectoryPage;
use crate::records::archive::pages::{
    ArchiveListPage, BookClosingPage, CaseArchivePage, CaseClosePage, CaseHoldPage, CaseLendPage,
    DestructionListPage, DestructionPage, TransferPage,
};
use crate::records::case_view::pages::CaseFilePage;
use crate::records::flow::pages as flow;
use crate::records::import::pages::ImportPage;
use crate::records::master::pages::{
    BooksPage, CategoriesPage, MasterDataPage, PartnersPage, RetentionPlanPage, UnitsPage,
};
use crate::records::pages::RegisterPage;
use crate::records::search::pages::SearchPage;
use crate::website::pages::{WebsiteItemPage, WebsiteMenuPage, WebsitePage, WebsiteSettingsPage};
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    provide_session_version();
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
                    <ParentRoute path=path!("/ugyintezo") view=ClerkLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=DashboardPage />
                        <Route path=path!("felhasznalok") view=MembersPage />
                        <Route path=path!("felhasznalok/uj") view=NewMemberPage />
                        <Route path=path!("felhasznalok/:id") view=MemberPage />
                        <Route path=path!("naplo") view=AuditPage />
                        <Route path=path!("iktatas") view=RegisterPage />
                        <Route path=path!("iratkezeles/torzsadatok") view=MasterDataPage />
                        <Route path=path!("iratkezeles/torzsadatok/egysegek") view=UnitsPage />
                        <Route path=path!("iratkezeles/torzsadatok/konyvek") view=BooksPage />
                        <Route path=path!("iratkezeles/torzsadatok/ugykorok") view=CategoriesPage />
                        <Route path=path!("iratkezeles/torzsadatok/irattari-terv") view=RetentionPlanPage />
                        <Route path=path!("iratkezeles/torzsadatok/partnerek") view=PartnersPage />
                        <Route path=path!("iratkezeles/erkeztetes") view=flow::ReceiptPage />
                        <Route path=path!("iratkezeles/erkeztetes/:id") view=flow::ReceiptDetailPage />
                        <Route path=path!("iratkezeles/szignalas") view=flow::AssignmentQueuePage />
                        <Route path=path!("iratkezeles/sajat") view=flow::MyWorkPage />
                        <Route path=path!("iratkezeles/hataridok") view=flow::DeadlinesPage />
                        <Route path=path!("iratkezeles/expedialas") view=flow::DispatchQueuePage />
                        <Route path=path!("iratkezeles/tertivevenyek") view=flow::ReturnReceiptsPage />
                        <Route path=path!("iratkezeles/tertivevenyek/:id") view=flow::ReturnReceiptPage />
                        <Route path=path!("iratkezeles/ugyirat/:id/szignalas") view=flow::AssignCasePage />
                        <Route path=path!("iratkezeles/ugyirat/:id/alszam") view=flow::NewDocumentPage />
                        <Route path=path!("iratkezeles/ugyirat/:id/elozmeny") view=flow::AntecedentPage />
                        <Route path=path!("iratkezeles/ugyirat/:id/szereles") view=flow::MergePage />
                        <Route path=path!("iratkezeles/ugyirat/:id/feljegyzes") view=flow::NotePage />
                        <Route path=path!("iratkezeles/ugyirat/:id/felfuggesztes") view=flow::SuspendPage />
                        <Route path=path!("iratkezeles/irat/:id/kiadmanyozas") view=flow::SignOffPage />
                        <Route path=path!("iratkezeles/irat/:id/expedialas") view=flow::DispatchPage />
                        <Route path=path!("iratkezeles/irat/:id/sztornozas") view=flow::CancelPage />
                        <Route path=path!("iratkezeles/ugyirat/:id/lezaras") view=CaseClosePage />
                        <Route path=path!("iratkezeles/ugyirat/:id/irattarba") view=CaseArchivePage />
                        <Route path=path!("iratkezeles/ugyirat/:id/kolcsonzes") view=CaseLendPage />
                        <Route path=path!("iratkezeles/ugyirat/:id/zarolas") view=CaseHoldPage />
                        <Route path=path!("iratkezeles/irattar") view=ArchiveListPage />
                        <Route path=path!("iratkezeles/selejtezes") view=DestructionPage />
                        <Route path=path!("iratkezeles/selejtezes/:id") view=DestructionListPage />
                        <Route path=path!("iratkezeles/leveltar") view=TransferPage />
                        <Route path=path!("iratkezeles/konyvzaras") view=BookClosingPage />
                        <Route path=path!("iratkezeles/kereses") view=SearchPage />
                        <Route path=path!("iratkezeles/import") view=ImportPage />
                        <Route path=path!("iratkezeles/ugyirat/:id") view=CaseFilePage />
                        <Route path=path!("honlap") view=WebsitePage />
                        <Route path=path!("honlap/beallitasok") view=WebsiteSettingsPage />
                        <Route path=path!("honlap/menu") view=WebsiteMenuPage />
                        <Route path=path!("honlap/:id") view=WebsiteItemPage />
                        <Route path=path!("urlapok") view=FormsPage />
                        <Route path=path!("urlapok/sablonok/:code") view=TemplateBuilderPage />
                        <Route path=path!("urlapok/:id") view=FormEditorPage />
                        <Route path=path!("beadvanyok") view=SubmissionsPage />
                        <Route path=path!("beadvanyok/:id") view=SubmissionPage />
                        <Route path=path!("meghatalmazasok") view=MandatesPage />
                        <Route path=path!("fiokom") view=AccountPage />
                        <Route path=path!("uzemeltetes") view=OnboardingPage />
                        <Route path=path!("uzemeltetes/:id") view=OnboardingDetailPage />
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
