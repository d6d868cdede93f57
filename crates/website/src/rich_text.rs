//! The editors' rich-text field: a formatting toolbar over an editable area, built in the
//! browser on top of a plain HTML textarea.
//!
//! Without WASM the textarea is the field (editors type HTML). With WASM the textarea hides
//! behind the editable area and receives its HTML on every change, so the form posts exactly
//! as before; an "HTML" button shows the textarea again for the source. The server's
//! allow-list (`sanitize`) stays the only judge of what is stored: nothing here is trusted.
use leptos::prelude::*;

use openasp_core::html::escape_html;
use openasp_ui::forms::tr;

/// What the editor puts in an empty area so that the first line typed is a paragraph.
const EMPTY_AREA: &str = "<p><br></p>";

/// The schemes a link may use: the same as the server's allow-list; relative links stay.
const LINK_SCHEMES: &[&str] = &["http://", "https://", "mailto:", "tel:"];

/// Why a link target or an image address is refused before it is inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetProblem {
    Empty,
    Scheme,
}

impl TargetProblem {
    fn message(self) -> &'static str {
        match self {
            Self::Empty => tr("Adja meg a címet.", "Enter the address."),
            Self::Scheme => tr(
                "A cím http://, https://, mailto: vagy tel: kezdetű legyen, vagy a honlapon belül / jellel kezdődjön.",
                "The address must start with http://, https://, mailto: or tel:, or with / within the site.",
            ),
        }
    }
}

/// A link target the server would keep: an allowed scheme or a path within the site.
pub fn check_link_target(target: &str) -> Result<String, TargetProblem> {
    // Browsers skip tabs, newlines and control characters inside URLs (`java\tscript:`), so
    // the check does too.
    let target: String = target.trim().chars().filter(|c| !c.is_control()).collect();
    if target.is_empty() {
        return Err(TargetProblem::Empty);
    }
    let lower = target.to_ascii_lowercase();
    // `//host` and `/\host` lead to another site, whatever they look like.
    let within_site =
        target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\");
    if within_site || LINK_SCHEMES.iter().any(|s| lower.starts_with(s)) {
        Ok(target)
    } else if lower.starts_with("www.") && !lower.contains(':') {
        // "www.example.hu" typed without a scheme: what the editor meant is the web address.
        Ok(format!("https://{target}"))
    } else {
        Err(TargetProblem::Scheme)
    }
}

/// An image address the server would keep: http(s) or a path within the site.
pub fn check_image_source(source: &str) -> Result<String, TargetProblem> {
    match check_link_target(source)? {
        ok if ok.starts_with('/') || ok.to_ascii_lowercase().starts_with("http") => Ok(ok),
        _ => Err(TargetProblem::Scheme),
    }
}

/// The HTML inserted for an image (its alternative text is required).
pub fn image_html(source: &str, alt: &str) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape_html(source),
        escape_html(alt.trim())
    )
}

/// The area's HTML as the form posts it: an area left empty posts nothing.
pub fn posted_html(area_html: &str) -> String {
    let trimmed = area_html.trim();
    if trimmed.is_empty() || trimmed == EMPTY_AREA || trimmed == "<br>" || trimmed == "<p></p>" {
        String::new()
    } else {
        area_html.to_owned()
    }
}

/// Which small form is open under the toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Closed,
    Link,
    Image,
}

