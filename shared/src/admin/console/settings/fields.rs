//! The settings forms' widgets (check boxes, text fields, pick lists,
//! mapping tables, check lists) and where a refusal is shown: each widget
//! names the words a problem line must hold to be its own (the rule id and
//! the code quoted, or the option's name), and shows those lines beside
//! itself; the lines no widget claims go above the form.

use super::picks::Choice;
use maud::{Markup, html};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// A posted form as name/value pairs (check lists repeat a name).
pub(super) type Posted = Vec<(String, String)>;

/// The first value posted under `name`.
pub(super) fn value<'a>(posted: &'a Posted, name: &str) -> Option<&'a str> {
    posted
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `{prefix}.{key}` → value, for the rows whose value is not empty.
pub(super) fn read_map(posted: &Posted, prefix: &str) -> BTreeMap<String, String> {
    let head = format!("{prefix}.");
    posted
        .iter()
        .filter_map(|(n, v)| Some((n.strip_prefix(&head)?.to_owned(), v.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// Every value posted under `name` (a check list), in order, once each.
pub(super) fn read_list(posted: &Posted, name: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    posted
        .iter()
        .filter(|(n, v)| n == name && seen.insert(v.clone()))
        .map(|(_, v)| v.clone())
        .collect()
}

/// A form being drawn: the problems to place and the raw typed text.
pub(super) struct Fields<'a> {
    posted: Option<&'a Posted>,
    problems: &'a [String],
    claimed: RefCell<BTreeSet<usize>>,
}

impl<'a> Fields<'a> {
    pub fn new(posted: Option<&'a Posted>, problems: &'a [String]) -> Self {
        Fields {
            posted,
            problems,
            claimed: RefCell::new(BTreeSet::new()),
        }
    }

    /// The refused post being drawn again, if any.
    pub fn posted(&self) -> Option<&'a Posted> {
        self.posted
    }

    /// The problem lines holding every needle; they are now placed.
    fn errors(&self, needles: &[&str]) -> Vec<&'a str> {
        let mut claimed = self.claimed.borrow_mut();
        self.problems
            .iter()
            .enumerate()
            .filter(|(_, line)| !needles.is_empty() && needles.iter().all(|n| line.contains(n)))
            .map(|(i, line)| {
                claimed.insert(i);
                line.as_str()
            })
            .collect()
    }

    /// The problem lines no widget showed (draw the form first).
    pub fn unclaimed(&self) -> Vec<&'a str> {
        let claimed = self.claimed.borrow();
        self.problems
            .iter()
            .enumerate()
            .filter(|(i, _)| !claimed.contains(i))
            .map(|(_, l)| l.as_str())
            .collect()
    }

    /// The problems holding every needle, beside the field `name`.
    pub fn error_marks(&self, name: &str, needles: &[&str]) -> Markup {
        let errors = self.errors(needles);
        html! {
            @if !errors.is_empty() {
                span class="field-error" role="alert" data-field=(name) { (errors.join(" ")) }
            }
        }
    }

    pub fn checkbox(&self, name: &str, label: &str, on: bool, needles: &[&str]) -> Markup {
        html! {
            div {
                label style="font-weight:normal" {
                    input type="checkbox" name=(name) id=(name) value="on" checked[on];
                    " " (label)
                }
                (self.error_marks(name, needles))
            }
        }
    }

    /// A text field; after a refused save it shows what was typed.
    pub fn text(&self, name: &str, label: &str, stored: &str, needles: &[&str]) -> Markup {
        let shown = self.posted.and_then(|p| value(p, name)).unwrap_or(stored);
        html! {
            label for=(name) { (label) }
            input type="text" name=(name) id=(name) value=(shown);
            (self.error_marks(name, needles))
        }
    }

    /// A pick list, or a text field when the list could not be read.
    pub fn select(&self, name: &str, choice: &Choice, chosen: &str, needles: &[&str]) -> Markup {
        html! {
            (picker(name, choice, chosen))
            (self.error_marks(name, needles))
        }
    }

    /// One row per left-hand entry (and per stored key the list lacks),
    /// each with a pick list of right-hand entries; `rule` starts the
    /// problem lines that concern this mapping.
    pub fn mapping(
        &self,
        prefix: &str,
        rule: &str,
        heads: (&str, &str),
        (left, right): (&Choice, &Choice),
        map: &BTreeMap<String, String>,
    ) -> Markup {
        let mut rows: Vec<(String, String)> = left
            .picks()
            .iter()
            .map(|p| (p.value.clone(), p.label.clone()))
            .collect();
        for key in map.keys() {
            if !rows.iter().any(|(v, _)| v == key) {
                rows.push((key.clone(), format!("{key} (not in the list)")));
            }
        }
        html! {
            @if let Choice::Failed(why) = left {
                p class="error" { "Could not read the list: " (why) }
            }
            table id=(prefix) {
                tr { th { (heads.0) } th { (heads.1) } }
                @for (key, label) in &rows {
                    @let name = format!("{prefix}.{key}");
                    @let quoted = format!("{key:?}");
                    tr {
                        td { (label) }
                        td { (self.select(&name, right, map.get(key).map_or("", String::as_str), &[rule, &quoted])) }
                    }
                }
            }
        }
    }

    /// A check box per entry of `choice` (and per chosen code it lacks).
    pub fn checklist(&self, name: &str, rule: &str, choice: &Choice, chosen: &[String]) -> Markup {
        let mut rows: Vec<(String, String)> = choice
            .picks()
            .iter()
            .map(|p| (p.value.clone(), p.label.clone()))
            .collect();
        for code in chosen {
            if !rows.iter().any(|(v, _)| v == code) {
                rows.push((code.clone(), format!("{code} (not in the list)")));
            }
        }
        html! {
            @if let Choice::Failed(why) = choice {
                p class="error" { "Could not read the list: " (why) }
            }
            div id=(name) {
                @for (code, label) in &rows {
                    label style="font-weight:normal" {
                        input type="checkbox" name=(name) value=(code) checked[chosen.contains(code)];
                        " " (label)
                    }
                }
            }
            (self.error_marks(name, &[rule]))
        }
    }
}

