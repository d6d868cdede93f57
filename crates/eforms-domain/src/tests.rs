//! Tests of the form language as a whole (the check digits test themselves in `checks`).
use std::collections::BTreeSet;

use proptest::prelude::*;

use super::adoption::{Adjustments, EXTRA_PAGE_ID, compose};
use super::dates::Date;
use super::eval::{
    Context, FormProblem, ProblemKind, prune, validate, validate_page, visibility, visible_fields,
};
use super::language::*;
use super::templates::{large_form, seed_templates};

fn settlements_of(code: &str) -> Vec<String> {
    match code {
        "2100" => vec!["Gödöllő".to_owned()],
        "1111" => vec!["Budapest XI. kerület".to_owned()],
        _ => vec![],
    }
}

fn ctx() -> Context<'static> {
    Context {
        today: Date::new(2026, 11, 22).unwrap(),
        settlements_of: &settlements_of,
    }
}

fn template(code: &str) -> FormDefinition {
    seed_templates()
        .into_iter()
        .find(|t| t.code == code)
        .unwrap()
        .definition
}

fn text(value: &str) -> Answer {
    Answer::Text(value.to_owned())
}

fn address(code: &str, settlement: &str) -> Answer {
    Answer::Address(AddressAnswer {
        postal_code: code.to_owned(),
        settlement: settlement.to_owned(),
        street: "Szabadság tér".to_owned(),
        house_number: "7".to_owned(),
    })
}

fn kinds_of(problems: &[FormProblem], field: &str) -> Vec<ProblemKind> {
    problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| p.kind)
        .collect()
}

/// A complete, valid e-Papír answer set.
fn e_paper_answers() -> Answers {
    Answers::from([
        ("targy".to_owned(), text("Kátyú a Fő utcában")),
        ("szoveg".to_owned(), text("Kérem a kátyú kijavítását.")),
    ])
}

/// A complete, valid building-tax declaration by a private person.
fn building_tax_answers() -> Answers {
    let building: Answers = Answers::from([
        ("cim".to_owned(), address("2100", "Gödöllő")),
        ("helyrajzi_szam".to_owned(), text("1234/5")),
        ("fajta".to_owned(), text("lakas")),
        ("hasznos_alapterulet".to_owned(), text("72,5")),
        ("kedvezmeny".to_owned(), text("no")),
    ]);
    Answers::from([
        ("bevallo_tipusa".to_owned(), text("maganszemely")),
        ("nev".to_owned(), text("Minta Péter")),
        ("adoazonosito_jel".to_owned(), text("8412720008")),
        ("lakcim".to_owned(), address("2100", "Gödöllő")),
        ("email".to_owned(), text("minta.peter@example.hu")),
        ("ok".to_owned(), text("szerzes")),
        ("valtozas_napja".to_owned(), text("2026-03-01")),
        ("epitmenyek".to_owned(), Answer::Items(vec![building])),
    ])
}

#[test]
fn the_seed_has_ten_sound_templates_that_round_trip_as_json() {
    let templates = seed_templates();
    assert!(templates.len() >= 10);
    let codes: BTreeSet<&str> = templates.iter().map(|t| t.code).collect();
    assert_eq!(codes.len(), templates.len());
    for t in &templates {
        assert_eq!(t.definition.problems(), vec![], "{}", t.code);
        let json = serde_json::to_string(&t.definition).unwrap();
        let back: FormDefinition = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t.definition, "{}", t.code);
    }
    let all = |pred: fn(&FieldKind) -> bool| {
        templates.iter().any(|t| {
            t.definition
                .pages
                .iter()
                .flat_map(|p| p.sections.iter().flat_map(|s| &s.fields))
                .any(|f| pred(&f.kind))
        })
    };
    assert!(all(|k| matches!(k, FieldKind::Group { .. })));
    assert!(all(|k| matches!(k, FieldKind::File { .. })));
    assert!(all(|k| matches!(k, FieldKind::TaxId)));
    assert!(all(|k| matches!(k, FieldKind::TaxNumber)));
}

#[test]
fn a_valid_declaration_passes() {
    assert_eq!(
        validate(&template("e_papir"), &e_paper_answers(), &ctx()),
        vec![]
    );
    assert_eq!(
        validate(
            &template("epitmenyado_bevallas"),
            &building_tax_answers(),
            &ctx()
        ),
        vec![]
    );
}

