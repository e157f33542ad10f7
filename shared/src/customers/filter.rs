//! CM-1: which customers a list shows. A group, "no group", or every
//! group; and a search that is either text (a substring of the name or
//! the e-mail, any case) or a phone number, compared by its digits so that
//! `+7 (912) 345-67-89` finds `79123456789`.
//!
//! Systems filter what they can themselves (OpenCart's `customer.list`
//! takes a group and a text search); `matches` is the one definition the
//! rest is held to, and what a phone search is checked against.

use super::row::CustomerRow;

/// The group part of a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GroupChoice {
    #[default]
    All,
    /// The customers of this group (its id in the system).
    Group(String),
    /// The customers whose group does not exist (none, or deleted).
    NoGroup,
}

/// What a search string is taken as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// Lower-cased; matched against "first last" and the e-mail.
    Text(String),
    /// The digits of a phone number.
    Phone(String),
}

/// A list's filter: a group choice and an optional search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerFilter {
    pub group: GroupChoice,
    pub search: Option<Search>,
}

/// The fewest digits a phone search needs (fewer would match most of the list).
const MIN_PHONE_DIGITS: usize = 3;

impl Search {
    /// `None` for an empty search. A string of digits and phone punctuation
    /// (`+ - ( ) .` and spaces) with at least three digits is a phone
    /// number; anything else is text.
    pub fn parse(raw: &str) -> Option<Search> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let phone_like = raw
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | ' '));
        let digits = normalise_phone(raw);
        if phone_like && digits.len() >= MIN_PHONE_DIGITS {
            Some(Search::Phone(digits))
        } else {
            Some(Search::Text(raw.to_lowercase()))
        }
    }
}

/// A phone number's digits, nothing else.
pub fn normalise_phone(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

impl CustomerFilter {
    /// Whether `row` belongs in the list. `known_groups` are the ids of the
    /// system's existing groups (a row whose group is not among them has
    /// "no group", as OpenCart counts a deleted group).
    pub fn matches(&self, row: &CustomerRow, known_groups: &[String]) -> bool {
        let group_ok = match &self.group {
            GroupChoice::All => true,
            GroupChoice::Group(id) => &row.group_id == id,
            GroupChoice::NoGroup => !known_groups.contains(&row.group_id),
        };
        group_ok
            && match &self.search {
                None => true,
                Some(Search::Text(text)) => {
                    row.full_name().to_lowercase().contains(text)
                        || row.email.to_lowercase().contains(text)
                }
                Some(Search::Phone(digits)) => normalise_phone(&row.phone).contains(digits),
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: (&str, &str), email: &str, phone: &str, group: &str) -> CustomerRow {
        CustomerRow {
            id: id.into(),
            first_name: name.0.into(),
            last_name: name.1.into(),
            email: email.into(),
            phone: phone.into(),
            group_id: group.into(),
            ..CustomerRow::default()
        }
    }

    fn list() -> Vec<CustomerRow> {
        vec![
            row(
                "1",
                ("Анна", "Кузнецова"),
                "anna@example.ru",
                "+7 (912) 345-67-89",
                "1",
            ),
            row("2", ("Cleo", "Park"), "CLEO@example.com", "030 123456", "2"),
            row("3", ("Zoë", "D'Arcy"), "zoe@example.fr", "", "0"),
            row("4", ("Old", "Group"), "old@example.com", "79123450000", "9"),
        ]
    }

    fn ids(filter: &CustomerFilter) -> Vec<String> {
        let known = vec!["1".to_owned(), "2".to_owned()];
        list()
            .into_iter()
            .filter(|r| filter.matches(r, &known))
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn cm_1_group_filter_and_no_group() {
        let by_group = CustomerFilter {
            group: GroupChoice::Group("2".into()),
            search: None,
        };
        assert_eq!(ids(&by_group), ["2"]);
        let no_group = CustomerFilter {
            group: GroupChoice::NoGroup,
            search: None,
        };
        // Group 0 (none) and group 9 (deleted) both count as "no group".
        assert_eq!(ids(&no_group), ["3", "4"]);
        assert_eq!(ids(&CustomerFilter::default()), ["1", "2", "3", "4"]);
    }

    #[test]
    fn cm_1_search_text_matches_name_and_email_in_any_case() {
        let search = |q: &str| CustomerFilter {
            group: GroupChoice::All,
            search: Search::parse(q),
        };
        assert_eq!(ids(&search("анна куз")), ["1"]);
        assert_eq!(ids(&search("cleo@EXAMPLE")), ["2"]);
        assert_eq!(ids(&search("d'arcy")), ["3"]);
        assert_eq!(ids(&search("nobody")), Vec::<String>::new());
    }

    #[test]
    fn cm_1_search_phone_after_normalisation() {
        assert_eq!(
            Search::parse("+7 912 345"),
            Some(Search::Phone("7912345".into()))
        );
        let search = |q: &str| CustomerFilter {
            group: GroupChoice::All,
            search: Search::parse(q),
        };
        // Formatted one way in the search, another in the record.
        assert_eq!(ids(&search("912-345-67-89")), ["1"]);
        assert_eq!(ids(&search("+7 (912) 345")), ["1", "4"]);
        assert_eq!(ids(&search("(030) 12")), ["2"]);
        // Two digits are too few to be a phone number: searched as text.
        assert_eq!(Search::parse("12"), Some(Search::Text("12".into())));
        assert_eq!(Search::parse("   "), None);
    }
}
