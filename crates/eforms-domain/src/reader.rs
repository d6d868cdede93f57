//! Reading a form definition and answers from their JSON without serde's derived readers.
//!
//! The citizen's browser bundle must stay small (under 100 KB gzip): serde's readers for
//! the definition's flattened, tagged and untagged enums cost about a third of it. This
//! reader accepts exactly what the server writes (`serde_json::to_string` of the same
//! types); the tests prove that every shape reads back equal to what was written.
use std::collections::BTreeMap;

use crate::language::{
    AddressAnswer, Answer, Answers, ChoiceOption, Condition, DateRange, Field, FieldKind,
    FileAnswer, FormDefinition, FormPage, Section,
};

/// A definition, or `None` when the text is not one.
pub fn read_definition(text: &str) -> Option<FormDefinition> {
    definition(&parse(text)?)
}

/// Answers by field id, or `None` when the text is not such a map.
pub fn read_answers(text: &str) -> Option<Answers> {
    answers(&parse(text)?)
}

/// A parsed JSON value. Objects keep their keys in order.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Nesting deeper than this is refused (a definition nests a few levels: group in group,
/// condition in condition); it keeps a hostile page from exhausting the stack.
const MAX_DEPTH: usize = 64;

fn parse(text: &str) -> Option<Json> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.skip_space();
    (parser.at == parser.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Option<Json> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'n' => self.literal(b"null", Json::Null),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.peek()? == b']' {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(Json::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut entries = Vec::new();
                self.skip_space();
                if self.peek()? == b'}' {
                    self.at += 1;
                    return Some(Json::Object(entries));
                }
                loop {
                    self.skip_space();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_space();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.at += 1;
                    entries.push((key, self.value(depth + 1)?));
                    self.skip_space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(Json::Object(entries));
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.number().map(Json::Number),
        }
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        std::str::from_utf8(self.bytes.get(start..self.at)?)
            .ok()?
            .parse()
            .ok()
    }

    fn hex4(&mut self) -> Option<u32> {
        let end = self.at.checked_add(4)?;
        let digits = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        self.at = end;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?);
            let quote_or_escape = self.peek()?;
            self.at += 1;
            if quote_or_escape == b'"' {
                return Some(out);
            }
            let escaped = self.peek()?;
            self.at += 1;
            match escaped {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let first = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&first) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        if self.bytes.get(self.at..self.at.checked_add(2)?)? != b"\\u" {
                            return None;
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&second) {
                            return None;
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    } else {
                        first
                    };
                    out.push(char::from_u32(code)?);
                }
                _ => return None,
            }
        }
    }
}

// ---- From the parsed value to the form language's types ----------------------------------

fn get<'a>(object: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    object.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn object(value: &Json) -> Option<&[(String, Json)]> {
    match value {
        Json::Object(entries) => Some(entries),
        _ => None,
    }
}

fn array(value: &Json) -> Option<&[Json]> {
    match value {
        Json::Array(items) => Some(items),
        _ => None,
    }
}

fn text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn number(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => Some(*n),
        _ => None,
    }
}

fn whole(value: &Json) -> Option<u64> {
    let n = number(value)?;
    (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0).then_some(n as u64)
}

fn small(value: &Json) -> Option<u32> {
    u32::try_from(whole(value)?).ok()
}

fn required_text(o: &[(String, Json)], key: &str) -> Option<String> {
    text(get(o, key)?)
}

/// An optional member: absent or null is `None`; present but of the wrong type fails.
fn optional<T>(
    o: &[(String, Json)],
    key: &str,
    read: impl Fn(&Json) -> Option<T>,
) -> Option<Option<T>> {
    match get(o, key) {
        None | Some(Json::Null) => Some(None),
        Some(value) => read(value).map(Some),
    }
}

/// A member with a default when absent.
fn defaulted<T: Default>(
    o: &[(String, Json)],
    key: &str,
    read: impl Fn(&Json) -> Option<T>,
) -> Option<T> {
    match get(o, key) {
        None => Some(T::default()),
        Some(value) => read(value),
    }
}

fn list<T>(value: &Json, read: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    array(value)?.iter().map(read).collect()
}

fn boolean(value: &Json) -> Option<bool> {
    match value {
        Json::Bool(b) => Some(*b),
        _ => None,
    }
}

fn definition(value: &Json) -> Option<FormDefinition> {
    let o = object(value)?;
    Some(FormDefinition {
        language_version: small(get(o, "language_version")?)?,
        title: required_text(o, "title")?,
        guidance: optional(o, "guidance", text)?,
        pages: list(get(o, "pages")?, page)?,
    })
}