#[test]
fn conditions_show_and_hide_questions_and_pages() {
    let form = template("epitmenyado_bevallas");
    let mut answers = building_tax_answers();
    let shown = visible_fields(&form, &answers);
    assert!(shown.contains(&"adoazonosito_jel".to_owned()));
    assert!(!shown.contains(&"adoszam".to_owned()));
    assert!(shown.contains(&"epitmenyek.0.kedvezmeny".to_owned()));
    assert!(!shown.contains(&"epitmenyek.0.kedvezmeny_jogcime".to_owned()));

    answers.insert("bevallo_tipusa".to_owned(), text("vallalkozas"));
    let shown = visible_fields(&form, &answers);
    assert!(!shown.contains(&"adoazonosito_jel".to_owned()));
    assert!(shown.contains(&"adoszam".to_owned()));

    // A page whose condition fails is skipped with all its questions.
    let mut form = template("e_papir");
    form.pages.push(FormPage {
        id: "dijfizetes".to_owned(),
        title: "Díjfizetés".to_owned(),
        guidance: None,
        show_if: Some(Condition::Equals {
            field: "targy".to_owned(),
            value: "díjköteles".to_owned(),
        }),
        sections: vec![Section {
            title: None,
            fields: vec![Field {
                id: "dij".to_owned(),
                label: "Díj".to_owned(),
                hint: None,
                required: true,
                show_if: None,
                kind: FieldKind::YesNo,
            }],
        }],
    });
    assert_eq!(form.problems(), vec![]);
    let shown = visibility(&form, &e_paper_answers());
    assert!(!shown.page_shown("dijfizetes"));
    assert_eq!(validate(&form, &e_paper_answers(), &ctx()), vec![]);
    let mut answers = e_paper_answers();
    answers.insert("targy".to_owned(), text("díjköteles"));
    assert!(visibility(&form, &answers).page_shown("dijfizetes"));
    assert_eq!(
        kinds_of(&validate(&form, &answers, &ctx()), "dij"),
        vec![ProblemKind::Required]
    );
}

#[test]
fn hiding_cascades_to_questions_that_depend_on_hidden_ones() {
    let form = template("telepulesi_tamogatas");
    let mut answers = Answers::from([
        ("folyositas".to_owned(), text("szamlara")),
        ("bankszamla".to_owned(), text("11773016-11111018")),
    ]);
    assert!(visible_fields(&form, &answers).contains(&"bankszamla".to_owned()));
    answers.insert("folyositas".to_owned(), text("postan"));
    assert!(!visible_fields(&form, &answers).contains(&"bankszamla".to_owned()));
}

#[test]
fn missing_required_answers_and_answers_to_hidden_or_unknown_questions_are_refused() {
    let form = template("epitmenyado_bevallas");
    let mut answers = building_tax_answers();
    answers.remove("nev");
    answers.insert("adoszam".to_owned(), text("10773381-2-44"));
    answers.insert("nincs_ilyen".to_owned(), text("x"));
    let problems = validate(&form, &answers, &ctx());
    assert_eq!(kinds_of(&problems, "nev"), vec![ProblemKind::Required]);
    assert_eq!(
        kinds_of(&problems, "adoszam"),
        vec![ProblemKind::HiddenQuestion]
    );
    assert_eq!(
        kinds_of(&problems, "nincs_ilyen"),
        vec![ProblemKind::UnknownQuestion]
    );
    // Inside a repeating group too.
    let Some(Answer::Items(items)) = answers.get_mut("epitmenyek") else {
        panic!("group answer");
    };
    items[0].insert("kedvezmeny_jogcime".to_owned(), text("műemlék"));
    items[0].remove("fajta");
    let problems = validate(&form, &answers, &ctx());
    assert_eq!(
        kinds_of(&problems, "epitmenyek.0.kedvezmeny_jogcime"),
        vec![ProblemKind::HiddenQuestion]
    );
    assert_eq!(
        kinds_of(&problems, "epitmenyek.0.fajta"),
        vec![ProblemKind::Required]
    );
}

