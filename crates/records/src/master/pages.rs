//! The master-data pages of records management (törzsadatok): each a list with a form above
//! it that creates an entry, or changes the one chosen with `?szerkesztes=<id>`. Only the
//! head of records sees the forms; records clerks see the lists.
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{
    MergePartners, SaveBook, SaveCategory, SavePartner, SaveRetentionItem, SaveUnit, SetUnitActive,
    UpdatePartner, list_books, list_categories, list_partners, list_retention, list_units,
    master_choices, template_example,
};
use super::types::{BookRow, CategoryRow, PartnerRow, RetentionRow, UnitRow};
use openasp_core::error::AppError;
use openasp_core::paging::Page;
use openasp_core::query::encode_query_value;
use openasp_framework::roles::Role;
use openasp_ui::components::{ErrorNotice, Pager};
use openasp_ui::forms::{
    ErrorSummary, Field, SelectField, SuccessNotice, action_error, action_succeeded, tr,
};
use openasp_ui::i18n::{Lang, use_lang};

pub const BASE: &str = "/ugyintezo/iratkezeles/torzsadatok";
const EDIT: &str = "szerkesztes";

/// The page number and the entry being edited, from the query.
fn page_and_edit() -> Memo<(u64, String)> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
                q.get(EDIT).unwrap_or_default(),
            )
        })
    })
}

/// Counts the successful submissions of `action`. Lists reload on these only, so a refused
/// form stays as typed (its error summary beside it) instead of being drawn anew.
fn successes<I, O>(action: ServerAction<I>) -> RwSignal<u32>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0);
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            count.update(|c| *c += 1);
        }
    });
    count
}