/// The rich-text field. `id`/`name` are the textarea's (the label's `for` points at it);
/// `labelled_by` and `described_by` name the label and hint, which the editable area shares.
#[component]
pub fn RichTextEditor(
    id: &'static str,
    name: &'static str,
    value: String,
    labelled_by: &'static str,
    described_by: &'static str,
    /// Whether the server refused the field: its error (`{id}-error`) then describes it too.
    #[prop(into, optional)]
    invalid: Signal<bool>,
    #[prop(default = 14)] rows: u32,
) -> impl IntoView {
    let describe = move || {
        if invalid.get() {
            format!("{described_by} {id}-error")
        } else {
            described_by.to_owned()
        }
    };
    let enhanced = RwSignal::new(false);
    let source_mode = RwSignal::new(false);
    let panel = RwSignal::new(Panel::Closed);
    let link_problem = RwSignal::new(None::<TargetProblem>);
    let image_problem = RwSignal::new(None::<(&'static str, TargetProblem)>);
    let area = NodeRef::<leptos::html::Div>::new();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let link_input = NodeRef::<leptos::html::Input>::new();
    let image_src = NodeRef::<leptos::html::Input>::new();
    let image_alt = NodeRef::<leptos::html::Input>::new();
    let area_id = format!("{id}-editor");
    let toolbar_label = tr("Formázás", "Formatting");
    let initial_area = if value.trim().is_empty() {
        EMPTY_AREA.to_owned()
    } else {
        value.clone()
    };

    // After hydration only: the browser takes over the field.
    Effect::new(move |_| {
        dom::prepare();
        enhanced.set(true);
    });
    on_cleanup(dom::forget_selection);

    let sync = move || dom::copy_area_to_textarea(area, textarea);
    let run = move |command: &'static str, argument: Option<String>| {
        dom::run_command(area, command, argument.as_deref());
        sync();
    };
    // Buttons carry words, not symbols: the name a screen reader or voice control uses is the
    // one on the screen.
    let command_button =
        move |label: &'static str, command: &'static str, argument: Option<&'static str>| {
            view! {
                <button
                    type="button"
                    class="rich-text__button"
                    disabled=move || source_mode.get()
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| run(command, argument.map(str::to_owned))
                >
                    {label}
                </button>
            }
        };

    let open_panel = move |which: Panel| {
        dom::remember_selection(area);
        link_problem.set(None);
        image_problem.set(None);
        panel.set(which);
        let target = if which == Panel::Link {
            link_input
        } else {
            image_src
        };
        request_animation_frame(move || dom::focus_input(target));
    };
    let close_panel = move || {
        panel.set(Panel::Closed);
        dom::restore_selection(area);
    };
    let insert_link = move || {
        let typed = dom::input_value(link_input);
        match check_link_target(&typed) {
            Ok(target) => {
                close_panel();
                run("createLink", Some(target));
                dom::clear_input(link_input);
            }
            Err(problem) => {
                link_problem.set(Some(problem));
                dom::focus_input(link_input);
            }
        }
    };
    let insert_image = move || {
        let source = check_image_source(&dom::input_value(image_src));
        let alt = dom::input_value(image_alt);
        match source {
            Err(problem) => {
                image_problem.set(Some(("src", problem)));
                dom::focus_input(image_src);
            }
            Ok(_) if alt.trim().is_empty() => {
                image_problem.set(Some(("alt", TargetProblem::Empty)));
                dom::focus_input(image_alt);
            }
            Ok(source) => {
                close_panel();
                run("insertHTML", Some(image_html(&source, &alt)));
                dom::clear_input(image_src);
                dom::clear_input(image_alt);
            }
        }
    };
    // Enter in a panel's field inserts instead of submitting the whole item; Escape closes.
    let panel_keys = move |ev: leptos::ev::KeyboardEvent, insert: &dyn Fn()| match ev.key().as_str()
    {
        "Enter" => {
            ev.prevent_default();
            insert();
        }
        "Escape" => {
            ev.prevent_default();
            close_panel();
        }
        _ => {}
    };
    let toggle_source = move |_| {
        if source_mode.get_untracked() {
            dom::copy_textarea_to_area(textarea, area);
            sync();
            source_mode.set(false);
            request_animation_frame(move || dom::focus_area(area));
        } else {
            sync();
            dom::forget_selection();
            panel.set(Panel::Closed);
            source_mode.set(true);
            request_animation_frame(move || dom::focus_textarea(textarea));
        }
    };

    view! {
        <div class="rich-text">
            <div
                class="rich-text__toolbar"
                role="toolbar"
                aria-label=toolbar_label
                aria-controls=area_id.clone()
                hidden=move || !enhanced.get()
            >
                {command_button(tr("Bekezdés", "Paragraph"), "formatBlock", Some("p"))}
                {command_button(tr("Címsor", "Heading"), "formatBlock", Some("h2"))}
                {command_button(tr("Alcím", "Subheading"), "formatBlock", Some("h3"))}
                {command_button(tr("Félkövér", "Bold"), "bold", None)}
                {command_button(tr("Dőlt", "Italic"), "italic", None)}
                {command_button(tr("Felsorolás", "Bulleted list"), "insertUnorderedList", None)}
                {command_button(tr("Számozott lista", "Numbered list"), "insertOrderedList", None)}
                {command_button(tr("Idézet", "Quotation"), "formatBlock", Some("blockquote"))}
                <button
                    type="button"
                    class="rich-text__button"
                    aria-expanded=move || (panel.get() == Panel::Link).to_string()
                    disabled=move || source_mode.get()
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| open_panel(Panel::Link)
                >
                    {tr("Hivatkozás", "Link")}
                </button>
                {command_button(tr("Hivatkozás törlése", "Remove link"), "unlink", None)}
                <button
                    type="button"
                    class="rich-text__button"
                    aria-expanded=move || (panel.get() == Panel::Image).to_string()
                    disabled=move || source_mode.get()
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| open_panel(Panel::Image)
                >
                    {tr("Kép", "Image")}
                </button>
                <button
                    type="button"
                    class="rich-text__button rich-text__button--source"
                    aria-pressed=move || source_mode.get().to_string()
                    on:click=toggle_source
                >
                    {tr("HTML-forrás", "HTML source")}
                </button>
            </div>
            <div class="rich-text__panel" hidden=move || panel.get() != Panel::Link>
                <PanelField
                    id=format!("{id}-link")
                    label=tr("A hivatkozás címe", "The link's address")
                    hint=tr("Például https://www.example.hu vagy /csomad/kapcsolat. Előbb jelölje ki a szöveget, amelyből hivatkozás lesz.", "For example https://www.example.hu or /csomad/kapcsolat. Select the text that becomes the link first.")
                    url=true
                    input=link_input
                    problem=Signal::derive(move || link_problem.get().map(TargetProblem::message))
                    on_key=move |ev| panel_keys(ev, &insert_link)
                />
                <div class="inline-list">
                    <button type="button" class="button button--secondary" on:click=move |_| insert_link()>
                        {tr("Hivatkozás beszúrása", "Insert link")}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| close_panel()>
                        {tr("Mégse", "Cancel")}
                    </button>
                </div>
            </div>
            <div class="rich-text__panel" hidden=move || panel.get() != Panel::Image>
                <PanelField
                    id=format!("{id}-image-src")
                    label=tr("A kép címe", "The image's address")
                    url=true
                    input=image_src
                    problem=Signal::derive(move || image_problem.get().filter(|(field, _)| *field == "src").map(|(_, p)| p.message()))
                    on_key=move |ev| panel_keys(ev, &insert_image)
                />
                <PanelField
                    id=format!("{id}-image-alt")
                    label=tr("Helyettesítő szöveg (kötelező)", "Alternative text (required)")
                    hint=tr("Mit mutat a kép annak, aki nem látja?", "What does the image show to someone who cannot see it?")
                    input=image_alt
                    problem=Signal::derive(move || {
                        image_problem
                            .get()
                            .filter(|(field, _)| *field == "alt")
                            .map(|_| tr("Adja meg a kép helyettesítő szövegét.", "Enter the image's alternative text."))
                    })
                    on_key=move |ev| panel_keys(ev, &insert_image)
                />
                <div class="inline-list">
                    <button type="button" class="button button--secondary" on:click=move |_| insert_image()>
                        {tr("Kép beszúrása", "Insert image")}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| close_panel()>
                        {tr("Mégse", "Cancel")}
                    </button>
                </div>
            </div>
            <div
                id=area_id
                class="rich-text__area"
                contenteditable="true"
                role="textbox"
                aria-multiline="true"
                aria-labelledby=labelled_by
                aria-describedby=describe
                aria-invalid=move || invalid.get().then_some("true")
                hidden=move || !enhanced.get() || source_mode.get()
                node_ref=area
                inner_html=initial_area
                on:input=move |_| sync()
                on:blur=move |_| sync()
            ></div>
            // The text child renders on the server; `prop:value` shows the sanitised text
            // after a save even when the browser keeps the same element.
            <textarea
                id=id
                name=name
                rows=rows
                aria-describedby=describe
                aria-invalid=move || invalid.get().then_some("true")
                hidden=move || enhanced.get() && !source_mode.get()
                node_ref=textarea
                prop:value=value.clone()
            >
                {value.clone()}
            </textarea>
        </div>
    }
}

