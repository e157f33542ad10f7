//! Tables of free rows, for settings whose left-hand side no peer lists
//! (OpenCart order statuses, Shop-Script funnels, MoySklad retail
//! attributes): the stored rows plus one empty row to add one; a row left
//! empty is dropped when read. Cells are named `{id}{n}.{column}` and the
//! row count travels as `{id}.rows`.

use super::fields::{Fields, Posted, value};
use super::picks::Choice;
use maud::{Markup, html};

/// One column: its posted name, its head, and a pick list (none: text).
pub(super) struct Column<'a> {
    pub key: &'static str,
    pub head: &'static str,
    pub choice: Option<&'a Choice>,
}

/// Where a row's problems are found: the rule, and what to look for in a
/// problem line given the row.
pub(super) type Needle<'n> = (&'n str, &'n dyn Fn(&[String]) -> String);

/// The most rows a post is read for.
const MOST: usize = 200;

/// A row's first cell quoted, as most problem lines name it.
pub(super) fn first_quoted(row: &[String]) -> String {
    format!("{:?}", row.first().map_or("", String::as_str))
}

/// The table; a problem line holding `rule` and what `needle` makes of a
/// row is shown in that row.
pub(super) fn table(
    f: &Fields<'_>,
    id: &str,
    (rule, needle): Needle<'_>,
    columns: &[Column<'_>],
    stored: &[Vec<String>],
) -> Markup {
    // After a refused save the rows are drawn as posted, empty ones kept,
    // so each cell, its name and its problems stay together.
    let keys: Vec<&str> = columns.iter().map(|c| c.key).collect();
    let mut rows = match f.posted() {
        Some(posted) if value(posted, &format!("{id}.rows")).is_some() => {
            posted_rows(posted, id, &keys)
        }
        _ => stored.to_vec(),
    };
    if rows.last().is_none_or(|r| !cell_empty(r)) {
        rows.push(vec![String::new(); columns.len()]);
    }
    html! {
        input type="hidden" name=(format!("{id}.rows")) value=(rows.len());
        table id=(id) {
            tr { @for c in columns { th { (c.head) } } }
            @for (n, row) in rows.iter().enumerate() {
                @let quoted = needle(row);
                tr {
                    @for (i, c) in columns.iter().enumerate() {
                        @let name = format!("{id}{n}.{}", c.key);
                        @let cell = row.get(i).map_or("", String::as_str);
                        // Problems go beside the row's last cell.
                        @let needles: Vec<&str> = if i + 1 == columns.len() && !cell_empty(row) { vec![rule, &quoted] } else { vec![] };
                        td {
                            @match c.choice {
                                Some(choice) => (f.select(&name, choice, cell, &needles)),
                                None => (f.text(&name, "", cell, &needles)),
                            }
                        }
                    }
                }
            }
        }
    }
}

fn cell_empty(row: &[String]) -> bool {
    row.iter().all(|c| c.is_empty())
}

/// The posted rows (trimmed), without the empty ones.
pub(super) fn read(posted: &Posted, id: &str, columns: &[&str]) -> Vec<Vec<String>> {
    posted_rows(posted, id, columns)
        .into_iter()
        .filter(|row| !cell_empty(row))
        .collect()
}

/// Every posted row, trimmed, in order.
fn posted_rows(posted: &Posted, id: &str, columns: &[&str]) -> Vec<Vec<String>> {
    let rows: usize = value(posted, &format!("{id}.rows"))
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    (0..rows.min(MOST))
        .map(|n| {
            columns
                .iter()
                .map(|c| {
                    value(posted, &format!("{id}{n}.{c}"))
                        .unwrap_or_default()
                        .trim()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_trimmed_and_empty_ones_dropped() {
        let posted: Posted = [
            ("m.rows", "3"),
            ("m0.a", " 5 "),
            ("m0.b", "complete"),
            ("m1.a", ""),
            ("m1.b", ""),
            ("m2.a", "7"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .to_vec();
        assert_eq!(
            read(&posted, "m", &["a", "b"]),
            vec![
                vec!["5".to_owned(), "complete".into()],
                vec!["7".into(), "".into()]
            ]
        );
    }

    #[test]
    fn a_problem_naming_a_row_is_shown_in_that_row() {
        let problems = vec![r#"SS-4 funnel 3: stage "x" is not a stage id"#.to_owned()];
        let f = Fields::new(None, &problems);
        let cols = [
            Column {
                key: "funnel",
                head: "Funnel",
                choice: None,
            },
            Column {
                key: "stage",
                head: "Stage",
                choice: None,
            },
        ];
        let needle = |row: &[String]| format!("funnel {}:", row[0]);
        let rows = [vec!["3".into(), "x".into()], vec!["4".into(), "y".into()]];
        let html = table(&f, "ss", ("SS-4", &needle), &cols, &rows).into_string();
        assert!(html.contains(r#"data-field="ss0.stage""#), "{html}");
        assert!(!html.contains(r#"data-field="ss1.stage""#), "{html}");
        assert!(f.unclaimed().is_empty());
    }

    #[test]
    fn a_refused_post_is_drawn_as_posted_with_its_problem_in_its_row() {
        let problems = vec![r#"OpenCart status "paid" is not an order_status_id"#.to_owned()];
        let posted: Posted = [("m.rows", "2"), ("m0.a", "1"), ("m1.a", "paid")]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .to_vec();
        let f = Fields::new(Some(&posted), &problems);
        let cols = [Column {
            key: "a",
            head: "A",
            choice: None,
        }];
        let stored = [vec!["1".to_owned()]];
        let html = table(&f, "m", ("OpenCart status", &first_quoted), &cols, &stored).into_string();
        assert!(html.contains(r#"data-field="m1.a""#), "{html}");
        assert!(f.unclaimed().is_empty());
    }
}
