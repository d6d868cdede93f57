//! The central form templates the operator maintains, seeded with real case types. They are
//! written with small builders here and stored as JSON definitions (`form_template_version`).
use super::language::{
    ChoiceOption, Condition, DateRange, Field, FieldKind, FormDefinition, FormPage,
    LANGUAGE_VERSION, Section,
};

/// A central template: a stable code, its category, and the definition of its first version.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedTemplate {
    pub code: &'static str,
    pub category: &'static str,
    pub definition: FormDefinition,
}

pub const CATEGORY_TAX: &str = "Adóügyek";
pub const CATEGORY_TRADE: &str = "Ipar, kereskedelem";
pub const CATEGORY_PUBLIC_SPACE: &str = "Közterület, rendezvények";
pub const CATEGORY_SOCIAL: &str = "Szociális ügyek";
pub const CATEGORY_GENERAL: &str = "Általános ügyek";

fn field(id: &str, label: &str, kind: FieldKind) -> Field {
    Field {
        id: id.to_owned(),
        label: label.to_owned(),
        hint: None,
        required: false,
        show_if: None,
        kind,
    }
}

trait FieldExt {
    fn required(self) -> Self;
    fn hint(self, hint: &str) -> Self;
    fn show_if(self, condition: Condition) -> Self;
}

impl FieldExt for Field {
    fn required(mut self) -> Self {
        self.required = true;
        self
    }
    fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }
    fn show_if(mut self, condition: Condition) -> Self {
        self.show_if = Some(condition);
        self
    }
}

fn text(id: &str, label: &str) -> Field {
    field(
        id,
        label,
        FieldKind::Text {
            multiline: false,
            min_length: None,
            max_length: Some(200),
        },
    )
}

fn long_text(id: &str, label: &str) -> Field {
    field(
        id,
        label,
        FieldKind::Text {
            multiline: true,
            min_length: None,
            max_length: Some(5000),
        },
    )
}

fn number(id: &str, label: &str, unit: &str, min: f64, max: f64, decimals: u8) -> Field {
    field(
        id,
        label,
        FieldKind::Number {
            min: Some(min),
            max: Some(max),
            decimals,
            unit: Some(unit.to_owned()),
        },
    )
}

fn date(id: &str, label: &str, range: DateRange) -> Field {
    field(id, label, FieldKind::Date { range })
}

fn choice(id: &str, label: &str, options: &[(&str, &str)]) -> Field {
    field(
        id,
        label,
        FieldKind::Choice {
            options: options
                .iter()
                .map(|(value, label)| ChoiceOption {
                    value: (*value).to_owned(),
                    label: (*label).to_owned(),
                })
                .collect(),
            multiple: false,
        },
    )
}

fn choices(id: &str, label: &str, options: &[(&str, &str)]) -> Field {
    let mut f = choice(id, label, options);
    if let FieldKind::Choice { multiple, .. } = &mut f.kind {
        *multiple = true;
    }
    f
}

fn yes_no(id: &str, label: &str) -> Field {
    field(id, label, FieldKind::YesNo)
}

fn address(id: &str, label: &str) -> Field {
    field(id, label, FieldKind::Address)
}

fn group(id: &str, label: &str, item_label: &str, min: u32, max: u32, fields: Vec<Field>) -> Field {
    field(
        id,
        label,
        FieldKind::Group {
            fields,
            min_items: min,
            max_items: max,
            item_label: item_label.to_owned(),
        },
    )
}

const PDF_AND_IMAGES: &[&str] = &["application/pdf", "image/jpeg", "image/png"];

fn files(id: &str, label: &str, max_count: u32, max_mb: u64) -> Field {
    field(
        id,
        label,
        FieldKind::File {
            max_count,
            max_bytes: max_mb * 1024 * 1024,
            accept: PDF_AND_IMAGES.iter().map(|s| (*s).to_owned()).collect(),
        },
    )
    .hint("PDF, JPEG vagy PNG fájl.")
}

fn equals(field: &str, value: &str) -> Condition {
    Condition::Equals {
        field: field.to_owned(),
        value: value.to_owned(),
    }
}

fn page(id: &str, title: &str, fields: Vec<Field>) -> FormPage {
    FormPage {
        id: id.to_owned(),
        title: title.to_owned(),
        guidance: None,
        show_if: None,
        sections: vec![Section {
            title: None,
            fields,
        }],
    }
}