fn page(value: &Json) -> Option<FormPage> {
    let o = object(value)?;
    Some(FormPage {
        id: required_text(o, "id")?,
        title: required_text(o, "title")?,
        guidance: optional(o, "guidance", text)?,
        show_if: optional(o, "show_if", condition)?,
        sections: list(get(o, "sections")?, section)?,
    })
}

fn section(value: &Json) -> Option<Section> {
    let o = object(value)?;
    Some(Section {
        title: optional(o, "title", text)?,
        fields: list(get(o, "fields")?, field)?,
    })
}

fn field(value: &Json) -> Option<Field> {
    let o = object(value)?;
    Some(Field {
        id: required_text(o, "id")?,
        label: required_text(o, "label")?,
        hint: optional(o, "hint", text)?,
        required: defaulted(o, "required", boolean)?,
        show_if: optional(o, "show_if", condition)?,
        kind: field_kind(o)?,
    })
}

fn field_kind(o: &[(String, Json)]) -> Option<FieldKind> {
    Some(match required_text(o, "type")?.as_str() {
        "text" => FieldKind::Text {
            multiline: defaulted(o, "multiline", boolean)?,
            min_length: optional(o, "min_length", small)?,
            max_length: optional(o, "max_length", small)?,
        },
        "number" => FieldKind::Number {
            min: optional(o, "min", number)?,
            max: optional(o, "max", number)?,
            decimals: defaulted(o, "decimals", |v| u8::try_from(whole(v)?).ok())?,
            unit: optional(o, "unit", text)?,
        },
        "date" => FieldKind::Date {
            range: defaulted(o, "range", |v| match text(v)?.as_str() {
                "any" => Some(DateRange::Any),
                "past_or_today" => Some(DateRange::PastOrToday),
                "today_or_future" => Some(DateRange::TodayOrFuture),
                _ => None,
            })?,
        },
        "choice" => FieldKind::Choice {
            options: list(get(o, "options")?, |v| {
                let o = object(v)?;
                Some(ChoiceOption {
                    value: required_text(o, "value")?,
                    label: required_text(o, "label")?,
                })
            })?,
            multiple: defaulted(o, "multiple", boolean)?,
        },
        "yes_no" => FieldKind::YesNo,
        "address" => FieldKind::Address,
        "tax_id" => FieldKind::TaxId,
        "tax_number" => FieldKind::TaxNumber,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "bank_account" => FieldKind::BankAccount,
        "group" => FieldKind::Group {
            fields: list(get(o, "fields")?, field)?,
            min_items: defaulted(o, "min_items", small)?,
            max_items: small(get(o, "max_items")?)?,
            item_label: required_text(o, "item_label")?,
        },
        "file" => FieldKind::File {
            max_count: small(get(o, "max_count")?)?,
            max_bytes: whole(get(o, "max_bytes")?)?,
            accept: list(get(o, "accept")?, text)?,
        },
        _ => return None,
    })
}

fn condition(value: &Json) -> Option<Condition> {
    let o = object(value)?;
    let field = || required_text(o, "field");
    let conditions = || list(get(o, "conditions")?, condition);
    Some(match required_text(o, "op")?.as_str() {
        "equals" => Condition::Equals {
            field: field()?,
            value: required_text(o, "value")?,
        },
        "not_equals" => Condition::NotEquals {
            field: field()?,
            value: required_text(o, "value")?,
        },
        "one_of" => Condition::OneOf {
            field: field()?,
            values: list(get(o, "values")?, text)?,
        },
        "answered" => Condition::Answered { field: field()? },
        "greater_than" => Condition::GreaterThan {
            field: field()?,
            value: number(get(o, "value")?)?,
        },
        "all" => Condition::All {
            conditions: conditions()?,
        },
        "any" => Condition::Any {
            conditions: conditions()?,
        },
        "not" => Condition::Not {
            condition: Box::new(condition(get(o, "condition")?)?),
        },
        _ => return None,
    })
}

fn answers(value: &Json) -> Option<Answers> {
    let mut out = BTreeMap::new();
    for (key, value) in object(value)? {
        // As serde's map reader: a repeated key keeps its last value.
        out.insert(key.clone(), answer(value)?);
    }
    Some(out)
}