/// One field of the link or image panel: label, hint, its error and the input. Its keys go
/// to `on_key` (Enter inserts and Escape closes, instead of submitting the whole item).
#[component]
fn PanelField<K>(
    id: String,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] url: bool,
    input: NodeRef<leptos::html::Input>,
    problem: Signal<Option<&'static str>>,
    on_key: K,
) -> impl IntoView
where
    K: Fn(leptos::ev::KeyboardEvent) + Send + Sync + 'static,
{
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            {move || problem.get().map(|message| view! { <p class="field__error" id=error_id.clone() role="alert">{message}</p> })}
            <input
                id=id
                type="text"
                inputmode=url.then_some("url")
                autocomplete="off"
                node_ref=input
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described_by
                on:keydown=on_key
            />
        </div>
    }
}

/// The browser side: the document's editing commands, the selection and the cleaning of
/// typed source. On the server these do nothing (the component renders, nothing runs).
#[cfg(feature = "hydrate")]
mod dom {
    use std::cell::RefCell;

    use leptos::html;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, Node};

    use crate::domain::{RICH_TEXT_ATTRIBUTES, RICH_TEXT_TAGS};

    /// Elements dropped with everything inside them; other elements outside the allow-list
    /// are unwrapped (their text stays).
    const DROPPED: &[&str] = &[
        "script", "style", "template", "iframe", "frame", "object", "embed", "noscript", "base",
        "meta", "link", "title", "svg", "math", "input", "button", "select", "textarea", "option",
    ];

    thread_local! {
        /// Where the caret was in which area when a panel opened (the panel's fields take the
        /// focus); forgotten when the panel closes, the source view opens or the editor goes.
        static SAVED: RefCell<Option<(web_sys::HtmlElement, web_sys::Range)>> =
            const { RefCell::new(None) };
    }

    fn html_document() -> Option<web_sys::HtmlDocument> {
        web_sys::window()?.document()?.dyn_into().ok()
    }

    pub fn prepare() {
        if let Some(document) = html_document() {
            // Enter starts a new paragraph (<p>), not a <div>.
            let _ = document.exec_command_with_show_ui_and_value(
                "defaultParagraphSeparator",
                false,
                "p",
            );
            let _ = document.exec_command_with_show_ui_and_value("styleWithCSS", false, "false");
        }
    }

    pub fn run_command(area: NodeRef<html::Div>, command: &str, argument: Option<&str>) {
        let Some(area) = area.get_untracked() else {
            return;
        };
        let _ = area.focus();
        // Only inside this area: a selection elsewhere on the page is never formatted.
        let inside = web_sys::window()
            .and_then(|w| w.get_selection().ok().flatten())
            .and_then(|s| s.anchor_node())
            .is_some_and(|node| area.contains(Some(&node)));
        if !inside {
            return;
        }
        if let Some(document) = html_document() {
            let _ = match argument {
                Some(argument) => {
                    document.exec_command_with_show_ui_and_value(command, false, argument)
                }
                None => document.exec_command(command),
            };
        }
    }

    pub fn copy_area_to_textarea(area: NodeRef<html::Div>, textarea: NodeRef<html::Textarea>) {
        if let (Some(area), Some(textarea)) = (area.get_untracked(), textarea.get_untracked()) {
            textarea.set_value(&super::posted_html(&area.inner_html()));
        }
    }

    /// The source typed into the textarea goes back into the area through an inert template,
    /// cleaned to the same allow-list as the server's, so that nothing in it runs or loads in
    /// the editor's page (the server cleans again on save).
    pub fn copy_textarea_to_area(textarea: NodeRef<html::Textarea>, area: NodeRef<html::Div>) {
        let (Some(textarea), Some(area)) = (textarea.get_untracked(), area.get_untracked()) else {
            return;
        };
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(template) = document.create_element("template") else {
            return;
        };
        template.set_inner_html(&textarea.value());
        let Some(template) = template.dyn_ref::<web_sys::HtmlTemplateElement>() else {
            return;
        };
        let content = template.content();
        clean_children(&content);
        area.set_inner_html("");
        let _ = area.append_child(&content);
        if area.inner_html().trim().is_empty() {
            area.set_inner_html(super::EMPTY_AREA);
        }
    }

    fn clean_children(parent: &Node) {
        let children = parent.child_nodes();
        let nodes: Vec<Node> = (0..children.length())
            .filter_map(|i| children.item(i))
            .collect();
        for node in nodes {
            match node.node_type() {
                Node::TEXT_NODE => {}
                Node::ELEMENT_NODE => {
                    let Ok(element) = node.clone().dyn_into::<Element>() else {
                        continue;
                    };
                    let tag = element.local_name().to_ascii_lowercase();
                    if DROPPED.contains(&tag.as_str()) {
                        let _ = parent.remove_child(&node);
                        continue;
                    }
                    clean_children(&element);
                    if RICH_TEXT_TAGS.contains(&tag.as_str()) {
                        clean_attributes(&element, &tag);
                    } else {
                        while let Some(child) = element.first_child() {
                            let _ = parent.insert_before(&child, Some(&node));
                        }
                        let _ = parent.remove_child(&node);
                    }
                }
                // Comments, processing instructions and the like.
                _ => {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }

    fn clean_attributes(element: &Element, tag: &str) {
        let allowed = RICH_TEXT_ATTRIBUTES
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, attributes)| *attributes)
            .unwrap_or(&[]);
        for name in element
            .get_attribute_names()
            .iter()
            .filter_map(|n| n.as_string())
        {
            let lowered = name.to_ascii_lowercase();
            let keep = lowered == "lang" || allowed.contains(&lowered.as_str());
            let value = element.get_attribute(&name).unwrap_or_default();
            let url_ok = match lowered.as_str() {
                "href" => super::check_link_target(&value).is_ok(),
                "src" => super::check_image_source(&value).is_ok(),
                _ => true,
            };
            if !keep || !url_ok {
                let _ = element.remove_attribute(&name);
            }
        }
    }

    pub fn remember_selection(area: NodeRef<html::Div>) {
        let Some(area) = area.get_untracked() else {
            return;
        };
        let range = web_sys::window()
            .and_then(|w| w.get_selection().ok().flatten())
            .and_then(|s| {
                if s.range_count() > 0 {
                    s.get_range_at(0).ok()
                } else {
                    None
                }
            })
            .filter(|r| {
                r.common_ancestor_container()
                    .is_ok_and(|n| area.contains(Some(&n)))
            });
        let area: web_sys::HtmlElement = area.into();
        SAVED.with(|saved| *saved.borrow_mut() = range.map(|range| (area, range)));
    }

    pub fn forget_selection() {
        SAVED.with(|saved| saved.borrow_mut().take());
    }

    /// Back in the area, with the caret where it was when the panel opened (if that is still
    /// inside this area).
    pub fn restore_selection(area: NodeRef<html::Div>) {
        let Some(area) = area.get_untracked() else {
            return;
        };
        let _ = area.focus();
        let Some((saved_area, range)) = SAVED.with(|saved| saved.borrow_mut().take()) else {
            return;
        };
        let area: web_sys::HtmlElement = area.into();
        let still_inside = saved_area == area
            && range
                .common_ancestor_container()
                .is_ok_and(|n| area.contains(Some(&n)));
        if still_inside
            && let Some(selection) =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten())
        {
            let _ = selection.remove_all_ranges();
            let _ = selection.add_range(&range);
        }
    }

    pub fn input_value(input: NodeRef<html::Input>) -> String {
        input.get_untracked().map(|i| i.value()).unwrap_or_default()
    }

    pub fn clear_input(input: NodeRef<html::Input>) {
        if let Some(input) = input.get_untracked() {
            input.set_value("");
        }
    }

    pub fn focus_input(input: NodeRef<html::Input>) {
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    }

    pub fn focus_area(area: NodeRef<html::Div>) {
        if let Some(area) = area.get_untracked() {
            let _ = area.focus();
        }
    }

    pub fn focus_textarea(textarea: NodeRef<html::Textarea>) {
        if let Some(textarea) = textarea.get_untracked() {
            let _ = textarea.focus();
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod dom {
    use leptos::html;
    use leptos::prelude::NodeRef;

    pub fn prepare() {}
    pub fn run_command(_: NodeRef<html::Div>, _: &str, _: Option<&str>) {}
    pub fn copy_area_to_textarea(_: NodeRef<html::Div>, _: NodeRef<html::Textarea>) {}
    pub fn copy_textarea_to_area(_: NodeRef<html::Textarea>, _: NodeRef<html::Div>) {}
    pub fn remember_selection(_: NodeRef<html::Div>) {}
    pub fn forget_selection() {}
    pub fn restore_selection(_: NodeRef<html::Div>) {}
    pub fn input_value(_: NodeRef<html::Input>) -> String {
        String::new()
    }
    pub fn clear_input(_: NodeRef<html::Input>) {}
    pub fn focus_input(_: NodeRef<html::Input>) {}
    pub fn focus_area(_: NodeRef<html::Div>) {}
    pub fn focus_textarea(_: NodeRef<html::Textarea>) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn link_targets_follow_the_servers_allow_list() {
        assert_eq!(
            check_link_target(" https://csomad.hu/ "),
            Ok("https://csomad.hu/".into())
        );
        assert_eq!(
            check_link_target("mailto:hivatal@csomad.hu"),
            Ok("mailto:hivatal@csomad.hu".into())
        );
        assert_eq!(
            check_link_target("tel:+3628123456"),
            Ok("tel:+3628123456".into())
        );
        assert_eq!(
            check_link_target("/csomad/kapcsolat"),
            Ok("/csomad/kapcsolat".into())
        );
        assert_eq!(
            check_link_target("www.csomad.hu"),
            Ok("https://www.csomad.hu".into())
        );
        assert_eq!(check_link_target("   "), Err(TargetProblem::Empty));
        assert_eq!(
            check_link_target("javascript:alert(1)"),
            Err(TargetProblem::Scheme)
        );
        assert_eq!(
            check_link_target("JavaScript:alert(1)"),
            Err(TargetProblem::Scheme)
        );
        assert_eq!(
            check_link_target("data:text/html,x"),
            Err(TargetProblem::Scheme)
        );
        assert_eq!(
            check_link_target("//evil.example/x"),
            Err(TargetProblem::Scheme)
        );
        assert_eq!(
            check_link_target("ftp://x.hu/a"),
            Err(TargetProblem::Scheme)
        );
    }

    #[test]
    fn images_come_only_from_the_web_or_the_site() {
        assert!(check_image_source("/media/csomad/kep.jpg").is_ok());
        assert!(check_image_source("https://csomad.hu/kep.png").is_ok());
        assert_eq!(
            check_image_source("mailto:x@y.hu"),
            Err(TargetProblem::Scheme)
        );
        assert_eq!(check_image_source(""), Err(TargetProblem::Empty));
    }

    #[test]
    fn inserted_images_carry_escaped_attributes() {
        assert_eq!(
            image_html("/a.jpg?x=1&y=2", " A \"régi\" <városháza> "),
            "<img src=\"/a.jpg?x=1&amp;y=2\" alt=\"A &quot;régi&quot; &lt;városháza&gt;\">"
        );
    }

    #[test]
    fn an_empty_area_posts_nothing() {
        assert_eq!(posted_html(EMPTY_AREA), "");
        assert_eq!(posted_html("<br>"), "");
        assert_eq!(posted_html("  "), "");
        assert_eq!(posted_html("<p>Szia</p>"), "<p>Szia</p>");
    }

    proptest! {
        #[test]
        fn escaped_text_never_opens_or_closes_markup(text in ".*") {
            let escaped = escape_html(&text);
            prop_assert!(!escaped.contains('<') && !escaped.contains('>') && !escaped.contains('"'));
        }

        #[test]
        fn accepted_link_targets_never_run_script(target in ".*") {
            if let Ok(accepted) = check_link_target(&target) {
                let lower = accepted.to_ascii_lowercase();
                prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:") && !lower.starts_with("vbscript:"));
            }
        }
    }
}