fn form(title: &str, guidance: &str, pages: Vec<FormPage>) -> FormDefinition {
    FormDefinition {
        language_version: LANGUAGE_VERSION,
        title: title.to_owned(),
        guidance: Some(guidance.to_owned()),
        pages,
    }
}

/// The declarant as a natural person or a company; most tax and trade forms start with it.
fn declarant_page() -> FormPage {
    page(
        "bevallo",
        "A bevalló adatai",
        vec![
            choice(
                "bevallo_tipusa",
                "Ki nyújtja be?",
                &[
                    ("maganszemely", "Magánszemély"),
                    ("vallalkozas", "Vállalkozás, szervezet"),
                ],
            )
            .required(),
            text("nev", "Név / cégnév").required(),
            field("adoazonosito_jel", "Adóazonosító jel", FieldKind::TaxId)
                .required()
                .hint("10 számjegy, 8-as számmal kezdődik.")
                .show_if(equals("bevallo_tipusa", "maganszemely")),
            field("adoszam", "Adószám", FieldKind::TaxNumber)
                .required()
                .hint("Például 12345678-1-12.")
                .show_if(equals("bevallo_tipusa", "vallalkozas")),
            address("lakcim", "Lakóhely / székhely").required(),
            field("email", "E-mail-cím", FieldKind::Email).required(),
            field("telefon", "Telefonszám", FieldKind::Phone),
        ],
    )
}

fn building_tax() -> FormDefinition {
    form(
        "Építményadó bevallás",
        "Az építmény tulajdonosa (vagyoni értékű jog jogosultja) a szerzést követő év január 15-ig bevallást tesz.",
        vec![
            declarant_page(),
            page(
                "bevallas_oka",
                "A bevallás oka",
                vec![
                    choice(
                        "ok",
                        "A bevallás oka",
                        &[
                            ("uj_epitmeny", "Új építmény"),
                            ("szerzes", "Építmény szerzése"),
                            ("valtozas", "Adatváltozás"),
                            ("megszunes", "Az adókötelezettség megszűnése"),
                        ],
                    )
                    .required(),
                    date("valtozas_napja", "A változás napja", DateRange::PastOrToday).required(),
                ],
            ),
            page(
                "epitmenyek",
                "Az építmények",
                vec![group(
                    "epitmenyek",
                    "Építmények",
                    "építmény",
                    1,
                    20,
                    vec![
                        address("cim", "Az építmény címe").required(),
                        text("helyrajzi_szam", "Helyrajzi szám").required(),
                        choice(
                            "fajta",
                            "Az építmény fajtája",
                            &[
                                ("lakas", "Lakás"),
                                ("udulo", "Üdülő"),
                                ("garazs", "Garázs"),
                                ("uzlet", "Üzlet"),
                                ("egyeb", "Egyéb nem lakás céljára szolgáló építmény"),
                            ],
                        )
                        .required(),
                        number(
                            "hasznos_alapterulet",
                            "Hasznos alapterület",
                            "m²",
                            1.0,
                            100_000.0,
                            2,
                        )
                        .required(),
                        yes_no("kedvezmeny", "Igényel adómentességet vagy kedvezményt?").required(),
                        long_text("kedvezmeny_jogcime", "A mentesség, kedvezmény jogcíme")
                            .required()
                            .show_if(equals("kedvezmeny", "yes")),
                    ],
                )],
            ),
            page(
                "mellekletek",
                "Mellékletek",
                vec![files(
                    "mellekletek",
                    "Tulajdoni lap, adásvételi szerződés",
                    5,
                    10,
                )],
            ),
        ],
    )
}