/// The list part of a master-data page: count, table and pager (rows may link with the
/// current page, unlike the shared `PagedTable`).
#[component]
fn MasterTable<T>(
    rows: Resource<Result<Page<T>, AppError>>,
    count_noun: &'static str,
    columns: Vec<&'static str>,
    row: Arc<dyn Fn(T, u64, bool) -> AnyView + Send + Sync>,
    href_for: Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    let user = openasp_framework::pages::use_signed_in_user();
    view! {
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {
                let columns = columns.clone();
                let row = row.clone();
                let href_for = href_for.clone();
                move || {
                    let columns = columns.clone();
                    let row = row.clone();
                    let href_for = href_for.clone();
                    Suspend::new(async move {
                        // Only the head of records is offered the rows' actions.
                        let is_head = match user {
                            Some(user) => user.await.ok().flatten().is_some_and(|u| u.has_role(Role::RecordsHead)),
                            None => false,
                        };
                        match rows.await {
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(page) => {
                                let page_count = page.page_count();
                                let current = page.page;
                                let head = columns
                                    .iter()
                                    .map(|c| view! { <th scope="col">{*c}</th> })
                                    .collect_view();
                                let body = page
                                    .items
                                    .into_iter()
                                    .map(|item| row(item, current, is_head))
                                    .collect_view();
                                view! {
                                    <p class="results-count" role="status">
                                        {format!("{} {count_noun}", page.total)}
                                    </p>
                                    <div class="table-scroll">
                                        <table class="results">
                                            <thead>
                                                <tr>{head}</tr>
                                            </thead>
                                            <tbody>{body}</tbody>
                                        </table>
                                    </div>
                                    <Pager page=current page_count href_for=move |p| href_for(p) />
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Transition>
    }
}

/// Renders `form` for the head of records; others learn why they see no form.
#[component]
fn HeadOnly(children: ChildrenFn) -> impl IntoView {
    let user = openasp_framework::pages::use_signed_in_user();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let head = match user {
                    Some(user) => user.await.ok().flatten().is_some_and(|u| u.has_role(Role::RecordsHead)),
                    None => false,
                };
                if head {
                    children.with_value(|c| c()).into_any()
                } else {
                    view! {
                        <p class="notice">
                            {tr(
                                "A törzsadatokat az iratkezelési vezető módosíthatja.",
                                "Only the head of records changes master data.",
                            )}
                        </p>
                    }
                        .into_any()
                }
            })}
        </Suspense>
    }
}

fn yes_no(active: bool) -> &'static str {
    if active {
        tr("Aktív", "Active")
    } else {
        tr("Inaktív", "Inactive")
    }
}

fn edit_link(page: u64, id: &str, name: &str) -> AnyView {
    edit_link_keeping(page, id, name, "")
}

/// An edit link that keeps the list's filter (`filter` is `key=value&…` or empty).
fn edit_link_keeping(page: u64, id: &str, name: &str, filter: &str) -> AnyView {
    let href = format!("?{filter}page={page}&{EDIT}={id}");
    view! {
        <a href=href>
            {tr("Módosítás", "Change")}
            <span class="visually-hidden">{format!(": {name}")}</span>
        </a>
    }
    .into_any()
}

fn active_options(active: bool) -> (Vec<(String, String)>, String) {
    (
        vec![
            ("true".to_owned(), tr("Aktív", "Active").to_owned()),
            ("false".to_owned(), tr("Inaktív", "Inactive").to_owned()),
        ],
        active.to_string(),
    )
}

// ---- The index ------------------------------------------------------------------------------

#[component]
pub fn MasterDataPage() -> impl IntoView {
    let entries = [
        (
            "egysegek",
            tr("Szervezeti egységek", "Organisational units"),
            tr(
                "Osztályok, irodák, amelyekre szignálnak.",
                "Departments that work is assigned to.",
            ),
        ),
        (
            "konyvek",
            tr("Iktató- és érkeztetőkönyvek", "Register and receipt books"),
            tr(
                "Évenkénti könyvek, előtag és iktatószám-formátum.",
                "Books per year, prefix and number format.",
            ),
        ),
        (
            "ugykorok",
            tr("Ügykörök", "Case categories"),
            tr(
                "Ügyintézési határidő, irattári tétel és felelős egység.",
                "Handling deadline, retention item and unit.",
            ),
        ),
        (
            "irattari-terv",
            tr("Irattári terv", "Retention plan"),
            tr(
                "Tételek, megőrzési idők, levéltárba adás.",
                "Items, retention periods, archive transfer.",
            ),
        ),
        (
            "partnerek",
            tr("Partnerek", "Partners"),
            tr(
                "Ügyfelek és szervezetek, ismétlődések összevonása.",
                "People and organisations, merging duplicates.",
            ),
        ),
    ];
    view! {
        <Title text=tr("Törzsadatok", "Master data") />
        <h1>{tr("Iratkezelési törzsadatok", "Records master data")}</h1>
        <ul class="tiles">
            {entries
                .into_iter()
                .map(|(path, title, note)| {
                    view! {
                        <li class="tile">
                            <h2 class="tile__title">
                                <a href=format!("{BASE}/{path}")>{title}</a>
                            </h2>
                            <p class="tile__note">{note}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

// ---- Organisational units -------------------------------------------------------------------

#[component]
pub fn UnitsPage() -> impl IntoView {
    let state = page_and_edit();
    let save = ServerAction::<SaveUnit>::new();
    let save_ok = successes(save);
    let toggle = ServerAction::<SetUnitActive>::new();
    let toggle_ok = successes(toggle);
    let rows = Resource::new(
        move || (state.get().0, save_ok.get(), toggle_ok.get()),
        |(page, _, _)| list_units(page),
    );
    let error = Signal::derive(move || action_error(save).get().or(action_error(toggle).get()));
    let saved = action_succeeded(save);
    view! {
        <Title text=tr("Szervezeti egységek", "Organisational units") />
        <p><a href=BASE>{tr("Törzsadatok", "Master data")}</a></p>
        <h1>{tr("Szervezeti egységek", "Organisational units")}</h1>
        <HeadOnly>
            <section aria-labelledby="unit-form-heading" class="narrow">
                <ErrorSummary error />
                <SuccessNotice show=saved message=tr("A szervezeti egység mentve.", "The unit was saved.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let current: Option<UnitRow> = rows
                            .await
                            .ok()
                            .and_then(|p| p.items.into_iter().find(|u| u.id == editing));
                        let heading = if current.is_some() {
                            tr("Szervezeti egység módosítása", "Change the unit")
                        } else {
                            tr("Új szervezeti egység", "New unit")
                        };
                        let unit = current.clone().unwrap_or(UnitRow {
                            id: String::new(),
                            name: String::new(),
                            code: None,
                            active: true,
                        });
                        view! {
                            <h2 id="unit-form-heading">{heading}</h2>
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <input type="hidden" name="id" value=unit.id.clone() />
                                <Field id="name" label=tr("Név", "Name") value=unit.name.clone() required=true error />
                                <Field
                                    id="code"
                                    label=tr("Kód (nem kötelező)", "Code (optional)")
                                    hint=tr("Rövid jel, például ÉP vagy ADO.", "A short mark, such as ÉP or ADO.")
                                    value=unit.code.clone().unwrap_or_default()
                                    error
                                />
                                <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                            </ActionForm>
                        }
                    })}
                </Transition>
            </section>
        </HeadOnly>
        <h2>{tr("Egységek", "Units")}</h2>
        <MasterTable
            rows
            count_noun=tr("egység", "units")
            columns=vec![tr("Név", "Name"), tr("Kód", "Code"), tr("Állapot", "Status"), tr("Teendő", "Actions")]
            row=Arc::new(move |u: UnitRow, page, head| {
                let next = (!u.active).to_string();
                let label = if u.active { tr("Inaktiválás", "Deactivate") } else { tr("Aktiválás", "Activate") };
                let hidden_name = format!(": {}", u.name);
                let actions = head.then(|| view! {
                    {edit_link(page, &u.id, &u.name)}
                    <ActionForm action=toggle attr:class="inline-form">
                        <input type="hidden" name="id" value=u.id.clone() />
                        <input type="hidden" name="active" value=next />
                        <button type="submit" class="button button--secondary">
                            {label}
                            <span class="visually-hidden">{hidden_name}</span>
                        </button>
                    </ActionForm>
                });
                view! {
                    <tr>
                        <th scope="row">{u.name.clone()}</th>
                        <td>{u.code.clone().unwrap_or_default()}</td>
                        <td>{yes_no(u.active)}</td>
                        <td>{actions}</td>
                    </tr>
                }
                .into_any()
            })
            href_for=Arc::new(|p| format!("{BASE}/egysegek?page={p}"))
        />
    }
}

// ---- Register and receipt books -------------------------------------------------------------

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "receipt" => tr("Érkeztetőkönyv", "Receipt book"),
        _ => tr("Iktatókönyv", "Register book"),
    }
}

#[component]
pub fn BooksPage() -> impl IntoView {
    let query = use_query_map();
    let state = page_and_edit();
    let next_year_of = Memo::new(move |_| query.with(|q| q.get("kovetkezo").unwrap_or_default()));
    let save = ServerAction::<SaveBook>::new();
    let save_ok = successes(save);
    let rows = Resource::new(
        move || (state.get().0, save_ok.get()),
        |(page, _)| list_books(String::new(), page),
    );
    // The live example: what is typed into the three fields that shape a number.
    let typed = RwSignal::new(None::<(String, String, String)>);
    let example = Resource::new(
        move || typed.get(),
        |typed| async move {
            match typed {
                Some((template, prefix, year)) => {
                    template_example(template, prefix, year).await.ok()
                }
                None => None,
            }
        },
    );
    // Another book chosen, or this one saved: the example starts from the form's own values.
    Effect::new(move |_| {
        state.track();
        next_year_of.track();
        save_ok.track();
        typed.set(None);
    });
    let error = action_error(save);
    let saved = action_succeeded(save);
    let lang = use_lang();
    view! {
        <Title text=tr("Iktató- és érkeztetőkönyvek", "Register and receipt books") />
        <p><a href=BASE>{tr("Törzsadatok", "Master data")}</a></p>
        <h1>{tr("Iktató- és érkeztetőkönyvek", "Register and receipt books")}</h1>
        <HeadOnly>
            <section aria-labelledby="book-form-heading" class="narrow">
                <ErrorSummary error />
                <SuccessNotice show=saved message=tr("A könyv mentve.", "The book was saved.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let next_of = next_year_of.get();
                        let items = rows.await.map(|p| p.items).unwrap_or_default();
                        let current = items.iter().find(|b| b.id == editing).cloned();
                        // "Next year's book": a new book like the chosen one, a year later.
                        let template_book = items.iter().find(|b| b.id == next_of).cloned();
                        let heading = if current.is_some() {
                            tr("Könyv módosítása", "Change the book")
                        } else {
                            tr("Új könyv", "New book")
                        };
                        let book = current.clone().or_else(|| template_book.map(|b| BookRow {
                            id: String::new(),
                            year: b.year + 1,
                            last_main: 0,
                            ..b
                        })).unwrap_or(BookRow {
                            id: String::new(),
                            kind: "register".into(),
                            year: 0,
                            name: String::new(),
                            prefix: String::new(),
                            template: "{prefix}/{main}-{sub}/{year}".into(),
                            last_main: 0,
                            example: String::new(),
                            closed: false,
                        });
                        let frozen = book.last_main > 0;
                        let year_text = if book.year > 0 { book.year.to_string() } else { String::new() };
                        let initial = (book.template.clone(), book.prefix.clone(), year_text.clone());
                        // Any change of the three fields asks for a fresh example.
                        let on_change = move |field: usize, value: String| {
                            let mut now = typed.get_untracked().unwrap_or_else(|| initial.clone());
                            match field {
                                0 => now.0 = value,
                                1 => now.1 = value,
                                _ => now.2 = value,
                            }
                            typed.set(Some(now));
                        };
                        let on_template = on_change.clone();
                        let on_prefix = on_change.clone();
                        let on_year = on_change;
                        let template_problem = move || error.get().and_then(|e| e.problem_for("template"));
                        let fixed_note = frozen.then(|| view! {
                            <p class="notice">
                                {tr(
                                    "Ebből a könyvből már adtak ki számot: az előtag és a formátum nem változtatható.",
                                    "This book has issued numbers: its prefix and template cannot change.",
                                )}
                            </p>
                        });
                        let kind_select = if current.is_some() {
                            view! {
                                <input type="hidden" name="kind" value=book.kind.clone() />
                                <input type="hidden" name="year" value=year_text.clone() />
                                <p>{format!("{} – {}", kind_name(&book.kind), book.year)}</p>
                            }.into_any()
                        } else {
                            view! {
                                <SelectField
                                    id="kind"
                                    label=tr("Fajta", "Kind")
                                    options=vec![
                                        ("register".to_owned(), tr("Iktatókönyv", "Register book").to_owned()),
                                        ("receipt".to_owned(), tr("Érkeztetőkönyv", "Receipt book").to_owned()),
                                    ]
                                    selected=book.kind.clone()
                                    error
                                />
                                <div class="field" class:field--error=move || error.get().and_then(|e| e.problem_for("year")).is_some()>
                                    <label for="year">{tr("Év", "Year")}</label>
                                    <p class="field__hint" id="year-hint">{tr("A főszámok minden évben 1-től indulnak.", "Main numbers restart at 1 every year.")}</p>
                                    {move || error.get().and_then(|e| e.problem_for("year")).map(|p| view! {
                                        <p class="field__error" id="year-error">{p.message(lang)}</p>
                                    })}
                                    <input
                                        id="year"
                                        name="year"
                                        type="text"
                                        inputmode="numeric"
                                        value=year_text.clone()
                                        aria-describedby="year-hint"
                                        on:input=move |ev| on_year(2, event_target_value(&ev))
                                    />
                                </div>
                            }.into_any()
                        };
                        view! {
                            <h2 id="book-form-heading">{heading}</h2>
                            {fixed_note}
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <input type="hidden" name="id" value=book.id.clone() />
                                {kind_select}
                                <Field id="name" label=tr("Megnevezés", "Name") value=book.name.clone() required=true error />
                                <div class="field" class:field--error=move || error.get().and_then(|e| e.problem_for("prefix")).is_some()>
                                    <label for="prefix">{tr("Előtag (nem kötelező)", "Prefix (optional)")}</label>
                                    <p class="field__hint" id="prefix-hint">{tr("Például ÉP; szóköz és kapcsos zárójel nélkül.", "For example ÉP; no spaces or braces.")}</p>
                                    {move || error.get().and_then(|e| e.problem_for("prefix")).map(|p| view! {
                                        <p class="field__error" id="prefix-error">{p.message(lang)}</p>
                                    })}
                                    <input
                                        id="prefix"
                                        name="prefix"
                                        type="text"
                                        value=book.prefix.clone()
                                        readonly=frozen
                                        aria-describedby="prefix-hint"
                                        on:input=move |ev| on_prefix(1, event_target_value(&ev))
                                    />
                                </div>
                                <div class="field" class:field--error=move || template_problem().is_some()>
                                    <label for="template">{tr("Iktatószám-formátum", "Registry-number template")}</label>
                                    <p class="field__hint" id="template-hint">
                                        {tr(
                                            "Helyőrzők: {prefix} előtag, {main} főszám, {sub} alszám, {year} év. Például {prefix}/{main}-{sub}/{year}.",
                                            "Placeholders: {prefix}, {main} main number, {sub} sub-number, {year}. E.g. {prefix}/{main}-{sub}/{year}.",
                                        )}
                                    </p>
                                    {move || template_problem().map(|p| view! {
                                        <p class="field__error" id="template-error">{p.message(lang)}</p>
                                    })}
                                    <input
                                        id="template"
                                        name="template"
                                        type="text"
                                        value=book.template.clone()
                                        readonly=frozen
                                        aria-describedby="template-hint template-example"
                                        on:input=move |ev| on_template(0, event_target_value(&ev))
                                    />
                                    <p id="template-example" class="template-example" aria-live="polite">
                                        {move || {
                                            let live = example.get().flatten();
                                            match live {
                                                Some(e) => match (e.example, lang) {
                                                    (Some(number), _) => format!("{} {number}", tr("Példa:", "Example:")),
                                                    (None, Lang::Hu) => e.problem_hu.unwrap_or_default(),
                                                    (None, Lang::En) => e.problem_en.unwrap_or_default(),
                                                },
                                                None if !book.example.is_empty() => format!("{} {}", tr("A következő szám:", "Next number:"), book.example),
                                                None => String::new(),
                                            }
                                        }}
                                    </p>
                                </div>
                                <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                            </ActionForm>
                        }
                    })}
                </Transition>
            </section>
        </HeadOnly>
        <h2>{tr("Könyvek", "Books")}</h2>
        <MasterTable
            rows
            count_noun=tr("könyv", "books")
            columns=vec![
                tr("Megnevezés", "Name"),
                tr("Fajta", "Kind"),
                tr("Év", "Year"),
                tr("Következő szám", "Next number"),
                tr("Kiadott főszámok", "Main numbers issued"),
                tr("Teendő", "Actions"),
            ]
            row=Arc::new(move |b: BookRow, page, head| {
                let next_href = format!("?page={page}&kovetkezo={}", b.id);
                let hidden_name = format!(": {}", b.name);
                let actions = head.then(|| view! {
                    {edit_link(page, &b.id, &b.name)}
                    " "
                    <a href=next_href>
                        {tr("Következő évi könyv", "Next year's book")}
                        <span class="visually-hidden">{hidden_name}</span>
                    </a>
                });
                view! {
                    <tr>
                        <th scope="row">{b.name.clone()}</th>
                        <td>{kind_name(&b.kind)}</td>
                        <td>{b.year}</td>
                        <td><span class="registry-number">{b.example.clone()}</span></td>
                        <td class="numeric">{b.last_main}</td>
                        <td>{actions}</td>
                    </tr>
                }
                .into_any()
            })
            href_for=Arc::new(|p| format!("{BASE}/konyvek?page={p}"))
        />
    }
}

// ---- Case categories ------------------------------------------------------------------------

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let state = page_and_edit();
    let save = ServerAction::<SaveCategory>::new();
    let save_ok = successes(save);
    let rows = Resource::new(
        move || (state.get().0, save_ok.get()),
        |(page, _)| list_categories(page),
    );
    let choices = Resource::new(|| (), |_| master_choices());
    let error = action_error(save);
    let saved = action_succeeded(save);
    view! {
        <Title text=tr("Ügykörök", "Case categories") />
        <p><a href=BASE>{tr("Törzsadatok", "Master data")}</a></p>
        <h1>{tr("Ügykörök", "Case categories")}</h1>
        <HeadOnly>
            <section aria-labelledby="category-form-heading" class="narrow">
                <ErrorSummary error />
                <SuccessNotice show=saved message=tr("Az ügykör mentve.", "The case category was saved.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let current: Option<CategoryRow> = rows
                            .await
                            .ok()
                            .and_then(|p| p.items.into_iter().find(|c| c.id == editing));
                        let choices = choices.await.ok();
                        let heading = if current.is_some() {
                            tr("Ügykör módosítása", "Change the case category")
                        } else {
                            tr("Új ügykör", "New case category")
                        };
                        let c = current.clone().unwrap_or(CategoryRow {
                            id: String::new(),
                            code: String::new(),
                            name: String::new(),
                            deadline_days: 30,
                            retention_item_id: None,
                            retention_item: None,
                            unit_id: None,
                            unit: None,
                            active: true,
                        });
                        let none = (String::new(), tr("– nincs megadva –", "– none –").to_owned());
                        let mut retention = vec![none.clone()];
                        let mut units = vec![none];
                        if let Some(choices) = choices {
                            retention.extend(choices.retention_items.into_iter().map(|c| (c.id, c.label)));
                            units.extend(choices.units.into_iter().map(|c| (c.id, c.label)));
                        }
                        let (active_choices, active_selected) = active_options(c.active);
                        view! {
                            <h2 id="category-form-heading">{heading}</h2>
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <input type="hidden" name="id" value=c.id.clone() />
                                <Field id="code" label=tr("Kód", "Code") hint=tr("Például ÉP-01.", "For example ÉP-01.") value=c.code.clone() required=true error />
                                <Field id="name" label=tr("Megnevezés", "Name") value=c.name.clone() required=true error />
                                <Field
                                    id="deadline_days"
                                    label=tr("Ügyintézési határidő (nap)", "Handling deadline (days)")
                                    hint=tr("1 és 365 között; a szignáláskor ez az alapértelmezés.", "Between 1 and 365; the default when assigning.")
                                    value=c.deadline_days.to_string()
                                    error
                                />
                                <SelectField
                                    id="retention_item"
                                    label=tr("Irattári tétel", "Retention item")
                                    options=retention
                                    selected=c.retention_item_id.clone().unwrap_or_default()
                                    error
                                />
                                <SelectField
                                    id="unit"
                                    label=tr("Felelős szervezeti egység", "Responsible unit")
                                    options=units
                                    selected=c.unit_id.clone().unwrap_or_default()
                                    error
                                />
                                <SelectField id="active" label=tr("Állapot", "Status") options=active_choices selected=active_selected error />
                                <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                            </ActionForm>
                        }
                    })}
                </Transition>
            </section>
        </HeadOnly>
        <h2>{tr("Ügykörök listája", "Case categories")}</h2>
        <MasterTable
            rows
            count_noun=tr("ügykör", "case categories")
            columns=vec![
                tr("Kód", "Code"),
                tr("Megnevezés", "Name"),
                tr("Határidő (nap)", "Deadline (days)"),
                tr("Irattári tétel", "Retention item"),
                tr("Egység", "Unit"),
                tr("Állapot", "Status"),
                tr("Teendő", "Actions"),
            ]
            row=Arc::new(move |c: CategoryRow, page, head| {
                view! {
                    <tr>
                        <th scope="row">{c.code.clone()}</th>
                        <td>{c.name.clone()}</td>
                        <td class="numeric">{c.deadline_days}</td>
                        <td>{c.retention_item.clone().unwrap_or_default()}</td>
                        <td>{c.unit.clone().unwrap_or_default()}</td>
                        <td>{yes_no(c.active)}</td>
                        <td>{head.then(|| edit_link(page, &c.id, &c.name))}</td>
                    </tr>
                }
                .into_any()
            })
            href_for=Arc::new(|p| format!("{BASE}/ugykorok?page={p}"))
        />
    }
}

