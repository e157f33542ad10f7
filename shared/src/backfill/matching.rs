//! Which shop record a CRM record is, from what both already hold: a pure
//! function over one side's index and the other side's record.
//!
//! Keys: the e-mail address trimmed and lower-cased; the phone's last ten
//! digits (`retailcrm::phone_key`, so `8 (903) 123-45-67` and
//! `+7 903 123 45 67` are one number), only when it has at least seven
//! digits (shorter ones, such as an office extension, are not a person).
//! A record is the shop record that every one of its keys points to: one
//! candidate links, two or more are a conflict for the merchant, none is
//! unmatched. Both keys must agree: an e-mail of one shop customer and a
//! phone of another are two candidates, not a match.

use crate::connectors::retailcrm::phone_key;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// One record as matching sees it: its id in its system and its keys' raw values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

/// What a record matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    One(String),
    /// Two or more candidates, by id.
    Several(Vec<String>),
    None,
}

/// The shop side, indexed by key. Built once per run (it is the side that
/// costs no rate budget to read again after a crash).
#[derive(Debug, Default)]
pub struct Index {
    by_email: HashMap<String, Vec<String>>,
    by_phone: HashMap<String, Vec<String>>,
    ids: Vec<String>,
}

impl Index {
    pub fn add(&mut self, contact: Contact) {
        for email in contact.emails.iter().filter_map(|e| email_key(e)) {
            push_once(self.by_email.entry(email).or_default(), &contact.id);
        }
        for phone in contact.phones.iter().filter_map(|p| person_phone(p)) {
            push_once(self.by_phone.entry(phone).or_default(), &contact.id);
        }
        self.ids.push(contact.id);
    }

    /// Every indexed id, in the order added.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The shop records `contact` is, by every key it has.
    pub fn find(&self, contact: &Contact) -> Match {
        let emails = contact.emails.iter().filter_map(|e| email_key(e));
        let phones = contact.phones.iter().filter_map(|p| person_phone(p));
        let mut found = BTreeSet::new();
        for hits in emails
            .filter_map(|e| self.by_email.get(&e))
            .chain(phones.filter_map(|p| self.by_phone.get(&p)))
        {
            found.extend(hits.iter().cloned());
        }
        let mut found: Vec<String> = found.into_iter().collect();
        match found.len() {
            0 => Match::None,
            1 => Match::One(found.remove(0)),
            _ => Match::Several(found),
        }
    }
}

fn push_once(ids: &mut Vec<String>, id: &str) {
    if !ids.iter().any(|i| i == id) {
        ids.push(id.to_owned());
    }
}

/// The e-mail as a key: trimmed, lower-cased; `None` unless it looks like one.
pub fn email_key(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    email.contains('@').then_some(email)
}

/// The phone as a key when it is long enough to name a person.
pub fn person_phone(raw: &str) -> Option<String> {
    phone_key(raw).filter(|k| k.len() >= 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: &str, emails: &[&str], phones: &[&str]) -> Contact {
        Contact {
            id: id.into(),
            emails: emails.iter().map(|s| s.to_string()).collect(),
            phones: phones.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn index() -> Index {
        let mut index = Index::default();
        index.add(contact(
            "c:1",
            &["Anna@Example.com "],
            &["+7 903 123-45-67"],
        ));
        index.add(contact(
            "c:2",
            &["boris@example.com"],
            &["8 (916) 000-00-02"],
        ));
        index.add(contact("c:3", &["boris@example.com"], &[]));
        index.add(contact("c:4", &[""], &["12-34"]));
        index
    }

    #[test]
    fn email_and_phone_match_whatever_their_spelling() {
        let index = index();
        let by_email = contact("1", &["anna@example.com"], &[]);
        assert_eq!(index.find(&by_email), Match::One("c:1".into()));
        let by_phone = contact("2", &[], &["89031234567"]);
        assert_eq!(index.find(&by_phone), Match::One("c:1".into()));
        let both = contact("3", &["ANNA@example.com"], &["+79031234567"]);
        assert_eq!(index.find(&both), Match::One("c:1".into()));
    }

    #[test]
    fn two_candidates_are_a_conflict_none_is_unmatched() {
        let index = index();
        let shared_email = contact("1", &["boris@example.com"], &[]);
        assert_eq!(
            index.find(&shared_email),
            Match::Several(vec!["c:2".into(), "c:3".into()])
        );
        let keys_disagree = contact("2", &["anna@example.com"], &["+7 916 000 00 02"]);
        assert_eq!(
            index.find(&keys_disagree),
            Match::Several(vec!["c:1".into(), "c:2".into()])
        );
        assert_eq!(index.find(&contact("3", &["x@y.z"], &[])), Match::None);
    }

    #[test]
    fn blank_emails_and_short_numbers_match_nothing() {
        let index = index();
        assert_eq!(index.find(&contact("1", &[""], &["1234"])), Match::None);
        assert_eq!(index.find(&contact("2", &["  "], &[])), Match::None);
        assert_eq!(index.len(), 4);
    }
}