fn business_tax() -> FormDefinition {
    form(
        "Helyi iparűzési adó bevallás",
        "Állandó jellegű iparűzési tevékenység utáni bevallás az adóévről.",
        vec![
            declarant_page(),
            page(
                "adoev",
                "Az adóév",
                vec![
                    number("adoev", "Adóév", "", 2000.0, 2100.0, 0).required(),
                    date(
                        "idoszak_kezdete",
                        "Az időszak kezdete",
                        DateRange::PastOrToday,
                    )
                    .required(),
                    date("idoszak_vege", "Az időszak vége", DateRange::Any).required(),
                    choice(
                        "adoalap_modja",
                        "Az adóalap megállapításának módja",
                        &[
                            ("altalanos", "Általános szabályok szerint"),
                            ("egyszerusitett", "Egyszerűsített adóalap-megállapítás"),
                            ("kata", "Tételes adóalap (kisadózó)"),
                        ],
                    )
                    .required(),
                ],
            ),
            page(
                "adoalap",
                "Az adóalap",
                vec![
                    number("netto_arbevetel", "Nettó árbevétel", "Ft", 0.0, 1e13, 0).required(),
                    number("anyagkoltseg", "Anyagköltség", "Ft", 0.0, 1e13, 0)
                        .show_if(equals("adoalap_modja", "altalanos")),
                    number(
                        "alvallalkozoi_teljesitesek",
                        "Alvállalkozói teljesítések értéke",
                        "Ft",
                        0.0,
                        1e13,
                        0,
                    )
                    .show_if(equals("adoalap_modja", "altalanos")),
                    number("adoalap", "Az adóalap", "Ft", 0.0, 1e13, 0).required(),
                    number("fizetendo_ado", "Fizetendő adó", "Ft", 0.0, 1e12, 0).required(),
                    field(
                        "visszaterites_szamla",
                        "Bankszámlaszám túlfizetés visszautalásához",
                        FieldKind::BankAccount,
                    ),
                ],
            ),
        ],
    )
}

fn tourist_tax() -> FormDefinition {
    form(
        "Idegenforgalmi adó havi bevallás",
        "A szállásadó a tárgyhót követő hónap 15. napjáig vallja be és fizeti meg a beszedett adót.",
        vec![
            declarant_page(),
            page(
                "szallashely",
                "A szálláshely és a hónap",
                vec![
                    text("szallashely_neve", "A szálláshely neve").required(),
                    text(
                        "nyilvantartasi_szam",
                        "Szálláshely nyilvántartási száma (NTAK)",
                    )
                    .required(),
                    address("szallashely_cime", "A szálláshely címe").required(),
                    number("ev", "Év", "", 2000.0, 2100.0, 0).required(),
                    choice(
                        "honap",
                        "Hónap",
                        &[
                            ("01", "január"),
                            ("02", "február"),
                            ("03", "március"),
                            ("04", "április"),
                            ("05", "május"),
                            ("06", "június"),
                            ("07", "július"),
                            ("08", "augusztus"),
                            ("09", "szeptember"),
                            ("10", "október"),
                            ("11", "november"),
                            ("12", "december"),
                        ],
                    )
                    .required(),
                ],
            ),
            page(
                "vendegejszakak",
                "Vendégéjszakák",
                vec![
                    number(
                        "osszes_vendegejszaka",
                        "Összes eltöltött vendégéjszaka",
                        "éj",
                        0.0,
                        1e7,
                        0,
                    )
                    .required(),
                    number(
                        "mentes_vendegejszaka",
                        "Ebből adómentes vendégéjszaka",
                        "éj",
                        0.0,
                        1e7,
                        0,
                    )
                    .required(),
                    choices(
                        "mentesseg_jogcimei",
                        "A mentesség jogcímei",
                        &[
                            ("18_ev_alatti", "18. életévét be nem töltött magánszemély"),
                            ("gyogykezeles", "Gyógyintézetben fekvőbeteg"),
                            ("tanulmanyok", "Tanulmányok folytatása"),
                            ("szolgalati", "Szolgálati kötelezettség teljesítése"),
                        ],
                    )
                    .required()
                    .show_if(Condition::GreaterThan {
                        field: "mentes_vendegejszaka".to_owned(),
                        value: 0.0,
                    }),
                    number("beszedett_ado", "Beszedett adó összege", "Ft", 0.0, 1e11, 0).required(),
                ],
            ),
        ],
    )
}