// ---- The retention plan ---------------------------------------------------------------------

#[component]
pub fn RetentionPlanPage() -> impl IntoView {
    let query = use_query_map();
    let state = page_and_edit();
    let q = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let save = ServerAction::<SaveRetentionItem>::new();
    let save_ok = successes(save);
    let rows = Resource::new(
        move || (q.get(), state.get().0, save_ok.get()),
        |(q, page, _)| list_retention(q, page),
    );
    let error = action_error(save);
    let saved = action_succeeded(save);
    let lang = use_lang();
    let initial_q = q.get_untracked();
    view! {
        <Title text=tr("Irattári terv", "Retention plan") />
        <p><a href=BASE>{tr("Törzsadatok", "Master data")}</a></p>
        <h1>{tr("Irattári terv", "Retention plan")}</h1>
        <p>
            {tr(
                "Az önkormányzati hivatalok egységes irattári terve (78/2012. (XII. 28.) BM rendelet) alapján; minden tétel módosítható.",
                "Based on the single retention plan of municipal offices (78/2012. (XII. 28.) BM decree); every item can be changed.",
            )}
        </p>
        <HeadOnly>
            <section aria-labelledby="retention-form-heading" class="narrow">
                <ErrorSummary error />
                <SuccessNotice show=saved message=tr("Az irattári tétel mentve.", "The retention item was saved.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let current: Option<RetentionRow> = rows
                            .await
                            .ok()
                            .and_then(|p| p.items.into_iter().find(|r| r.id == editing));
                        let heading = if current.is_some() {
                            tr("Irattári tétel módosítása", "Change the retention item")
                        } else {
                            tr("Új irattári tétel", "New retention item")
                        };
                        let r = current.clone().unwrap_or(RetentionRow {
                            id: String::new(),
                            code: String::new(),
                            title: String::new(),
                            retention_years: None,
                            not_disposable: false,
                            archive_transfer_years: None,
                            active: true,
                        });
                        let (active_choices, active_selected) = active_options(r.active);
                        let years_problem = move || error.get().and_then(|e| e.problem_for("retention_years"));
                        view! {
                            <h2 id="retention-form-heading">{heading}</h2>
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <input type="hidden" name="id" value=r.id.clone() />
                                <Field id="code" label=tr("Tételszám", "Item code") hint=tr("Például V/3.", "For example V/3.") value=r.code.clone() required=true error />
                                <Field id="title" label=tr("Tárgy", "Title") value=r.title.clone() required=true error />
                                <fieldset class="field" class:field--error=move || years_problem().is_some()>
                                    <legend>{tr("Selejtezhetőség", "Disposal")}</legend>
                                    <div>
                                        <input type="radio" id="disposable" name="not_disposable" value="false" checked=!r.not_disposable />
                                        <label for="disposable">{tr("Selejtezhető a megőrzési idő után", "Disposable after the retention period")}</label>
                                    </div>
                                    <div>
                                        <input type="radio" id="not_disposable" name="not_disposable" value="true" checked=r.not_disposable />
                                        <label for="not_disposable">{tr("Nem selejtezhető (NS)", "Not disposable")}</label>
                                    </div>
                                </fieldset>
                                <div class="field" class:field--error=move || years_problem().is_some()>
                                    <label for="retention_years">{tr("Megőrzési idő (év)", "Retention period (years)")}</label>
                                    <p class="field__hint" id="retention_years-hint">
                                        {tr("Selejtezhető tételnél 1–200; nem selejtezhetőnél üresen hagyandó.", "1–200 for disposable items; leave empty when not disposable.")}
                                    </p>
                                    {move || years_problem().map(|p| view! {
                                        <p class="field__error" id="retention_years-error">{p.message(lang)}</p>
                                    })}
                                    <input
                                        id="retention_years"
                                        name="retention_years"
                                        type="text"
                                        inputmode="numeric"
                                        value=r.retention_years.map(|y| y.to_string()).unwrap_or_default()
                                        aria-describedby="retention_years-hint"
                                    />
                                </div>
                                <Field
                                    id="archive_transfer_years"
                                    label=tr("Levéltárba adás (év, nem kötelező)", "Transfer to the archives (years, optional)")
                                    hint=tr("Hány év múlva kerül a levéltárba; általában 15.", "After how many years the files go to the archives; usually 15.")
                                    value=r.archive_transfer_years.map(|y| y.to_string()).unwrap_or_default()
                                    error
                                />
                                <SelectField id="active" label=tr("Állapot", "Status") options=active_choices selected=active_selected error />
                                <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                            </ActionForm>
                        }
                    })}
                </Transition>
            </section>
        </HeadOnly>
        <h2>{tr("Tételek", "Items")}</h2>
        <form method="get" action=format!("{BASE}/irattari-terv") class="search-form" role="search">
            <div class="field">
                <label for="q">{tr("Tételszám vagy tárgy", "Item code or title")}</label>
                <input id="q" name="q" type="search" value=initial_q />
            </div>
            <button type="submit" class="button">{tr("Keresés", "Search")}</button>
        </form>
        <MasterTable
            rows
            count_noun=tr("tétel", "items")
            columns=vec![
                tr("Tételszám", "Code"),
                tr("Tárgy", "Title"),
                tr("Megőrzés", "Retention"),
                tr("Levéltárba", "To the archives"),
                tr("Állapot", "Status"),
                tr("Teendő", "Actions"),
            ]
            row=Arc::new(move |r: RetentionRow, page, head| {
                let retention = match r.retention_years {
                    Some(years) => format!("{years} {}", tr("év", "years")),
                    None => tr("nem selejtezhető", "not disposable").to_owned(),
                };
                let transfer = r
                    .archive_transfer_years
                    .map(|y| format!("{y} {}", tr("év után", "years")))
                    .unwrap_or_default();
                view! {
                    <tr>
                        <th scope="row">{r.code.clone()}</th>
                        <td>{r.title.clone()}</td>
                        <td>{retention}</td>
                        <td>{transfer}</td>
                        <td>{yes_no(r.active)}</td>
                        <td>
                            {head
                                .then(|| {
                                    let filter = format!("q={}&", encode_query_value(&q.get_untracked()));
                                    edit_link_keeping(page, &r.id, &r.code, &filter)
                                })}
                        </td>
                    </tr>
                }
                .into_any()
            })
            href_for=Arc::new(move |p| {
                format!("{BASE}/irattari-terv?q={}&page={p}", encode_query_value(&q.get_untracked()))
            })
        />
    }
}

