//! The records system's clerk routes, below `/ugyintezo`.
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{components::Route, path};

use crate::archive::pages::{
    ArchiveListPage, BookClosingPage, CaseArchivePage, CaseClosePage, CaseHoldPage, CaseLendPage,
    DestructionListPage, DestructionPage, TransferPage,
};
use crate::case_view::pages::CaseFilePage;
use crate::flow::pages as flow;
use crate::import::pages::ImportPage;
use crate::master::pages::{
    BooksPage, CategoriesPage, MasterDataPage, PartnersPage, RetentionPlanPage, UnitsPage,
};
use crate::pages::RegisterPage;
use crate::search::pages::SearchPage;

/// The records system's routes inside the clerk layout (literal paths before `:id` paths),
/// type-erased so that they fit among the other systems' routes with or without
/// `--cfg erase_components`.
#[component(transparent)]
pub fn RecordsRoutes() -> AnyNestedRoute {
    view! {
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
    }
    .into_inner()
    .into_any_nested_route()
}