fn trading_notification() -> FormDefinition {
    form(
        "Kereskedelmi tevékenység bejelentése",
        "Bejelentés-köteles kereskedelmi tevékenység (210/2009. Korm. rendelet) megkezdése.",
        vec![
            declarant_page(),
            page(
                "tevekenyseg",
                "A kereskedelmi tevékenység",
                vec![
                    choices(
                        "forma",
                        "A kereskedelmi tevékenység formája",
                        &[
                            ("uzletben", "Üzletben folytatott kereskedelem"),
                            ("mozgo", "Mozgóbolt"),
                            ("csomagkuldo", "Csomagküldő kereskedelem"),
                            ("kozvetlen", "Közvetlen értékesítés"),
                            ("automata", "Automatából történő értékesítés"),
                        ],
                    )
                    .required(),
                    address("uzlet_cime", "Az üzlet címe")
                        .required()
                        .show_if(equals("forma", "uzletben")),
                    text("uzlet_nev", "Az üzlet elnevezése").show_if(equals("forma", "uzletben")),
                    number(
                        "alapterulet",
                        "Az üzlet alapterülete",
                        "m²",
                        1.0,
                        100_000.0,
                        0,
                    )
                    .required()
                    .show_if(equals("forma", "uzletben")),
                    long_text("termekek", "A forgalmazott termékek köre").required(),
                    date("kezdes", "A tevékenység kezdete", DateRange::Any).required(),
                    yes_no("szeszes_ital", "Forgalmaz szeszes italt?").required(),
                ],
            ),
        ],
    )
}

fn shop_permit() -> FormDefinition {
    form(
        "Üzlet működési engedély iránti kérelem",
        "Működési engedély köteles termékek (pl. dohánytermék, jövedéki termék) forgalmazásához.",
        vec![
            declarant_page(),
            page(
                "uzlet",
                "Az üzlet",
                vec![
                    text("uzlet_nev", "Az üzlet elnevezése").required(),
                    address("uzlet_cime", "Az üzlet címe").required(),
                    text("helyrajzi_szam", "Helyrajzi szám").required(),
                    number("alapterulet", "Alapterület", "m²", 1.0, 100_000.0, 0).required(),
                    yes_no("vendeglato", "Vendéglátó üzlet?").required(),
                    number(
                        "ferohely",
                        "Vendégtéri férőhelyek száma",
                        "fő",
                        1.0,
                        10_000.0,
                        0,
                    )
                    .required()
                    .show_if(equals("vendeglato", "yes")),
                    long_text("nyitvatartas", "Nyitvatartási idő").required(),
                ],
            ),
            page(
                "mellekletek",
                "Mellékletek",
                vec![
                    files(
                        "hasznalati_jogcim",
                        "A használat jogcímét igazoló okirat",
                        3,
                        10,
                    )
                    .required(),
                    files("alaprajz", "Az üzlet alaprajza", 2, 10),
                ],
            ),
        ],
    )
}

fn public_space() -> FormDefinition {
    form(
        "Közterület-használati kérelem",
        "Közterület rendeltetésétől eltérő használatához közterület-használati hozzájárulás szükséges.",
        vec![
            declarant_page(),
            page(
                "hasznalat",
                "A közterület-használat",
                vec![
                    choice(
                        "cel",
                        "A használat célja",
                        &[
                            ("terasz", "Vendéglátó terasz"),
                            ("allvany", "Építési állvány, anyagtárolás"),
                            ("arusitas", "Árusítás"),
                            ("reklam", "Reklámhordozó"),
                            ("egyeb", "Egyéb"),
                        ],
                    )
                    .required(),
                    long_text("egyeb_cel", "A használat célja részletesen")
                        .required()
                        .show_if(equals("cel", "egyeb")),
                    address("helyszin", "A közterület címe").required(),
                    number("terulet", "Igénybe vett terület", "m²", 0.5, 10_000.0, 1).required(),
                    date("kezdete", "A használat kezdete", DateRange::TodayOrFuture).required(),
                    date("vege", "A használat vége", DateRange::TodayOrFuture).required(),
                    files("helyszinrajz", "Helyszínrajz", 2, 10).required(),
                ],
            ),
        ],
    )
}

fn event_notification() -> FormDefinition {
    form(
        "Rendezvény bejelentése",
        "Közterületi vagy nyilvános rendezvény bejelentése legalább 30 nappal a rendezvény előtt.",
        vec![
            declarant_page(),
            page(
                "rendezveny",
                "A rendezvény",
                vec![
                    text("megnevezes", "A rendezvény megnevezése").required(),
                    address("helyszin", "A rendezvény helyszíne").required(),
                    date("datum", "A rendezvény napja", DateRange::TodayOrFuture).required(),
                    text("idotartam", "Időtartam (kezdés és befejezés)").required(),
                    number("letszam", "Várható létszám", "fő", 1.0, 1_000_000.0, 0).required(),
                    yes_no("hangositas", "Lesz hangosítás?").required(),
                    yes_no("szeszes_ital", "Árusítanak szeszes italt?").required(),
                    text("biztonsagi_szolgalat", "A biztonsági szolgálat neve")
                        .required()
                        .show_if(Condition::GreaterThan {
                            field: "letszam".to_owned(),
                            value: 500.0,
                        }),
                ],
            ),
            page(
                "szervezok",
                "Felelős szervezők",
                vec![group(
                    "szervezok",
                    "Felelős szervezők",
                    "szervező",
                    1,
                    5,
                    vec![
                        text("nev", "Név").required(),
                        field("telefon", "Telefonszám", FieldKind::Phone).required(),
                    ],
                )],
            ),
        ],
    )
}