/// The variants in the order serde's untagged reader tries them, so both read alike.
fn answer(value: &Json) -> Option<Answer> {
    if let Some(text) = text(value) {
        return Some(Answer::Text(text));
    }
    if let Some(choices) = list(value, text) {
        return Some(Answer::Choices(choices));
    }
    if let Some(o) = object(value) {
        return Some(Answer::Address(AddressAnswer {
            postal_code: required_text(o, "postal_code")?,
            settlement: required_text(o, "settlement")?,
            street: required_text(o, "street")?,
            house_number: required_text(o, "house_number")?,
        }));
    }
    if let Some(items) = list(value, answers) {
        return Some(Answer::Items(items));
    }
    list(value, |v| {
        let o = object(v)?;
        Some(FileAnswer {
            upload_id: required_text(o, "upload_id")?,
            name: required_text(o, "name")?,
            content_type: required_text(o, "content_type")?,
            size: whole(get(o, "size")?)?,
        })
    })
    .map(Answer::Files)
}

#[cfg(test)]
mod tests {
    use proptest::collection::{btree_map, vec};
    use proptest::prelude::*;

    use super::*;
    use crate::templates::{large_form, seed_templates};

    fn written(definition: &FormDefinition) -> String {
        serde_json::to_string(definition).unwrap()
    }

    fn field_of(id: &str, kind: FieldKind) -> Field {
        Field {
            id: id.to_owned(),
            label: format!("Kérdés „{id}”"),
            hint: Some("Segítség\n\"idézve\"\t\\".to_owned()),
            required: true,
            show_if: None,
            kind,
        }
    }

    /// Every field kind (each optional member once given, once absent) and every condition.
    fn every_shape() -> FormDefinition {
        let kinds = vec![
            FieldKind::Text {
                multiline: true,
                min_length: Some(2),
                max_length: Some(400),
            },
            FieldKind::Text {
                multiline: false,
                min_length: None,
                max_length: None,
            },
            FieldKind::Number {
                min: Some(-12.5),
                max: Some(1e12),
                decimals: 2,
                unit: Some("m²".to_owned()),
            },
            FieldKind::Number {
                min: None,
                max: None,
                decimals: 0,
                unit: None,
            },
            FieldKind::Date {
                range: DateRange::Any,
            },
            FieldKind::Date {
                range: DateRange::PastOrToday,
            },
            FieldKind::Date {
                range: DateRange::TodayOrFuture,
            },
            FieldKind::Choice {
                options: vec![ChoiceOption {
                    value: "a".to_owned(),
                    label: "Á betű".to_owned(),
                }],
                multiple: true,
            },
            FieldKind::YesNo,
            FieldKind::Address,
            FieldKind::TaxId,
            FieldKind::TaxNumber,
            FieldKind::Email,
            FieldKind::Phone,
            FieldKind::BankAccount,
            FieldKind::Group {
                fields: vec![field_of("inner", FieldKind::Email)],
                min_items: 1,
                max_items: 5,
                item_label: "tulajdonos".to_owned(),
            },
            FieldKind::File {
                max_count: 3,
                max_bytes: 20 * 1024 * 1024,
                accept: vec!["application/pdf".to_owned(), "image/jpeg".to_owned()],
            },
        ];
        let conditions = vec![
            Condition::Equals {
                field: "f0".to_owned(),
                value: "x".to_owned(),
            },
            Condition::NotEquals {
                field: "f0".to_owned(),
                value: "y".to_owned(),
            },
            Condition::OneOf {
                field: "f0".to_owned(),
                values: vec!["a".to_owned(), "b".to_owned()],
            },
            Condition::Answered {
                field: "f1".to_owned(),
            },
            Condition::GreaterThan {
                field: "f2".to_owned(),
                value: 0.1,
            },
            Condition::All { conditions: vec![] },
            Condition::Any {
                conditions: vec![Condition::Answered {
                    field: "f1".to_owned(),
                }],
            },
            Condition::Not {
                condition: Box::new(Condition::All {
                    conditions: vec![Condition::Answered {
                        field: "f0".to_owned(),
                    }],
                }),
            },
        ];
        let mut fields: Vec<Field> = kinds
            .into_iter()
            .enumerate()
            .map(|(i, kind)| field_of(&format!("f{i}"), kind))
            .collect();
        for (field, condition) in fields.iter_mut().skip(3).zip(conditions.clone()) {
            field.show_if = Some(condition);
            field.required = false;
            field.hint = None;
        }
        FormDefinition {
            language_version: 1,
            title: "Minden alak".to_owned(),
            guidance: None,
            pages: vec![
                FormPage {
                    id: "p1".to_owned(),
                    title: "Első".to_owned(),
                    guidance: Some("Útmutató 😀".to_owned()),
                    show_if: None,
                    sections: vec![Section {
                        title: Some("Szakasz".to_owned()),
                        fields,
                    }],
                },
                FormPage {
                    id: "p2".to_owned(),
                    title: "Második".to_owned(),
                    guidance: None,
                    show_if: Some(conditions[7].clone()),
                    sections: vec![Section {
                        title: None,
                        fields: vec![],
                    }],
                },
            ],
        }
    }