#[test]
fn each_kind_checks_its_answers() {
    let form = template("epitmenyado_bevallas");
    let with = |id: &str, answer: Answer| {
        let mut answers = building_tax_answers();
        answers.insert(id.to_owned(), answer);
        kinds_of(&validate(&form, &answers, &ctx()), id)
    };
    assert_eq!(
        with("adoazonosito_jel", text("8412720007")),
        vec![ProblemKind::CheckDigit]
    );
    assert_eq!(
        with("adoazonosito_jel", text("123")),
        vec![ProblemKind::Malformed]
    );
    assert_eq!(
        with("email", text("nem-email")),
        vec![ProblemKind::Malformed]
    );
    assert_eq!(with("telefon", text("+36 28 123 4567")), vec![]);
    assert_eq!(with("telefon", text("12")), vec![ProblemKind::Malformed]);
    assert_eq!(with("ok", text("kitalalt")), vec![ProblemKind::NotAnOption]);
    assert_eq!(
        with("valtozas_napja", text("2026-02-30")),
        vec![ProblemKind::NotADate]
    );
    assert_eq!(
        with("valtozas_napja", text("2027-01-01")),
        vec![ProblemKind::DateInFuture]
    );
    assert_eq!(
        with("lakcim", address("9999", "Gödöllő")),
        vec![ProblemKind::UnknownPostalCode]
    );
    assert_eq!(
        with("lakcim", address("1111", "Gödöllő")),
        vec![ProblemKind::PostalCodeNotOfSettlement]
    );
    assert_eq!(with("lakcim", address("1111", "Budapest")), vec![]);
    assert_eq!(with("lakcim", address("2100", "godollo")), vec![]);
    assert_eq!(
        with("nev", Answer::Choices(vec!["a".into()])),
        vec![ProblemKind::WrongShape]
    );
    assert_eq!(
        with("nev", text(&"x".repeat(201))),
        vec![ProblemKind::TooLong]
    );
    assert_eq!(
        with("epitmenyek", Answer::Items(vec![])),
        vec![ProblemKind::Required]
    );

    let area = |value: &str| {
        let mut answers = building_tax_answers();
        let Some(Answer::Items(items)) = answers.get_mut("epitmenyek") else {
            panic!("group answer");
        };
        items[0].insert("hasznos_alapterulet".to_owned(), text(value));
        kinds_of(
            &validate(&form, &answers, &ctx()),
            "epitmenyek.0.hasznos_alapterulet",
        )
    };
    assert_eq!(area("1 234,56"), vec![]);
    assert_eq!(area("12,345"), vec![ProblemKind::TooManyDecimals]);
    assert_eq!(area("0"), vec![ProblemKind::TooSmall]);
    assert_eq!(area("sok"), vec![ProblemKind::NotANumber]);
}

#[test]
fn files_are_checked_for_count_size_and_type() {
    let form = template("epitmenyado_bevallas");
    let file = |name: &str, kind: &str, size: u64| FileAnswer {
        upload_id: format!("u-{name}"),
        name: name.to_owned(),
        content_type: kind.to_owned(),
        size,
    };
    let with = |files: Vec<FileAnswer>| {
        let mut answers = building_tax_answers();
        answers.insert("mellekletek".to_owned(), Answer::Files(files));
        kinds_of(&validate(&form, &answers, &ctx()), "mellekletek")
    };
    assert_eq!(with(vec![file("a.pdf", "application/pdf", 1000)]), vec![]);
    assert_eq!(
        with(vec![file("a.exe", "application/x-msdownload", 1000)]),
        vec![ProblemKind::FileTypeNotAllowed]
    );
    assert_eq!(
        with(vec![file("a.pdf", "application/pdf", 11 * 1024 * 1024)]),
        vec![ProblemKind::FileTooLarge]
    );
    assert_eq!(
        with(
            (0..6)
                .map(|i| file(&format!("{i}.pdf"), "application/pdf", 10))
                .collect()
        ),
        vec![ProblemKind::TooManyFiles]
    );
}

#[test]
fn a_page_is_validated_on_its_own() {
    let form = template("epitmenyado_bevallas");
    let answers = Answers::from([("nev".to_owned(), text("Minta Péter"))]);
    let problems = validate_page(&form, "bevallas_oka", &answers, &ctx());
    let fields: BTreeSet<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, BTreeSet::from(["ok", "valtozas_napja"]));
}

#[test]
fn definitions_with_faults_are_caught() {
    let mut form = template("e_papir");
    let first = form.pages[0].sections[0].fields[0].clone();
    form.pages[0].sections[0].fields.push(first);
    form.pages[0].sections[0].fields[0].show_if = Some(Condition::Answered {
        field: "szoveg".to_owned(),
    });
    let problems = form.problems();
    assert!(problems.iter().any(|p| p.problem.contains("repeated")));
    assert!(problems.iter().any(|p| p.problem.contains("not before")));
}