fn social_support() -> FormDefinition {
    form(
        "Települési támogatás iránti kérelem",
        "A létfenntartást veszélyeztető rendkívüli élethelyzetben lévő személyek támogatása.",
        vec![
            page(
                "kerelmezo",
                "A kérelmező",
                vec![
                    text("nev", "Név").required(),
                    text("szuletesi_nev", "Születési név").required(),
                    text("anyja_neve", "Anyja születési neve").required(),
                    text("szuletesi_hely", "Születési hely").required(),
                    date("szuletesi_ido", "Születési idő", DateRange::PastOrToday).required(),
                    field("adoazonosito_jel", "Adóazonosító jel", FieldKind::TaxId).required(),
                    address("lakcim", "Lakóhely").required(),
                    field("telefon", "Telefonszám", FieldKind::Phone),
                ],
            ),
            page(
                "tamogatas",
                "A kért támogatás",
                vec![
                    choice(
                        "jogcim",
                        "A támogatás jogcíme",
                        &[
                            ("rendkivuli", "Rendkívüli települési támogatás"),
                            ("lakhatasi", "Lakhatási támogatás"),
                            ("gyogyszer", "Gyógyszertámogatás"),
                            ("temetesi", "Temetési támogatás"),
                        ],
                    )
                    .required(),
                    long_text("indoklas", "A kérelem indoklása").required(),
                    text("elhunyt_neve", "Az elhunyt neve")
                        .required()
                        .show_if(equals("jogcim", "temetesi")),
                    choice(
                        "folyositas",
                        "A támogatás folyósítása",
                        &[("szamlara", "Bankszámlára"), ("postan", "Postai úton")],
                    )
                    .required(),
                    field("bankszamla", "Bankszámlaszám", FieldKind::BankAccount)
                        .required()
                        .show_if(equals("folyositas", "szamlara")),
                ],
            ),
            page(
                "haztartas",
                "A háztartás",
                vec![
                    group(
                        "haztartas_tagjai",
                        "A kérelmezővel közös háztartásban élők",
                        "háztartástag",
                        0,
                        15,
                        vec![
                            text("nev", "Név").required(),
                            date("szuletesi_ido", "Születési idő", DateRange::PastOrToday)
                                .required(),
                            choice(
                                "rokonsag",
                                "Rokoni kapcsolat",
                                &[
                                    ("hazastars", "Házastárs, élettárs"),
                                    ("gyermek", "Gyermek"),
                                    ("egyeb", "Egyéb rokon"),
                                ],
                            )
                            .required(),
                            number("jovedelem", "Havi nettó jövedelem", "Ft", 0.0, 1e9, 0)
                                .required(),
                        ],
                    ),
                    number(
                        "kerelmezo_jovedelme",
                        "A kérelmező havi nettó jövedelme",
                        "Ft",
                        0.0,
                        1e9,
                        0,
                    )
                    .required(),
                    files("jovedelemigazolas", "Jövedelemigazolások", 10, 10).required(),
                ],
            ),
        ],
    )
}

