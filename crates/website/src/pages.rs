//! The website editor's pages in the clerk application: the content list, the item editor
//! (draft, schedule, publish, unpublish, preview, revisions) and the site settings.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::api::{
    AddMenuLink, AddMenuPage, MoveMenuEntry, RemoveLogo, RemoveMenuEntry, RenameMenuEntry,
    RestoreRevision, SaveItem, SaveSettings, UnpublishItem, get_item, get_menu, get_settings,
    list_items, list_parents, list_revisions,
};
use super::domain::{DocCategory, ItemKind};
use super::rich_text::RichTextEditor;
use super::types::{ItemDetail, ItemForm, ItemRow, MenuEntryRow, PublicState};
use openasp_core::error::AppError;
use openasp_core::query::encode_query_value;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, action_successes, tr,
};
use openasp_ui::i18n::use_lang;

fn kind_label(code: &str) -> &'static str {
    let lang = use_lang();
    ItemKind::from_code(code)
        .map(|k| k.name(lang))
        .unwrap_or("")
}

/// The list of the municipality's website content.
#[component]
pub fn WebsitePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("tipus").unwrap_or_default(),
                q.get("q").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let rows = Resource::new(
        move || filter.get(),
        |(kind, q, page)| list_items(kind, q, page),
    );
    let initial = filter.get_untracked();
    let lang = use_lang();
    let kinds = ItemKind::ALL
        .into_iter()
        .map(|k| {
            view! {
                <option value=k.code() selected=initial.0 == k.code()>
                    {k.name(lang)}
                </option>
            }
        })
        .collect_view();
    let new_links = ItemKind::ALL
        .into_iter()
        .map(|k| {
            view! {
                <li>
                    <a class="button button--secondary" href=format!("/ugyintezo/honlap/uj?tipus={}", k.code())>
                        {format!("{} {}", tr("Új", "New"), k.name(lang).to_lowercase())}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=tr("Honlap", "Website") />
        <h1>{tr("Honlap", "Website")}</h1>
        <ul class="inline-list actions">
            {new_links}
            <li>
                <a href="/ugyintezo/honlap/menu">{tr("Menü", "Menu")}</a>
            </li>
            <li>
                <a href="/ugyintezo/honlap/beallitasok">{tr("Beállítások", "Settings")}</a>
            </li>
        </ul>
        <form method="get" action="/ugyintezo/honlap" class="search-form" role="search">
            <div class="field">
                <label for="tipus">{tr("Típus", "Type")}</label>
                <select id="tipus" name="tipus">
                    <option value="">{tr("Mind", "All")}</option>
                    {kinds}
                </select>
            </div>
            <div class="field">
                <label for="q">{tr("Cím", "Title")}</label>
                <input id="q" name="q" type="search" value=initial.1.clone() />
            </div>
            <button type="submit" class="button">{tr("Szűrés", "Filter")}</button>
        </form>
        <PagedTable
            rows
            count_noun=tr("tartalom", "items")
            columns=vec![
                tr("Cím", "Title"),
                tr("Típus", "Type"),
                tr("Állapot", "State"),
                tr("Módosítva", "Changed"),
            ]
            row=|r: ItemRow| {
                let lang = use_lang();
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/ugyintezo/honlap/{}", r.id)>{r.title}</a>
                        </th>
                        <td>{kind_label(&r.kind)}</td>
                        <td>
                            <span class=format!("state state--{:?}", r.state).to_lowercase()>
                                {r.state.label(lang)}
                            </span>
                        </td>
                        <td>{r.updated_at}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (kind, q, _) = filter.get_untracked();
                format!(
                    "/ugyintezo/honlap?tipus={}&q={}&page={p}",
                    encode_query_value(&kind),
                    encode_query_value(&q),
                )
            })
        />
    }
}

async fn load_item(id: String, kind: String) -> Result<ItemDetail, AppError> {
    if id == "uj" {
        let kind = ItemKind::from_code(&kind).unwrap_or(ItemKind::News);
        return Ok(ItemDetail {
            form: ItemForm {
                kind: kind.code().to_owned(),
                status: "draft".to_owned(),
                ..Default::default()
            },
            state: PublicState::Draft,
            public_path: String::new(),
            site_slug: String::new(),
            file_name: None,
            image_alt: None,
        });
    }
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    get_item(id).await
}

