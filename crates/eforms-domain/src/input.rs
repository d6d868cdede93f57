//! Reading one posted page of a form back into answers (pure).
//!
//! Every input of a page is named after its answer path: `f.{id}` for a simple answer,
//! `f.{id}.{part}` for an address's parts, `f.{group}.{index}.{inner}` inside a repeating
//! group (whose item count travels as `f.{group}.count`). A page without JavaScript posts
//! every input it showed, so the answers of the page's questions are *replaced* by what was
//! posted (an unticked box or an emptied field removes the earlier answer); files are never
//! in the post itself: they are kept unless the citizen ticked `f.{id}.remove` for one.
use std::collections::BTreeMap;

use crate::language::{AddressAnswer, Answer, Answers, Field, FieldKind, FileAnswer, FormPage};

/// The posted text fields of a page, by name (a name may repeat: ticked checkboxes).
#[derive(Debug, Default, Clone)]
pub struct Posted {
    values: BTreeMap<String, Vec<String>>,
}

impl Posted {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Posted {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in pairs {
            values.entry(name).or_default().push(value);
        }
        Posted { values }
    }

    pub fn first(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    pub fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Longest text a single input may carry into a draft (the form's own limits are checked by
/// validation; this only bounds what is stored).
const MAX_INPUT_CHARS: usize = 20_000;

fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .take(MAX_INPUT_CHARS)
        .collect()
}

fn field_answer(field: &Field, name: &str, posted: &Posted, earlier: Option<&Answer>) -> Answer {
    match &field.kind {
        FieldKind::Choice { multiple: true, .. } => Answer::Choices(
            posted
                .all(name)
                .iter()
                .filter(|v| !v.is_empty())
                .map(|v| clean(v))
                .collect(),
        ),
        FieldKind::Address => Answer::Address(AddressAnswer {
            postal_code: clean(posted.first(&format!("{name}.postal_code")).unwrap_or("")),
            settlement: clean(posted.first(&format!("{name}.settlement")).unwrap_or("")),
            street: clean(posted.first(&format!("{name}.street")).unwrap_or("")),
            house_number: clean(posted.first(&format!("{name}.house_number")).unwrap_or("")),
        }),
        FieldKind::File { .. } => {
            let removed = posted.all(&format!("{name}.remove"));
            let kept: Vec<FileAnswer> = match earlier {
                Some(Answer::Files(files)) => files
                    .iter()
                    .filter(|f| !removed.contains(&f.upload_id))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            Answer::Files(kept)
        }
        FieldKind::Group {
            fields, max_items, ..
        } => {
            let count = posted
                .first(&format!("{name}.count"))
                .and_then(|c| c.trim().parse::<u32>().ok())
                .unwrap_or(0)
                .min(*max_items);
            let earlier_items = match earlier {
                Some(Answer::Items(items)) => items.as_slice(),
                _ => &[],
            };
            Answer::Items(
                (0..count as usize)
                    .map(|index| {
                        let earlier_item = earlier_items.get(index);
                        fields
                            .iter()
                            .map(|inner| {
                                let earlier_inner = earlier_item.and_then(|i| i.get(&inner.id));
                                (
                                    inner.id.clone(),
                                    field_answer(
                                        inner,
                                        &format!("{name}.{index}.{}", inner.id),
                                        posted,
                                        earlier_inner,
                                    ),
                                )
                            })
                            .filter(|(_, answer)| !answer.is_empty())
                            .collect()
                    })
                    .collect(),
            )
        }
        _ => Answer::Text(clean(posted.first(name).unwrap_or("").trim())),
    }
}

/// The answers after posting `page`: earlier answers to other pages untouched, this page's
/// questions answered as posted.
pub fn merge_page(page: &FormPage, posted: &Posted, earlier: &Answers) -> Answers {
    let mut answers = earlier.clone();
    for field in page.sections.iter().flat_map(|s| &s.fields) {
        let name = format!("f.{}", field.id);
        let answer = field_answer(field, &name, posted, earlier.get(&field.id));
        if answer.is_empty() {
            answers.remove(&field.id);
        } else {
            answers.insert(field.id.clone(), answer);
        }
    }
    answers
}

/// What the citizen asked for with the button pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAction {
    /// Save, check this page, go to the next page shown.
    Continue,
    /// Save without checking, go to the previous page.
    Back,
    /// Save without checking and leave (signed-in citizens keep a draft).
    SaveAndLeave,
    /// Add an empty item to a repeating group, stay on the page.
    AddItem(String),
    /// Remove item `index` of a repeating group, stay on the page.
    RemoveItem(String, usize),
    /// Upload the files chosen, stay on the page.
    Upload,
}

impl PageAction {
    pub fn parse(value: Option<&str>) -> PageAction {
        let value = value.unwrap_or("tovabb");
        if let Some(group) = value.strip_prefix("hozzaad:") {
            return PageAction::AddItem(group.to_owned());
        }
        if let Some(rest) = value.strip_prefix("torol:")
            && let Some((group, index)) = rest.rsplit_once(':')
            && let Ok(index) = index.parse()
        {
            return PageAction::RemoveItem(group.to_owned(), index);
        }
        match value {
            "vissza" => PageAction::Back,
            "mentes" => PageAction::SaveAndLeave,
            "feltoltes" => PageAction::Upload,
            _ => PageAction::Continue,
        }
    }
}

/// Applies an add/remove item action of a repeating group on `page` to the answers.
pub fn apply_item_action(page: &FormPage, action: &PageAction, answers: &mut Answers) {
    let group_of = |id: &str| {
        page.sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| f.id == id)
            .and_then(|f| match f.kind {
                FieldKind::Group { max_items, .. } => Some(max_items),
                _ => None,
            })
    };
    match action {
        PageAction::AddItem(group) => {
            if let Some(max_items) = group_of(group) {
                let entry = answers
                    .entry(group.clone())
                    .or_insert_with(|| Answer::Items(Vec::new()));
                if let Answer::Items(items) = entry
                    && items.len() < max_items as usize
                {
                    items.push(Answers::new());
                } else if !matches!(entry, Answer::Items(_)) {
                    *entry = Answer::Items(vec![Answers::new()]);
                }
            }
        }
        PageAction::RemoveItem(group, index) => {
            if group_of(group).is_some()
                && let Some(Answer::Items(items)) = answers.get_mut(group)
                && *index < items.len()
            {
                items.remove(*index);
                if items.is_empty() {
                    answers.remove(group);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{ChoiceOption, Section};

    fn field(id: &str, kind: FieldKind) -> Field {
        Field {
            id: id.into(),
            label: id.into(),
            hint: None,
            required: false,
            show_if: None,
            kind,
        }
    }

    fn page() -> FormPage {
        FormPage {
            id: "p".into(),
            title: "P".into(),
            guidance: None,
            show_if: None,
            sections: vec![Section {
                title: None,
                fields: vec![
                    field(
                        "name",
                        FieldKind::Text {
                            multiline: false,
                            min_length: None,
                            max_length: None,
                        },
                    ),
                    field(
                        "colours",
                        FieldKind::Choice {
                            options: vec![
                                ChoiceOption {
                                    value: "red".into(),
                                    label: "Red".into(),
                                },
                                ChoiceOption {
                                    value: "blue".into(),
                                    label: "Blue".into(),
                                },
                            ],
                            multiple: true,
                        },
                    ),
                    field("home", FieldKind::Address),
                    field(
                        "owners",
                        FieldKind::Group {
                            fields: vec![field("owner_name", FieldKind::TaxId)],
                            min_items: 0,
                            max_items: 3,
                            item_label: "tulajdonos".into(),
                        },
                    ),
                    field(
                        "docs",
                        FieldKind::File {
                            max_count: 2,
                            max_bytes: 100,
                            accept: vec!["application/pdf".into()],
                        },
                    ),
                ],
            }],
        }
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn posted_inputs_become_answers_of_their_kind() {
        let answers = merge_page(
            &page(),
            &posted(&[
                ("f.name", "  Kiss Anna "),
                ("f.colours", "red"),
                ("f.colours", "blue"),
                ("f.home.postal_code", "2100"),
                ("f.home.settlement", "Gödöllő"),
                ("f.home.street", "Fő tér"),
                ("f.home.house_number", "1"),
                ("f.owners.count", "2"),
                ("f.owners.0.owner_name", "8123456789"),
                ("f.owners.1.owner_name", ""),
            ]),
            &Answers::new(),
        );
        assert_eq!(answers["name"], Answer::Text("Kiss Anna".into()));
        assert_eq!(
            answers["colours"],
            Answer::Choices(vec!["red".into(), "blue".into()])
        );
        let Answer::Address(home) = &answers["home"] else {
            panic!("address expected")
        };
        assert_eq!(home.postal_code, "2100");
        let Answer::Items(items) = &answers["owners"] else {
            panic!("items expected")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["owner_name"], Answer::Text("8123456789".into()));
        assert!(items[1].is_empty(), "an empty item stays as a blank item");
    }

    #[test]
    fn an_emptied_page_removes_its_earlier_answers_but_not_other_pages() {
        let mut earlier = Answers::new();
        earlier.insert("name".into(), Answer::Text("Kiss Anna".into()));
        earlier.insert("colours".into(), Answer::Choices(vec!["red".into()]));
        earlier.insert("elsewhere".into(), Answer::Text("kept".into()));
        let answers = merge_page(&page(), &posted(&[("f.name", "")]), &earlier);
        assert!(!answers.contains_key("name"));
        assert!(
            !answers.contains_key("colours"),
            "unticked boxes post nothing"
        );
        assert_eq!(answers["elsewhere"], Answer::Text("kept".into()));
    }

    #[test]
    fn files_are_kept_unless_removed() {
        let file = |id: &str| FileAnswer {
            upload_id: id.into(),
            name: format!("{id}.pdf"),
            content_type: "application/pdf".into(),
            size: 10,
        };
        let mut earlier = Answers::new();
        earlier.insert("docs".into(), Answer::Files(vec![file("1"), file("2")]));
        let kept = merge_page(&page(), &posted(&[]), &earlier);
        assert_eq!(kept["docs"], Answer::Files(vec![file("1"), file("2")]));
        let after = merge_page(&page(), &posted(&[("f.docs.remove", "1")]), &earlier);
        assert_eq!(after["docs"], Answer::Files(vec![file("2")]));
        // A forged upload id in the post never adds a file.
        let forged = merge_page(&page(), &posted(&[("f.docs", "999")]), &earlier);
        assert_eq!(forged["docs"], Answer::Files(vec![file("1"), file("2")]));
    }

    #[test]
    fn a_group_never_grows_past_its_limit() {
        let answers = merge_page(
            &page(),
            &posted(&[("f.owners.count", "50")]),
            &Answers::new(),
        );
        let Answer::Items(items) = &answers["owners"] else {
            panic!("items expected")
        };
        assert_eq!(items.len(), 3);
        let mut answers = answers.clone();
        apply_item_action(&page(), &PageAction::AddItem("owners".into()), &mut answers);
        let Answer::Items(items) = &answers["owners"] else {
            panic!("items expected")
        };
        assert_eq!(items.len(), 3);
    }

    #[test]
    fn items_are_added_and_removed_only_in_groups_of_the_page() {
        let mut answers = Answers::new();
        apply_item_action(&page(), &PageAction::AddItem("owners".into()), &mut answers);
        apply_item_action(&page(), &PageAction::AddItem("owners".into()), &mut answers);
        apply_item_action(&page(), &PageAction::AddItem("name".into()), &mut answers);
        apply_item_action(&page(), &PageAction::AddItem("nope".into()), &mut answers);
        assert_eq!(answers.len(), 1);
        apply_item_action(
            &page(),
            &PageAction::RemoveItem("owners".into(), 5),
            &mut answers,
        );
        let Answer::Items(items) = &answers["owners"] else {
            panic!("items expected")
        };
        assert_eq!(items.len(), 2);
        apply_item_action(
            &page(),
            &PageAction::RemoveItem("owners".into(), 0),
            &mut answers,
        );
        apply_item_action(
            &page(),
            &PageAction::RemoveItem("owners".into(), 0),
            &mut answers,
        );
        assert!(answers.is_empty());
    }

    #[test]
    fn actions_are_read_from_the_button_pressed() {
        assert_eq!(PageAction::parse(None), PageAction::Continue);
        assert_eq!(PageAction::parse(Some("vissza")), PageAction::Back);
        assert_eq!(
            PageAction::parse(Some("hozzaad:owners")),
            PageAction::AddItem("owners".into())
        );
        assert_eq!(
            PageAction::parse(Some("torol:owners:2")),
            PageAction::RemoveItem("owners".into(), 2)
        );
        assert_eq!(
            PageAction::parse(Some("torol:owners:x")),
            PageAction::Continue
        );
    }
}