fn possession_protection() -> FormDefinition {
    form(
        "Birtokvédelmi kérelem",
        "A jegyzőhöz a birtoksértéstől számított egy éven belül nyújtható be.",
        vec![
            page(
                "kerelmezo",
                "A kérelmező",
                vec![
                    text("nev", "Név").required(),
                    address("lakcim", "Lakcím").required(),
                    field("email", "E-mail-cím", FieldKind::Email),
                ],
            ),
            page(
                "ellenerdeku_fel",
                "Az ellenérdekű fél",
                vec![
                    text("ellenfel_nev", "Az ellenérdekű fél neve").required(),
                    address("ellenfel_cim", "Az ellenérdekű fél címe").required(),
                ],
            ),
            page(
                "birtoksertes",
                "A birtoksértés",
                vec![
                    address("ingatlan_cime", "Az érintett ingatlan címe").required(),
                    text("helyrajzi_szam", "Helyrajzi szám").required(),
                    date(
                        "birtoksertes_napja",
                        "A birtoksértés napja",
                        DateRange::PastOrToday,
                    )
                    .required(),
                    long_text("leiras", "A birtoksértő magatartás leírása").required(),
                    long_text("kert_intezkedes", "A kért intézkedés").required(),
                    yes_no("van_tanu", "Vannak tanúk?").required(),
                    group(
                        "tanuk",
                        "Tanúk",
                        "tanú",
                        1,
                        5,
                        vec![
                            text("nev", "Név").required(),
                            address("cim", "Cím").required(),
                        ],
                    )
                    .show_if(equals("van_tanu", "yes")),
                    files("bizonyitekok", "Fényképek, egyéb bizonyítékok", 10, 10),
                ],
            ),
        ],
    )
}

fn e_paper() -> FormDefinition {
    form(
        "Általános kérelem (e-Papír)",
        "Olyan ügyekben, amelyekre nincs külön elektronikus űrlap.",
        vec![page(
            "kerelem",
            "A kérelem",
            vec![
                text("targy", "Tárgy").required(),
                long_text("szoveg", "A kérelem szövege").required(),
                field("email", "E-mail-cím a válaszhoz", FieldKind::Email),
                files("mellekletek", "Mellékletek", 5, 20),
            ],
        )],
    )
}

/// The ten central templates every installation starts with.
pub fn seed_templates() -> Vec<SeedTemplate> {
    vec![
        SeedTemplate {
            code: "epitmenyado_bevallas",
            category: CATEGORY_TAX,
            definition: building_tax(),
        },
        SeedTemplate {
            code: "iparuzesi_ado_bevallas",
            category: CATEGORY_TAX,
            definition: business_tax(),
        },
        SeedTemplate {
            code: "idegenforgalmi_ado_havi",
            category: CATEGORY_TAX,
            definition: tourist_tax(),
        },
        SeedTemplate {
            code: "kereskedelmi_bejelentes",
            category: CATEGORY_TRADE,
            definition: trading_notification(),
        },
        SeedTemplate {
            code: "uzlet_mukodesi_engedely",
            category: CATEGORY_TRADE,
            definition: shop_permit(),
        },
        SeedTemplate {
            code: "kozterulet_hasznalat",
            category: CATEGORY_PUBLIC_SPACE,
            definition: public_space(),
        },
        SeedTemplate {
            code: "rendezveny_bejelentes",
            category: CATEGORY_PUBLIC_SPACE,
            definition: event_notification(),
        },
        SeedTemplate {
            code: "telepulesi_tamogatas",
            category: CATEGORY_SOCIAL,
            definition: social_support(),
        },
        SeedTemplate {
            code: "birtokvedelem",
            category: CATEGORY_GENERAL,
            definition: possession_protection(),
        },
        SeedTemplate {
            code: "e_papir",
            category: CATEGORY_GENERAL,
            definition: e_paper(),
        },
    ]
}

/// A synthetic form of `count` fields over ten pages (for the builder benchmark and tests).
pub fn large_form(count: usize) -> FormDefinition {
    let pages = (0..10)
        .map(|p| {
            let fields = (0..count)
                .filter(|i| i % 10 == p)
                .map(|i| match i % 5 {
                    0 => text(&format!("f{i}"), &format!("Kérdés {i}")).required(),
                    1 => number(&format!("f{i}"), &format!("Kérdés {i}"), "Ft", 0.0, 1e9, 0),
                    2 => yes_no(&format!("f{i}"), &format!("Kérdés {i}")),
                    3 => date(&format!("f{i}"), &format!("Kérdés {i}"), DateRange::Any),
                    _ => field(&format!("f{i}"), &format!("Kérdés {i}"), FieldKind::Email)
                        .show_if(equals(&format!("f{}", i - 2), "yes")),
                })
                .collect();
            page(&format!("p{p}"), &format!("Oldal {p}"), fields)
        })
        .collect();
    form("Nagy űrlap", "Teljesítménymérés.", pages)
}