/// A `<select>` with an empty "not mapped" choice; a chosen value the list
/// lacks stays chosen (shown as such); no list: a text field.
fn picker(name: &str, choice: &Choice, chosen: &str) -> Markup {
    match choice {
        Choice::Failed(_) => html! {
            input type="text" name=(name) id=(name) value=(chosen);
        },
        Choice::Loaded(picks) => {
            let known = picks.iter().any(|p| p.value == chosen);
            html! {
                select name=(name) id=(name) {
                    option value="" selected[chosen.is_empty()] { "— not mapped —" }
                    @for p in picks {
                        option value=(p.value) selected[p.value == chosen] { (p.label) }
                    }
                    @if !chosen.is_empty() && !known {
                        option value=(chosen) selected { (chosen) " (not in the list)" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::picks::Pick;
    use super::*;

    fn choice(values: &[&str]) -> Choice {
        Choice::Loaded(
            values
                .iter()
                .map(|v| Pick {
                    value: (*v).into(),
                    label: (*v).into(),
                })
                .collect(),
        )
    }

    #[test]
    fn ms_m2_problem_shows_beside_its_rows_and_the_rest_above_the_form() {
        let problems = vec![
            r#"MS-M2 warehouses (stores) must be one to one: "main" and "south" both map to MoySklad "ms-1""#.to_owned(),
            "journal.max_entries and journal.retention_days must be at least 1".to_owned(),
        ];
        let fields = Fields::new(None, &problems);
        let map = BTreeMap::from([
            ("main".into(), "ms-1".into()),
            ("south".into(), "ms-1".into()),
        ]);
        let html = fields
            .mapping(
                "stores",
                "MS-M2",
                ("a", "b"),
                (
                    &choice(&["main", "south", "north"]),
                    &choice(&["ms-1", "ms-2"]),
                ),
                &map,
            )
            .into_string();
        assert!(html.contains(r#"data-field="stores.main""#), "{html}");
        assert!(html.contains(r#"data-field="stores.south""#), "{html}");
        assert!(!html.contains(r#"data-field="stores.north""#), "{html}");
        assert_eq!(fields.unclaimed(), vec![problems[1].as_str()]);
    }

    #[test]
    fn a_chosen_value_the_list_lacks_stays_chosen_and_a_failed_list_is_a_text_field() {
        let html = picker("x", &choice(&["a"]), "gone").into_string();
        assert!(html.contains(r#"<option value="gone" selected>"#), "{html}");
        let html = picker("x", &Choice::Failed("down".into()), "typed").into_string();
        assert!(
            html.contains(r#"<input type="text" name="x" id="x" value="typed">"#),
            "{html}"
        );
    }
}
