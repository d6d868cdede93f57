//! Interface language: Hungarian first, English second.
//!
//! Texts are fields of a struct, one constant per language, so a missing translation is a
//! compile error rather than a blank on screen. The server picks the language from the `lang`
//! cookie and writes it into `<html lang>`; the browser reads it back from there when it
//! hydrates, so both render the same text.
use leptos::prelude::*;

pub use openasp_core::Lang;

/// The interface texts of a language (the language itself is the core's: pure crates use it
/// without the texts).
pub trait LangTexts {
    fn texts(self) -> &'static Texts;
}

impl LangTexts for Lang {
    fn texts(self) -> &'static Texts {
        match self {
            Lang::Hu => &HU,
            Lang::En => &EN,
        }
    }
}

/// The language of the current request (server) or page (browser).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

pub fn use_texts() -> &'static Texts {
    use_lang().texts()
}

/// Determines the language once per render and provides it as context.
pub fn provide_lang() -> Lang {
    let lang = detect_lang();
    provide_context(lang);
    lang
}

#[cfg(feature = "ssr")]
fn detect_lang() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn detect_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

pub struct Texts {
    pub platform_name: &'static str,
    pub platform_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub language_switch: &'static str,
    pub clerk_sign_in: &'static str,
    pub other_language_name: &'static str,
    pub footer_note: &'static str,
    pub not_found_title: &'static str,
    pub error_title: &'static str,
    pub back_to_home: &'static str,
    pub loading: &'static str,
    // Municipality directory
    pub directory_title: &'static str,
    pub directory_intro: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub county_label: &'static str,
    pub all_counties: &'static str,
    pub search_button: &'static str,
    pub results_count: fn(u64) -> String,
    pub no_results: &'static str,
    pub col_name: &'static str,
    pub col_status: &'static str,
    pub col_county: &'static str,
    pub col_population: &'static str,
    pub pagination_label: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub page_of: fn(u64, u64) -> String,
    // Municipality page
    pub legal_status: &'static str,
    pub county: &'static str,
    pub district: &'static str,
    pub population: &'static str,
    pub area: &'static str,
    pub dwellings: &'static str,
    pub postal_codes: &'static str,
    pub office: &'static str,
    pub own_office: &'static str,
    pub joint_office_members: &'static str,
    pub branch_office: &'static str,
    pub ksh_code: &'static str,
}

pub static HU: Texts = Texts {
    platform_name: "openasp",
    platform_tagline: "Önkormányzati ASP – nyílt forráskódú megvalósítás",
    skip_to_content: "Ugrás a tartalomra",
    language_switch: "Switch to English",
    clerk_sign_in: "Ügyintézői felület",
    other_language_name: "English",
    footer_note: "openasp – az önkormányzatok közös szolgáltatási platformja",
    not_found_title: "Az oldal nem található",
    error_title: "Hiba történt",
    back_to_home: "Vissza a kezdőlapra",
    loading: "Betöltés…",
    directory_title: "Települések",
    directory_intro: "Keresse meg önkormányzatát név, irányítószám vagy vármegye alapján.",
    search_label: "Település neve vagy irányítószáma",
    search_hint: "Például: Szentendre vagy 2000",
    county_label: "Vármegye",
    all_counties: "Összes vármegye",
    search_button: "Keresés",
    results_count: |n| format!("{n} találat"),
    no_results: "Nincs a keresésnek megfelelő település.",
    col_name: "Település",
    col_status: "Jogállás",
    col_county: "Vármegye",
    col_population: "Lakónépesség",
    pagination_label: "Lapozás",
    previous_page: "Előző oldal",
    next_page: "Következő oldal",
    page_of: |page, pages| format!("{page}. oldal / {pages}"),
    legal_status: "Jogállás",
    county: "Vármegye",
    district: "Járás",
    population: "Lakónépesség",
    area: "Terület",
    dwellings: "Lakások száma",
    postal_codes: "Irányítószámok",
    office: "Hivatal",
    own_office: "Önálló polgármesteri hivatal",
    joint_office_members: "A közös hivatalhoz tartozó települések",
    branch_office: "A településen kirendeltség működik.",
    ksh_code: "KSH-kód",
};

pub static EN: Texts = Texts {
    platform_name: "openasp",
    platform_tagline: "Municipal ASP – an open-source implementation",
    skip_to_content: "Skip to content",
    language_switch: "Váltás magyarra",
    clerk_sign_in: "Clerk application",
    other_language_name: "Magyar",
    footer_note: "openasp – the shared service platform of Hungarian municipalities",
    not_found_title: "Page not found",
    error_title: "Something went wrong",
    back_to_home: "Back to the home page",
    loading: "Loading…",
    directory_title: "Municipalities",
    directory_intro: "Find your municipality by name, postal code or county.",
    search_label: "Municipality name or postal code",
    search_hint: "For example: Szentendre or 2000",
    county_label: "County",
    all_counties: "All counties",
    search_button: "Search",
    results_count: |n| {
        if n == 1 {
            "1 result".to_string()
        } else {
            format!("{n} results")
        }
    },
    no_results: "No municipality matches your search.",
    col_name: "Municipality",
    col_status: "Legal status",
    col_county: "County",
    col_population: "Population",
    pagination_label: "Pagination",
    previous_page: "Previous page",
    next_page: "Next page",
    page_of: |page, pages| format!("Page {page} of {pages}"),
    legal_status: "Legal status",
    county: "County",
    district: "District",
    population: "Population",
    area: "Area",
    dwellings: "Dwellings",
    postal_codes: "Postal codes",
    office: "Office",
    own_office: "Own mayor's office",
    joint_office_members: "Municipalities served by the joint office",
    branch_office: "The joint office keeps a branch office here.",
    ksh_code: "KSH code",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_selects_language() {
        assert_eq!(Lang::from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=hu"), Lang::Hu);
        assert_eq!(Lang::from_cookie_header("lang=xx"), Lang::Hu);
        assert_eq!(Lang::from_cookie_header(""), Lang::Hu);
        assert_eq!(Lang::from_cookie_header("xlang=en"), Lang::Hu);
    }

    #[test]
    fn english_result_count_is_singular_for_one() {
        assert_eq!((EN.results_count)(1), "1 result");
        assert_eq!((EN.results_count)(3), "3 results");
        assert_eq!((HU.results_count)(3), "3 találat");
    }
}