    #[test]
    fn every_central_template_reads_back_as_written() {
        for template in seed_templates() {
            let text = written(&template.definition);
            assert_eq!(
                read_definition(&text),
                Some(template.definition),
                "{}",
                template.code
            );
        }
        let large = large_form(500);
        assert_eq!(read_definition(&written(&large)), Some(large));
    }

    #[test]
    fn every_field_kind_and_condition_reads_back_as_written() {
        let definition = every_shape();
        assert_eq!(
            read_definition(&written(&definition)),
            Some(definition.clone())
        );
        // Pretty-printed (whitespace everywhere) reads the same.
        let pretty = serde_json::to_string_pretty(&definition).unwrap();
        assert_eq!(read_definition(&pretty), Some(definition));
    }

    #[test]
    fn what_is_not_a_definition_reads_as_nothing() {
        let text = written(&every_shape());
        // Cut anywhere, the text is refused rather than read in part.
        for cut in (0..text.len())
            .step_by(97)
            .filter(|&i| text.is_char_boundary(i))
        {
            assert_eq!(read_definition(&text[..cut]), None, "cut at {cut}");
        }
        for bad in [
            "",
            "null",
            "[]",
            "{}",
            &format!("{text} x"),
            &text.replacen("\"type\":\"email\"", "\"type\":\"fax\"", 1),
            &text.replacen("\"op\":\"answered\"", "\"op\":\"maybe\"", 1),
            &text.replacen("\"max_items\":5", "\"max_items\":-5", 1),
            &text.replacen("\"title\":\"Minden alak\"", "\"title\":7", 1),
        ] {
            assert_eq!(read_definition(bad), None, "{bad}");
        }
        // Nesting beyond any real form is refused, not followed until the stack runs out.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(read_answers(&deep), None);
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(read_answers(&deep), None);
    }

    fn answer_strategy() -> impl Strategy<Value = Answer> {
        let file = (".*", ".*", "[a-z]+/[a-z]+", any::<u32>()).prop_map(
            |(upload_id, name, content_type, size)| FileAnswer {
                upload_id,
                name,
                content_type,
                size: u64::from(size),
            },
        );
        let leaf = prop_oneof![
            ".*".prop_map(Answer::Text),
            vec(".*", 0..3).prop_map(Answer::Choices),
            (".*", ".*", ".*", ".*").prop_map(|(postal_code, settlement, street, house_number)| {
                Answer::Address(AddressAnswer {
                    postal_code,
                    settlement,
                    street,
                    house_number,
                })
            }),
            vec(file, 0..3).prop_map(Answer::Files),
        ];
        leaf.prop_recursive(3, 24, 3, |inner| {
            vec(btree_map("[a-z_]{1,6}", inner, 0..3), 0..3).prop_map(Answer::Items)
        })
    }

    proptest! {
        /// The answers read exactly as serde reads them (including the shapes that serde
        /// reads as another variant, such as an empty list of files).
        #[test]
        fn answers_read_as_serde_reads_them(
            answers in btree_map("[a-z_.0-9]{1,8}", answer_strategy(), 0..5)
        ) {
            let text = serde_json::to_string(&answers).unwrap();
            let by_serde: Option<Answers> = serde_json::from_str(&text).ok();
            prop_assert!(by_serde.is_some());
            prop_assert_eq!(read_answers(&text), by_serde);
        }

        /// Any text and any finite number in a definition reads back unchanged.
        #[test]
        fn texts_and_numbers_read_back_unchanged(
            title in ".*",
            label in "\\PC*",
            hint in any::<String>(),
            min in any::<f64>().prop_filter("finite", |n| n.is_finite()),
            max_bytes in 0..(1u64 << 53),
        ) {
            let mut definition = every_shape();
            definition.title = title;
            let fields = &mut definition.pages[0].sections[0].fields;
            fields[0].label = label;
            fields[0].hint = Some(hint);
            fields[2].kind = FieldKind::Number { min: Some(min), max: None, decimals: 0, unit: None };
            fields[16].kind = FieldKind::File { max_count: 1, max_bytes, accept: vec![] };
            prop_assert_eq!(read_definition(&written(&definition)), Some(definition));
        }
    }
}