/// Creating or editing one item.
#[component]
pub fn WebsiteItemPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = ServerAction::<SaveItem>::new();
    let unpublish = ServerAction::<UnpublishItem>::new();
    let unpublish_done = action_successes(unpublish);
    let restore = ServerAction::<RestoreRevision>::new();
    let restore_done = action_successes(restore);
    let key = Memo::new(move |_| {
        (
            params.with(|p| p.get("id").unwrap_or_default()),
            query.with(|q| q.get("tipus").unwrap_or_default()),
        )
    });
    // The item reloads after a successful save only: a refused one keeps what the editor typed.
    let saves = action_successes(save);
    let detail = Resource::new(
        move || {
            (
                key.get(),
                saves.get(),
                unpublish_done.get(),
                restore_done.get(),
            )
        },
        |((id, kind), _, _, _)| load_item(id, kind),
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get()
            && key.get_untracked().0 != id.to_string()
        {
            navigate(&format!("/ugyintezo/honlap/{id}"), Default::default());
        }
    });
    view! {
        <Title text=tr("Honlap – szerkesztés", "Website – editing") />
        <p>
            <a href="/ugyintezo/honlap">{tr("← Vissza a tartalmakhoz", "← Back to the content")}</a>
        </p>
        <Suspense fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <ItemEditor detail save unpublish restore /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemEditor(
    detail: ItemDetail,
    save: ServerAction<SaveItem>,
    unpublish: ServerAction<UnpublishItem>,
    restore: ServerAction<RestoreRevision>,
) -> impl IntoView {
    let lang = use_lang();
    let form = detail.form.clone();
    let kind = ItemKind::from_code(&form.kind).unwrap_or(ItemKind::News);
    let is_new = form.id.is_empty();
    let error = action_error(save);
    let saved = action_succeeded(save);
    let unpublish_error = action_error(unpublish);
    let heading = if is_new {
        format!("{} {}", tr("Új", "New"), kind.name(lang).to_lowercase())
    } else {
        form.title.clone()
    };
    let text_area_problem =
        move |field: &'static str| move || error.get().and_then(|e| e.problem_for(field));
    let body_problem = text_area_problem("body");
    let category_options = DocCategory::ALL
        .into_iter()
        .map(|c| {
            view! {
                <option value=c.code() selected=form.doc_category == c.code()>
                    {c.name(lang)}
                </option>
            }
        })
        .collect_view();
    let parents = Resource::new(|| (), |_| list_parents());
    let current_parent = form.parent.clone();
    let own_id = form.id.clone();
    let item_id = form.id.clone();
    let unpublish_id = form.id.clone();
    let revisions = Resource::new(
        move || (item_id.clone(), restore.version().get()),
        |(id, _)| async move {
            match id.parse::<i64>() {
                Ok(id) => list_revisions(id).await,
                Err(_) => Ok(Vec::new()),
            }
        },
    );
    let preview = (!is_new).then(|| {
        let public = (detail.state == PublicState::Live)
            .then(|| format!("/{}{}", detail.site_slug, detail.public_path));
        view! {
            <ul class="inline-list actions">
                <li>
                    <a href=format!("/ugyintezo/honlap/elonezet/{}", form.id) rel="external">
                        {tr("Előnézet", "Preview")}
                    </a>
                </li>
                {public.map(|href| view! {
                    <li>
                        <a href=href rel="external">{tr("Megtekintés a honlapon", "View on the website")}</a>
                    </li>
                })}
            </ul>
        }
    });
    view! {
        <h1>{heading}</h1>
        <p class="state-line">
            {tr("Állapot: ", "State: ")}
            <strong class="item-state">{detail.state.label(lang)}</strong>
        </p>
        {preview}
        <ErrorSummary error />
        <SuccessNotice show=saved message=tr("Mentve.", "Saved.") />
        <ActionForm action=save attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="form[id]" value=form.id.clone() />
            <input type="hidden" name="form[kind]" value=form.kind.clone() />
            <Field id="title" name="form[title]" label=tr("Cím", "Title") value=form.title.clone() required=true error />
            <Field
                id="slug"
                name="form[slug]"
                label=tr("Webcím (nem kötelező)", "Address (optional)")
                hint=tr("Kisbetű, számjegy és kötőjel; üresen hagyva a címből készül.", "Lowercase, digits and dashes; made from the title when empty.")
                value=form.slug.clone()
                error
            />
            <div class="field">
                <label for="summary">{tr("Összefoglaló", "Summary")}</label>
                <textarea id="summary" name="form[summary]" rows="2">{form.summary.clone()}</textarea>
            </div>
            <div class="field" class:field--error=move || body_problem().is_some()>
                <label for="body" id="body-label">{tr("Szöveg", "Text")}</label>
                <p class="field__hint" id="body-hint">
                    {tr(
                        "Bekezdések, címsorok, listák, linkek, táblázatok és képek (helyettesítő szöveggel); HTML-ként is megadható. Minden mást a szerver eltávolít.",
                        "Paragraphs, headings, lists, links, tables and images (with alternative text); HTML is accepted too. The server removes everything else.",
                    )}
                </p>
                {move || body_problem().map(|p| view! {
                    <p class="field__error" id="body-error">
                        <span class="visually-hidden">{tr("Hiba: ", "Error: ")}</span>
                        {p.message(lang)}
                    </p>
                })}
                <RichTextEditor
                    id="body"
                    name="form[body]"
                    value=form.body.clone()
                    labelled_by="body-label"
                    described_by="body-hint"
                    invalid=Signal::derive(move || body_problem().is_some())
                />
            </div>
            {(kind == ItemKind::Event).then(|| view! {
                <Field id="starts_at" name="form[starts_at]" label=tr("Kezdés", "Starts") input_type="datetime-local" value=form.starts_at.clone() required=true error />
                <Field id="ends_at" name="form[ends_at]" label=tr("Vége (nem kötelező)", "Ends (optional)") input_type="datetime-local" value=form.ends_at.clone() error />
                <Field id="location" name="form[location]" label=tr("Helyszín", "Location") value=form.location.clone() error />
            })}
            {(kind == ItemKind::Document).then(|| view! {
                <div class="field">
                    <label for="doc_category">{tr("Dokumentumtípus", "Document type")}</label>
                    <select id="doc_category" name="form[doc_category]">{category_options}</select>
                </div>
                <Field id="doc_number" name="form[doc_number]" label=tr("Szám (nem kötelező)", "Number (optional)") value=form.doc_number.clone() error />
            })}
            {(kind == ItemKind::Page).then(|| {
                let current_parent = current_parent.clone();
                let own_id = own_id.clone();
                view! {
                    <div class="field">
                        <label for="parent">{tr("Szülőoldal a menüben", "Parent page in the menu")}</label>
                        <select id="parent" name="form[parent]">
                            <option value="">{tr("(felső szint)", "(top level)")}</option>
                            <Suspense>
                                {move || {
                                    let current_parent = current_parent.clone();
                                    let own_id = own_id.clone();
                                    Suspend::new(async move {
                                        parents
                                            .await
                                            .unwrap_or_default()
                                            .into_iter()
                                            .filter(|p| p.id.to_string() != own_id)
                                            .map(|p| {
                                                let selected = p.id.to_string() == current_parent;
                                                view! { <option value=p.id.to_string() selected=selected>{p.title}</option> }
                                            })
                                            .collect_view()
                                    })
                                }}
                            </Suspense>
                        </select>
                    </div>
                    <Field
                        id="menu_order"
                        name="form[menu_order]"
                        label=tr("Sorrend a szülőoldal aloldalai között", "Order among the parent page's subpages")
                        hint=tr("A főmenü sorrendje a Menü oldalon állítható.", "The main menu's order is set on the Menu page.")
                        input_type="number"
                        value=form.menu_order.clone()
                        error
                    />
                    <div class="field field--checkbox">
                        <input id="in_menu" name="form[in_menu]" type="checkbox" checked=form.in_menu.is_some() />
                        <label for="in_menu">{tr("Megjelenik a főmenüben", "Shown in the main menu")}</label>
                    </div>
                }
            })}
            <fieldset class="field">
                <legend>{tr("Közzététel", "Publication")}</legend>
                <div class="field field--radio">
                    <input type="radio" id="status-draft" name="form[status]" value="draft" checked=form.status != "published" />
                    <label for="status-draft">{tr("Piszkozat (a látogatók nem látják)", "Draft (visitors do not see it)")}</label>
                </div>
                <div class="field field--radio">
                    <input type="radio" id="status" name="form[status]" value="published" checked=form.status == "published" />
                    <label for="status">{tr("Közzététel", "Publish")}</label>
                </div>
                <Field
                    id="publish_at"
                    name="form[publish_at]"
                    label=tr("Megjelenés ideje (nem kötelező)", "Publish at (optional)")
                    hint=tr("Üresen: azonnal. Jövőbeli időpont: időzített megjelenés.", "Empty: now. A future time schedules it.")
                    input_type="datetime-local"
                    value=form.publish_at.clone()
                    error
                />
                <Field
                    id="unpublish_at"
                    name="form[unpublish_at]"
                    label=tr("Levétel ideje (nem kötelező)", "Unpublish at (optional)")
                    input_type="datetime-local"
                    value=form.unpublish_at.clone()
                    error
                />
            </fieldset>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {tr("Mentés", "Save")}
            </button>
        </ActionForm>
        {(!is_new && detail.state != PublicState::Draft).then(|| view! {
            <ErrorSummary error=unpublish_error />
            <ActionForm action=unpublish attr:class="inline-form">
                <input type="hidden" name="id" value=unpublish_id.clone() />
                <button type="submit" class="button button--secondary">
                    {tr("Visszavonás (piszkozattá tesz)", "Unpublish (back to draft)")}
                </button>
            </ActionForm>
        })}
        {(!is_new).then(|| view! { <Attachments detail=detail.clone() /> })}
        {(!is_new).then(|| view! {
            <h2>{tr("Korábbi változatok", "Earlier versions")}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    let rows = revisions.await.unwrap_or_default();
                    view! {
                        <table class="results">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("Mentve", "Saved")}</th>
                                    <th scope="col">{tr("Szerkesztő", "Editor")}</th>
                                    <th scope="col">{tr("Cím", "Title")}</th>
                                    <th scope="col"><span class="visually-hidden">{tr("Művelet", "Action")}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| view! {
                                        <tr>
                                            <td>{r.created_at}</td>
                                            <td>{r.created_by}</td>
                                            <td>{r.title}</td>
                                            <td>
                                                <ActionForm action=restore attr:class="inline-form">
                                                    <input type="hidden" name="revision" value=r.id.to_string() />
                                                    <button type="submit" class="button button--link">
                                                        {tr("Visszaállítás", "Restore")}
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </Suspense>
        })}
    }
}

/// The item's file or image, and the upload form: a plain multipart form (no JavaScript
/// needed) that returns to this page with `?feltoltve=1` or `?hiba=…`.
#[component]
fn Attachments(detail: ItemDetail) -> impl IntoView {
    let query = use_query_map();
    let is_document = detail.form.kind == ItemKind::Document.code();
    let outcome = move || {
        query.with(|q| {
            if q.get("feltoltve").is_some() {
                Some(view! {
                    <div class="success-notice" role="status">{tr("Feltöltve.", "Uploaded.")}</div>
                }
                .into_any())
            } else {
                q.get("hiba").map(|code| {
                    let message = match code.as_str() {
                        "meret" => tr("A fájl túl nagy (dokumentum legfeljebb 20 MB, kép legfeljebb 10 MB).", "The file is too large (documents 20 MB, images 10 MB at most)."),
                        "alt" => tr("A képhez adjon meg helyettesítő szöveget.", "Give the image an alternative text."),
                        _ => tr("Ez a fájltípus nem tölthető fel ide (PDF, DOCX, XLSX, ODT, JPEG, PNG vagy WebP).", "This type of file cannot be uploaded here (PDF, DOCX, XLSX, ODT, JPEG, PNG or WebP)."),
                    };
                    view! {
                        <div class="error-summary" role="alert">
                            <h3 class="error-summary__title">{tr("Hiba történt", "There is a problem")}</h3>
                            <p>{message}</p>
                        </div>
                    }
                    .into_any()
                })
            }
        })
    };
    view! {
        <h2>{if is_document { tr("Fájl és kép", "File and image") } else { tr("Kép", "Image") }}</h2>
        {outcome}
        {detail.file_name.map(|name| view! { <p>{tr("Csatolt fájl: ", "Attached file: ")}<strong>{name}</strong></p> })}
        {detail.image_alt.map(|alt| view! { <p>{tr("Kép: ", "Image: ")}<strong>{alt}</strong></p> })}
        <form
            method="post"
            enctype="multipart/form-data"
            action=format!("/ugyintezo/honlap/{}/fajl", detail.form.id)
            class="stack"
        >
            <div class="field">
                <label for="file">
                    {if is_document {
                        tr("Fájl (PDF, DOCX, XLSX, ODT) vagy kép (JPEG, PNG, WebP)", "File (PDF, DOCX, XLSX, ODT) or image (JPEG, PNG, WebP)")
                    } else {
                        tr("Kép (JPEG, PNG, WebP; legfeljebb 10 MB)", "Image (JPEG, PNG, WebP; 10 MB at most)")
                    }}
                </label>
                <input id="file" name="file" type="file" required=true />
            </div>
            <div class="field">
                <label for="alt">{tr("A kép helyettesítő szövege (képnél kötelező)", "The image's alternative text (required for images)")}</label>
                <input id="alt" name="alt" type="text" />
            </div>
            <button type="submit" class="button button--secondary">{tr("Feltöltés", "Upload")}</button>
        </form>
    }
}

/// The site settings: name, contacts, office hours, colour (contrast-checked), host name.
#[component]
pub fn WebsiteSettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let save_done = action_successes(save);
    let remove_logo = ServerAction::<RemoveLogo>::new();
    let remove_logo_done = action_successes(remove_logo);
    let settings = Resource::new(
        move || (save_done.get(), remove_logo_done.get()),
        |_| get_settings(),
    );
    let error = action_error(save);
    let saved = action_succeeded(save);
    view! {
        <Title text=tr("Honlap – beállítások", "Website – settings") />
        <p>
            <a href="/ugyintezo/honlap">{tr("← Vissza a tartalmakhoz", "← Back to the content")}</a>
        </p>
        <h1>{tr("A honlap beállításai", "Website settings")}</h1>
        <ErrorSummary error />
        <SuccessNotice show=saved message=tr("Mentve.", "Saved.") />
        <Suspense fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(form) => view! {
                        <LogoSection path=form.logo_path.clone() alt=form.logo_alt.clone() remove=remove_logo />
                        <h2>{tr("Adatok", "Details")}</h2>
                        <ActionForm action=save attr:class="stack" attr:novalidate=true>
                            <Field id="site_name" name="form[site_name]" label=tr("A honlap neve", "Site name") value=form.site_name required=true error />
                            <Field id="tagline" name="form[tagline]" label=tr("Jelmondat", "Tagline") value=form.tagline error />
                            <Field
                                id="host_name"
                                name="form[host_name]"
                                label=tr("Saját webcím (nem kötelező)", "Own host name (optional)")
                                hint=tr("Például www.telepules.hu; a DNS-t a platformra kell irányítani.", "For example www.town.hu; its DNS must point to the platform.")
                                value=form.host_name
                                error
                            />
                            <Field
                                id="primary_color"
                                name="form[primary_color]"
                                label=tr("Fő szín", "Main colour")
                                hint=tr("#rrggbb alakban; fehér szöveggel legalább 4,5:1 kontraszt kell.", "As #rrggbb; white text on it needs at least 4.5:1 contrast.")
                                value=form.primary_color
                                error
                            />
                            <Field id="address" name="form[address]" label=tr("Cím", "Address") value=form.address error />
                            <Field id="phone" name="form[phone]" label=tr("Telefon", "Phone") input_type="tel" value=form.phone error />
                            <Field id="email" name="form[email]" label=tr("E-mail", "E-mail") input_type="email" value=form.email error />
                            <div class="field">
                                <label for="office_hours">{tr("Ügyfélfogadás", "Office hours")}</label>
                                <p class="field__hint" id="office_hours-hint">{tr("Soronként egy nap, például: Hétfő: 8:00–12:00", "One day a line, e.g. Monday: 8:00–12:00")}</p>
                                <textarea id="office_hours" name="form[office_hours]" rows="5" aria-describedby="office_hours-hint">{form.office_hours}</textarea>
                            </div>
                            <div class="field">
                                <label for="social_links">{tr("Közösségi és gyorslinkek", "Social and quick links")}</label>
                                <p class="field__hint" id="social_links-hint">{tr("Soronként: felirat | https://cím", "One a line: label | https://address")}</p>
                                <textarea id="social_links" name="form[social_links]" rows="3" aria-describedby="social_links-hint">{form.social_links}</textarea>
                            </div>
                            <Field id="accessibility_contact" name="form[accessibility_contact]" label=tr("Akadálymentességi kapcsolattartó e-mail", "Accessibility contact e-mail") value=form.accessibility_contact error />
                            <button type="submit" class="button" disabled=move || save.pending().get()>
                                {tr("Mentés", "Save")}
                            </button>
                        </ActionForm>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The site's main menu: order, one level of nesting, own labels, pages and external links.
/// Every change is a small form (works without JavaScript too).
#[component]
pub fn WebsiteMenuPage() -> impl IntoView {
    let move_entry = ServerAction::<MoveMenuEntry>::new();
    let move_entry_done = action_successes(move_entry);
    let rename = ServerAction::<RenameMenuEntry>::new();
    let rename_done = action_successes(rename);
    let add_page = ServerAction::<AddMenuPage>::new();
    let add_page_done = action_successes(add_page);
    let add_link = ServerAction::<AddMenuLink>::new();
    let add_link_done = action_successes(add_link);
    let remove = ServerAction::<RemoveMenuEntry>::new();
    let remove_done = action_successes(remove);
    let menu = Resource::new(
        move || {
            (
                move_entry_done.get(),
                rename_done.get(),
                add_page_done.get(),
                add_link_done.get(),
                remove_done.get(),
            )
        },
        |_| get_menu(),
    );
    let move_error = action_error(move_entry);
    let rename_error = action_error(rename);
    let page_error = action_error(add_page);
    let link_error = action_error(add_link);
    let remove_error = action_error(remove);
    let error = Signal::derive(move || {
        rename_error
            .get()
            .or_else(|| move_error.get())
            .or_else(|| page_error.get())
            .or_else(|| remove_error.get())
    });
    let saved = Signal::derive(move || {
        action_succeeded(move_entry).get()
            || action_succeeded(rename).get()
            || action_succeeded(add_page).get()
            || action_succeeded(add_link).get()
            || action_succeeded(remove).get()
    });
    view! {
        <Title text=tr("Honlap – menü", "Website – menu") />
        <p>
            <a href="/ugyintezo/honlap">{tr("← Vissza a tartalmakhoz", "← Back to the content")}</a>
        </p>
        <h1>{tr("A honlap menüje", "The website's menu")}</h1>
        <p>
            {tr(
                "A főmenüben a Kezdőlap, a Hírek, az Események és a Dokumentumok után ezek a menüpontok állnak, a végén a Kapcsolat. Egy menüpont alá további menüpontok sorolhatók (egy szint).",
                "In the main menu these entries follow Home, News, Events and Documents, with Contact last. Entries can be placed under a top-level entry (one level).",
            )}
        </p>
        <ErrorSummary error />
        <SuccessNotice show=saved message=tr("Mentve.", "Saved.") />
        <Suspense fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match menu.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(view) => {
                        let entries = view.entries.clone();
                        let tops: Vec<MenuEntryRow> = entries.iter().filter(|e| e.parent.is_none()).cloned().collect();
                        let top_count = tops.len();
                        let list = tops
                            .into_iter()
                            .enumerate()
                            .map(|(index, top)| {
                                let children: Vec<MenuEntryRow> = entries
                                    .iter()
                                    .filter(|e| e.parent == Some(top.id))
                                    .cloned()
                                    .collect();
                                let child_count = children.len();
                                let sub = (!children.is_empty()).then(|| {
                                    let items = children
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, child)| view! {
                                            <li class="menu-editor__entry">
                                                <MenuEntryControls
                                                    row=child
                                                    first=i == 0
                                                    last=i + 1 == child_count
                                                    can_nest=false
                                                    move_entry rename remove
                                                />
                                            </li>
                                        })
                                        .collect_view();
                                    view! { <ol class="menu-editor__children">{items}</ol> }
                                });
                                let can_nest = index > 0 && !top.has_children;
                                view! {
                                    <li class="menu-editor__entry">
                                        <MenuEntryControls
                                            row=top
                                            first=index == 0
                                            last=index + 1 == top_count
                                            can_nest
                                            move_entry rename remove
                                        />
                                        {sub}
                                    </li>
                                }
                            })
                            .collect_view();
                        let page_options = view
                            .pages
                            .iter()
                            .map(|p| view! { <option value=p.id.to_string()>{p.title.clone()}</option> })
                            .collect_view();
                        let has_pages = !view.pages.is_empty();
                        view! {
                            {if top_count == 0 {
                                view! { <p>{tr("A menü még üres.", "The menu is empty.")}</p> }.into_any()
                            } else {
                                view! { <ol class="menu-editor" aria-label=tr("Menüpontok", "Menu entries")>{list}</ol> }.into_any()
                            }}
                            {has_pages.then(|| view! {
                                <h2>{tr("Oldal hozzáadása", "Add a page")}</h2>
                                <ActionForm action=add_page attr:class="stack">
                                    <div class="field">
                                        <label for="menu-page">{tr("Oldal", "Page")}</label>
                                        <select id="menu-page" name="item">{page_options}</select>
                                    </div>
                                    <div class="field">
                                        <label for="menu-page-label">{tr("Saját felirat (nem kötelező)", "Own label (optional)")}</label>
                                        <input id="menu-page-label" name="label" type="text" maxlength="80" />
                                    </div>
                                    <button type="submit" class="button button--secondary">{tr("Hozzáadás a menühöz", "Add to the menu")}</button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
        <h2>{tr("Külső hivatkozás hozzáadása", "Add an external link")}</h2>
        <ErrorSummary error=link_error />
        <ActionForm action=add_link attr:class="stack" attr:novalidate=true>
            <Field id="label" name="label" label=tr("Felirat", "Label") required=true error=link_error />
            <Field
                id="url"
                name="url"
                label=tr("Webcím", "Address")
                hint=tr("https:// kezdetű teljes cím", "A full address beginning with https://")
                input_type="url"
                required=true
                error=link_error
            />
            <button type="submit" class="button button--secondary">{tr("Hozzáadás a menühöz", "Add to the menu")}</button>
        </ActionForm>
    }
}

/// One menu entry's forms: its label, moving it, and removing it. Every button names the
/// entry (for screen readers) besides its short visible text.
#[component]
fn MenuEntryControls(
    row: MenuEntryRow,
    first: bool,
    last: bool,
    can_nest: bool,
    move_entry: ServerAction<MoveMenuEntry>,
    rename: ServerAction<RenameMenuEntry>,
    remove: ServerAction<RemoveMenuEntry>,
) -> impl IntoView {
    let name = if row.label.is_empty() {
        row.target.clone()
    } else {
        row.label.clone()
    };
    let id = row.id.to_string();
    let input_id = format!("menu-label-{}", row.id);
    let kind = if row.url.is_some() {
        tr("külső hivatkozás", "external link")
    } else {
        tr("oldal", "page")
    };
    let is_child = row.parent.is_some();
    let button = move |how: &'static str, text: &'static str, name: String, id: String| {
        view! {
            <ActionForm action=move_entry attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="how" value=how />
                <button type="submit" class="button button--secondary button--small">
                    {text}<span class="visually-hidden">{format!(": {name}")}</span>
                </button>
            </ActionForm>
        }
    };
    let moves = (
        (!first).then(|| button("Up", tr("Fel", "Up"), name.clone(), id.clone())),
        (!last).then(|| button("Down", tr("Le", "Down"), name.clone(), id.clone())),
        can_nest.then(|| {
            button(
                "In",
                tr("Az előző alá", "Under the previous"),
                name.clone(),
                id.clone(),
            )
        }),
        is_child.then(|| {
            button(
                "Out",
                tr("Felső szintre", "To the top level"),
                name.clone(),
                id.clone(),
            )
        }),
    );
    let rename_name = format!(": {name}");
    let remove_name = format!(": {name}");
    let remove_id = id.clone();
    view! {
        <div class="menu-editor__row">
            <ActionForm action=rename attr:class="inline-form menu-editor__rename">
                <input type="hidden" name="id" value=id />
                <label for=input_id.clone()>
                    {format!("{} ({kind})", row.target)}
                </label>
                <input
                    id=input_id.clone()
                    name="label"
                    type="text"
                    maxlength="80"
                    value=row.label.clone()
                    placeholder=row.target.clone()
                />
                <button type="submit" class="button button--secondary button--small">
                    {tr("Átnevezés", "Rename")}<span class="visually-hidden">{rename_name}</span>
                </button>
            </ActionForm>
            <div class="menu-editor__moves">
                {moves}
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="id" value=remove_id />
                    <button type="submit" class="button button--link">
                        {tr("Törlés a menüből", "Remove from the menu")}<span class="visually-hidden">{remove_name}</span>
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}

/// The coat of arms (logo): the current one with its alternative text, a plain multipart
/// upload form (works without JavaScript; returns with `?feltoltve=1` or `?hiba=…`) and
/// removal.
#[component]
fn LogoSection(path: String, alt: String, remove: ServerAction<RemoveLogo>) -> impl IntoView {
    let query = use_query_map();
    let outcome = move || {
        query.with(|q| {
            if q.get("feltoltve").is_some() {
                Some(
                    view! { <div class="success-notice" role="status">{tr("A címer feltöltve.", "The coat of arms is uploaded.")}</div> }
                        .into_any(),
                )
            } else {
                q.get("hiba").map(|code| {
                    let message = match code.as_str() {
                        "meret" => tr("A kép túl nagy (legfeljebb 2 MB).", "The image is too large (2 MB at most)."),
                        "alt" => tr("Adja meg a címer helyettesítő szövegét.", "Give the coat of arms an alternative text."),
                        _ => tr("Csak JPEG, PNG vagy WebP kép tölthető fel.", "Only a JPEG, PNG or WebP image can be uploaded."),
                    };
                    view! {
                        <div class="error-summary" role="alert">
                            <h2 class="error-summary__title">{tr("Hiba történt", "There is a problem")}</h2>
                            <p>{message}</p>
                        </div>
                    }
                    .into_any()
                })
            }
        })
    };
    let has_logo = !path.is_empty();
    view! {
        <h2>{tr("Címer (logó)", "Coat of arms (logo)")}</h2>
        {outcome}
        {has_logo.then(|| view! {
            <p class="logo-preview">
                <img src=path.clone() alt=alt.clone() height="48" />
                {tr(" Helyettesítő szöveg: ", " Alternative text: ")}<strong>{alt.clone()}</strong>
            </p>
            <ActionForm action=remove attr:class="inline-form">
                <button type="submit" class="button button--secondary">{tr("A címer eltávolítása", "Remove the coat of arms")}</button>
            </ActionForm>
        })}
        <form method="post" enctype="multipart/form-data" action="/ugyintezo/honlap/beallitasok/cimer" class="stack">
            <div class="field">
                <label for="logo-file">{tr("Címer vagy logó (JPEG, PNG, WebP; legfeljebb 2 MB)", "Coat of arms or logo (JPEG, PNG, WebP; 2 MB at most)")}</label>
                <input id="logo-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" required=true />
            </div>
            <div class="field">
                <label for="logo-alt">{tr("Helyettesítő szöveg (kötelező), például: Csomád címere", "Alternative text (required), e.g. Csomád's coat of arms")}</label>
                <input id="logo-alt" name="alt" type="text" maxlength="200" required=true />
            </div>
            <button type="submit" class="button button--secondary">{tr("Címer feltöltése", "Upload the coat of arms")}</button>
        </form>
    }
}