#[test]
fn adjustments_add_optional_extra_questions_and_guidance() {
    let central = template("e_papir");
    let extra = Field {
        id: "extra_hirlevel".to_owned(),
        label: "Kér hírlevelet?".to_owned(),
        hint: None,
        required: true,
        show_if: None,
        kind: FieldKind::YesNo,
    };
    let adjustments = Adjustments {
        guidance: "Ügyfélfogadás: hétfő 8–16.".to_owned(),
        extra_questions: vec![extra.clone()],
        ..Default::default()
    };
    let form = compose(&central, &adjustments).unwrap();
    assert_eq!(form.pages.last().unwrap().id, EXTRA_PAGE_ID);
    assert!(!form.pages.last().unwrap().sections[0].fields[0].required);
    assert!(
        form.guidance
            .unwrap()
            .ends_with("Ügyfélfogadás: hétfő 8–16.")
    );
    assert_eq!(
        validate(
            &compose(&central, &adjustments).unwrap(),
            &e_paper_answers(),
            &ctx()
        ),
        vec![]
    );

    let clash = Adjustments {
        extra_questions: vec![Field {
            id: "targy".to_owned(),
            ..extra
        }],
        ..Default::default()
    };
    assert!(compose(&central, &clash).is_err());
}

#[test]
fn a_large_form_is_sound() {
    let form = large_form(150);
    assert_eq!(form.problems(), vec![]);
    assert_eq!(
        form.pages
            .iter()
            .map(|p| p.sections[0].fields.len())
            .sum::<usize>(),
        150
    );
}

fn arbitrary_answer() -> impl Strategy<Value = Answer> {
    let leaf = prop_oneof![
        "[a-z0-9 ,.-]{0,12}".prop_map(Answer::Text),
        Just(Answer::Text("yes".to_owned())),
        Just(Answer::Text("maganszemely".to_owned())),
        Just(Answer::Text("vallalkozas".to_owned())),
        proptest::collection::vec("[a-z]{0,6}", 0..3).prop_map(Answer::Choices),
        Just(address("2100", "Gödöllő")),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        proptest::collection::vec(
            proptest::collection::btree_map(
                prop_oneof![
                    Just("cim".to_owned()),
                    Just("kedvezmeny".to_owned()),
                    Just("x".to_owned())
                ],
                inner,
                0..3,
            ),
            0..3,
        )
        .prop_map(Answer::Items)
    })
}

fn arbitrary_answers() -> impl Strategy<Value = Answers> {
    let ids = prop_oneof![
        Just("bevallo_tipusa".to_owned()),
        Just("nev".to_owned()),
        Just("adoazonosito_jel".to_owned()),
        Just("adoszam".to_owned()),
        Just("lakcim".to_owned()),
        Just("epitmenyek".to_owned()),
        Just("valtozas_napja".to_owned()),
        Just("ismeretlen".to_owned()),
    ];
    proptest::collection::btree_map(ids, arbitrary_answer(), 0..8)
}

proptest! {
    #[test]
    fn pruned_answers_never_answer_hidden_or_unknown_questions(answers in arbitrary_answers()) {
        let form = template("epitmenyado_bevallas");
        let pruned = prune(&form, &answers);
        let problems = validate(&form, &pruned, &ctx());
        prop_assert!(!problems.iter().any(|p| matches!(p.kind, ProblemKind::HiddenQuestion)), "{problems:?}");
        // Pruning is stable: what it keeps, it keeps.
        prop_assert_eq!(prune(&form, &pruned), pruned);
    }

    #[test]
    fn every_shown_required_question_left_empty_is_reported(answers in arbitrary_answers()) {
        let form = template("epitmenyado_bevallas");
        let shown = visibility(&form, &answers);
        let problems = validate(&form, &answers, &ctx());
        for page in &form.pages {
            for field in page.sections.iter().flat_map(|s| &s.fields) {
                if field.required && shown.field_shown(&field.id) && answers.get(&field.id).is_none_or(Answer::is_empty) {
                    let wanted = FormProblem { field: field.id.clone(), kind: ProblemKind::Required };
                    prop_assert!(problems.contains(&wanted), "{} not reported", field.id);
                }
            }
        }
    }

    #[test]
    fn an_answer_to_a_hidden_question_is_always_refused(value in "[a-z0-9]{1,10}") {
        let form = template("epitmenyado_bevallas");
        let mut answers = building_tax_answers();
        answers.insert("adoszam".to_owned(), Answer::Text(value));
        let problems = validate(&form, &answers, &ctx());
        prop_assert_eq!(problems, vec![FormProblem { field: "adoszam".to_owned(), kind: ProblemKind::HiddenQuestion }]);
    }
}