// ---- Partners -------------------------------------------------------------------------------

#[component]
pub fn PartnersPage() -> impl IntoView {
    let query = use_query_map();
    let state = page_and_edit();
    let q = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let save = ServerAction::<SavePartner>::new();
    let save_ok = successes(save);
    let merge = ServerAction::<MergePartners>::new();
    let merge_ok = successes(merge);
    let update = ServerAction::<UpdatePartner>::new();
    let update_ok = successes(update);
    let rows = Resource::new(
        move || {
            (
                q.get(),
                state.get().0,
                save_ok.get(),
                merge_ok.get(),
                update_ok.get(),
            )
        },
        |(q, page, _, _, _)| list_partners(q, page),
    );
    let error = action_error(save);
    let update_error = action_error(update);
    let updated = action_succeeded(update);
    let merge_error = action_error(merge);
    let merged = action_succeeded(merge);
    let initial_q = q.get_untracked();
    view! {
        <Title text=tr("Partnerek", "Partners") />
        <p><a href=BASE>{tr("Törzsadatok", "Master data")}</a></p>
        <h1>{tr("Partnerek", "Partners")}</h1>
        <section aria-labelledby="partner-form-heading" class="narrow">
            <h2 id="partner-form-heading">{tr("Új partner", "New partner")}</h2>
            <ErrorSummary error />
            {move || {
                save.value().get().and_then(|r| r.ok()).map(|saved| {
                    let message = if saved.existing {
                        tr("Ez a partner már szerepel a nyilvántartásban, nem jött létre új: ", "This partner is already registered; nothing new was created: ")
                    } else {
                        tr("A partner létrejött: ", "The partner was created: ")
                    };
                    view! {
                        <div class="success-notice" role="status">
                            {message}
                            <strong>{saved.name}</strong>
                        </div>
                    }
                })
            }}
            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                <SelectField
                    id="kind"
                    label=tr("Fajta", "Kind")
                    options=vec![
                        ("person".to_owned(), tr("Természetes személy", "Natural person").to_owned()),
                        ("organisation".to_owned(), tr("Szervezet", "Organisation").to_owned()),
                    ]
                    error
                />
                <Field id="name" label=tr("Név", "Name") autocomplete="off" required=true error />
                <Field
                    id="birth_date"
                    label=tr("Születési dátum (személynél, nem kötelező)", "Date of birth (persons, optional)")
                    hint=tr("ÉÉÉÉ-HH-NN, például 1980-04-23.", "YYYY-MM-DD, for example 1980-04-23.")
                    error
                />
                <Field
                    id="tax_number"
                    label=tr("Adószám (szervezetnél, nem kötelező)", "Tax number (organisations, optional)")
                    hint=tr("Például 12345678-2-13.", "For example 12345678-2-13.")
                    error
                />
                <Field id="postal_code" label=tr("Irányítószám", "Postal code") hint=tr("4 számjegy.", "4 digits.") autocomplete="off" error />
                <Field id="city" label=tr("Település", "City") autocomplete="off" error />
                <Field id="street_address" label=tr("Utca, házszám", "Street address") autocomplete="off" error />
                <Field id="email" label=tr("E-mail-cím (nem kötelező)", "E-mail (optional)") input_type="email" autocomplete="off" error />
                <Field id="phone" label=tr("Telefonszám (nem kötelező)", "Phone (optional)") input_type="tel" autocomplete="off" error />
                <button type="submit" class="button">{tr("Partner felvétele", "Add the partner")}</button>
            </ActionForm>
        </section>
        <h2>{tr("Partnerek listája", "Partners")}</h2>
        <form method="get" action=format!("{BASE}/partnerek") class="search-form" role="search">
            <div class="field">
                <label for="q">{tr("Név", "Name")}</label>
                <input id="q" name="q" type="search" value=initial_q />
            </div>
            <button type="submit" class="button">{tr("Keresés", "Search")}</button>
        </form>
        <HeadOnly>
            <section aria-labelledby="partner-edit-heading" class="narrow">
                <ErrorSummary error=update_error />
                <SuccessNotice show=updated message=tr("A partner adatai mentve.", "The partner was saved.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let current: Option<PartnerRow> = rows
                            .await
                            .ok()
                            .and_then(|p| p.items.into_iter().find(|p| p.id == editing));
                        current.map(|p| {
                            let person = p.kind != "organisation";
                            view! {
                                <h2 id="partner-edit-heading">{tr("Partner módosítása", "Change the partner")}</h2>
                                <ActionForm action=update attr:class="stack" attr:novalidate=true>
                                    <input type="hidden" name="id" value=p.id.clone() />
                                    <Field id="name" label=tr("Név", "Name") autocomplete="off" value=p.name.clone() required=true error=update_error />
                                    {if person {
                                        view! {
                                            <Field
                                                id="birth_date"
                                                label=tr("Születési dátum (nem kötelező)", "Date of birth (optional)")
                                                hint=tr("ÉÉÉÉ-HH-NN, például 1980-04-23.", "YYYY-MM-DD, for example 1980-04-23.")
                                                value=p.birth_date.clone().unwrap_or_default()
                                                error=update_error
                                            />
                                            <input type="hidden" name="tax_number" value="" />
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <input type="hidden" name="birth_date" value="" />
                                            <Field
                                                id="tax_number"
                                                label=tr("Adószám (nem kötelező)", "Tax number (optional)")
                                                hint=tr("Például 12345678-2-13.", "For example 12345678-2-13.")
                                                value=p.tax_number.clone().unwrap_or_default()
                                                error=update_error
                                            />
                                        }
                                            .into_any()
                                    }}
                                    <Field id="postal_code" label=tr("Irányítószám", "Postal code") hint=tr("4 számjegy.", "4 digits.") autocomplete="off" value=p.postal_code.clone().unwrap_or_default() error=update_error />
                                    <Field id="city" label=tr("Település", "City") autocomplete="off" value=p.city.clone().unwrap_or_default() error=update_error />
                                    <Field id="street_address" label=tr("Utca, házszám", "Street address") autocomplete="off" value=p.street_address.clone().unwrap_or_default() error=update_error />
                                    <Field id="email" label=tr("E-mail-cím (nem kötelező)", "E-mail (optional)") input_type="email" autocomplete="off" value=p.email.clone().unwrap_or_default() error=update_error />
                                    <Field id="phone" label=tr("Telefonszám (nem kötelező)", "Phone (optional)") input_type="tel" autocomplete="off" value=p.phone.clone().unwrap_or_default() error=update_error />
                                    <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                                </ActionForm>
                            }
                        })
                    })}
                </Transition>
            </section>
            <section aria-labelledby="merge-heading" class="narrow">
                <h2 id="merge-heading">{tr("Ismétlődő partnerek összevonása", "Merge duplicate partners")}</h2>
                <ErrorSummary error=merge_error />
                <SuccessNotice show=merged message=tr("A partnerek összevonva.", "The partners were merged.") />
                <Transition>
                    {move || Suspend::new(async move {
                        let editing = state.get().1;
                        let items = rows.await.map(|p| p.items).unwrap_or_default();
                        let options = |first: Option<&str>| {
                            items
                                .iter()
                                .map(|p| {
                                    let label = format!(
                                        "{} ({} {})",
                                        p.name,
                                        p.postal_code.clone().unwrap_or_default(),
                                        p.street_address.clone().unwrap_or_default()
                                    );
                                    (p.id.clone(), label)
                                })
                                .filter(|(id, _)| first.is_none_or(|f| f != id))
                                .collect::<Vec<_>>()
                        };
                        let duplicates = options(None);
                        let targets = options(Some(editing.as_str()));
                        view! {
                            <ActionForm action=merge attr:class="stack" attr:novalidate=true>
                                <SelectField
                                    id="duplicate"
                                    label=tr("Az ismétlődő partner (megszűnik)", "The duplicate (goes away)")
                                    options=duplicates
                                    selected=editing.clone()
                                    error=merge_error
                                />
                                <SelectField
                                    id="into"
                                    label=tr("Akibe összevonjuk (megmarad)", "Merge into (stays)")
                                    options=targets
                                    error=merge_error
                                />
                                <button type="submit" class="button button--warning">{tr("Összevonás", "Merge")}</button>
                            </ActionForm>
                        }
                    })}
                </Transition>
            </section>
        </HeadOnly>
        <MasterTable
            rows
            count_noun=tr("partner", "partners")
            columns=vec![
                tr("Név", "Name"),
                tr("Fajta", "Kind"),
                tr("Cím", "Address"),
                tr("Adószám / születési dátum", "Tax number / date of birth"),
                tr("Teendő", "Actions"),
            ]
            row=Arc::new(move |p: PartnerRow, page, head| {
                let filter = format!("q={}&", encode_query_value(&q.get_untracked()));
                let actions = head.then(|| edit_link_keeping(page, &p.id, &p.name, &filter));
                let kind = if p.kind == "organisation" { tr("Szervezet", "Organisation") } else { tr("Személy", "Person") };
                let address = [p.postal_code.clone(), p.city.clone(), p.street_address.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                view! {
                    <tr>
                        <th scope="row">{p.name.clone()}</th>
                        <td>{kind}</td>
                        <td>{address}</td>
                        <td>{p.tax_number.clone().or(p.birth_date.clone()).unwrap_or_default()}</td>
                        <td>{actions}</td>
                    </tr>
                }
                .into_any()
            })
            href_for=Arc::new(move |p| {
                format!("{BASE}/partnerek?q={}&page={p}", encode_query_value(&q.get_untracked()))
            })
        />
    }
}
