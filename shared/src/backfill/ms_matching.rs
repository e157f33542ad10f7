//! Which CRM customer a MoySklad counterparty is: a pure function over an
//! index of the CRM's customers. Keys, strongest first, as the
//! `crm_moysklad` flows look a buyer up (MS-B10 then tax id, e-mail,
//! phone): the MoySklad id the CRM customer shows already, the tax id
//! (digits), the e-mail (trimmed, lower-cased), the phone (last ten digits,
//! seven or more). The first key with any hit decides: one CRM customer
//! links, two or more are a conflict; no hit on any key is unmatched.
//!
//! Corporate customers (`MsIndex`) are indexed apart, by the MoySklad id
//! they show, their companies' tax ids and their contact persons' e-mails
//! and phones, under ids `corporate:<id>`. A counterparty that is not an
//! individual (MoySklad's default type is `legal`; the flows create a
//! corporate buyer's counterparty as `legal`) is looked up among them
//! first, key by key: on each key a corporate hit wins over a private one
//! (its contact person shares the e-mail and phone). An individual is a
//! private customer only.

use super::matching::{Match, email_key, person_phone};
use std::collections::{BTreeSet, HashMap};

/// A CRM customer's keys (raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrmKeys {
    pub id: String,
    pub moysklad_id: Option<String>,
    /// Tax ids (a corporate customer's companies have one each).
    pub inns: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

/// A counterparty's keys (raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CounterpartyKeys {
    pub id: String,
    /// `legal`, `entrepreneur`, `individual` (`None`: MoySklad's default, `legal`).
    pub company_type: Option<String>,
    pub inn: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl CounterpartyKeys {
    /// Whether it may be a corporate customer: anything but an individual.
    pub fn may_be_corporate(&self) -> bool {
        self.company_type.as_deref() != Some("individual")
    }
}

/// The tax id as a key: its digits, when there are ten or twelve (an
/// organisation's or a person's INN).
pub fn inn_key(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    matches!(digits.len(), 10 | 12).then_some(digits)
}

/// The CRM side, by key.
#[derive(Debug, Default)]
pub struct CrmIndex {
    by_id: HashMap<String, Vec<String>>,
    by_inn: HashMap<String, Vec<String>>,
    by_email: HashMap<String, Vec<String>>,
    by_phone: HashMap<String, Vec<String>>,
    len: usize,
}

fn push(map: &mut HashMap<String, Vec<String>>, key: Option<String>, id: &str) {
    if let Some(key) = key {
        let ids = map.entry(key).or_default();
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
        }
    }
}

impl CrmIndex {
    pub fn add(&mut self, c: CrmKeys) {
        let ms_id = c.moysklad_id.as_deref().map(str::trim).map(str::to_owned);
        push(&mut self.by_id, ms_id.filter(|s| !s.is_empty()), &c.id);
        for inn in &c.inns {
            push(&mut self.by_inn, inn_key(inn), &c.id);
        }
        for email in &c.emails {
            push(&mut self.by_email, email_key(email), &c.id);
        }
        for phone in &c.phones {
            push(&mut self.by_phone, person_phone(phone), &c.id);
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The CRM customers `cp` is, by its strongest key with a hit.
    pub fn find(&self, cp: &CounterpartyKeys) -> Match {
        decide(self.hits(cp).into_iter().flatten().find(|h| !h.is_empty()))
    }

    /// Who has each of `cp`'s keys, strongest first.
    fn hits(&self, cp: &CounterpartyKeys) -> [Option<&Vec<String>>; 4] {
        [
            self.by_id.get(cp.id.trim()),
            cp.inn
                .as_deref()
                .and_then(inn_key)
                .and_then(|k| self.by_inn.get(&k)),
            cp.email
                .as_deref()
                .and_then(email_key)
                .and_then(|k| self.by_email.get(&k)),
            cp.phone
                .as_deref()
                .and_then(person_phone)
                .and_then(|k| self.by_phone.get(&k)),
        ]
    }
}

/// One hit is a match, more a conflict, none unmatched.
fn decide(hits: Option<&Vec<String>>) -> Match {
    let Some(hits) = hits else {
        return Match::None;
    };
    let mut found: Vec<String> = hits
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    match found.len() {
        0 => Match::None,
        1 => Match::One(found.remove(0)),
        _ => Match::Several(found),
    }
}

/// The CRM's private and corporate customers.
#[derive(Debug, Default)]
pub struct MsIndex {
    pub private: CrmIndex,
    /// Ids `corporate:<id>` (`conflict_keys::CORPORATE`).
    pub corporate: CrmIndex,
}

impl MsIndex {
    pub fn len(&self) -> usize {
        self.private.len() + self.corporate.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The CRM customers `cp` is: key by key, a corporate hit (when `cp`
    /// may be one) before a private one.
    pub fn find(&self, cp: &CounterpartyKeys) -> Match {
        let private = self.private.hits(cp);
        let corporate = if cp.may_be_corporate() {
            self.corporate.hits(cp)
        } else {
            [None; 4]
        };
        let hit = corporate
            .into_iter()
            .zip(private)
            .flat_map(|(c, p)| [c, p])
            .flatten()
            .find(|h| !h.is_empty());
        decide(hit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crm(
        id: &str,
        ms: Option<&str>,
        inn: Option<&str>,
        email: Option<&str>,
        phone: &str,
    ) -> CrmKeys {
        CrmKeys {
            id: id.into(),
            moysklad_id: ms.map(Into::into),
            inns: inn.into_iter().map(Into::into).collect(),
            emails: email.into_iter().map(Into::into).collect(),
            phones: [phone]
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(Into::into)
                .collect(),
        }
    }

    fn cp(
        id: &str,
        inn: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> CounterpartyKeys {
        CounterpartyKeys {
            id: id.into(),
            company_type: None,
            inn: inn.map(Into::into),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
    }

    fn index() -> CrmIndex {
        let mut index = CrmIndex::default();
        index.add(crm("1", Some("ms-a"), None, Some("anna@example.com"), ""));
        index.add(crm(
            "2",
            None,
            Some("7701 234567"),
            Some("bo@example.com"),
            "+7 903 000-00-02",
        ));
        index.add(crm(
            "3",
            None,
            None,
            Some("Shared@example.com"),
            "8 (916) 111-11-11",
        ));
        index.add(crm("4", None, None, Some("shared@example.com "), ""));
        index
    }

    #[test]
    fn the_linked_id_wins_over_every_other_key() {
        // Its e-mail names customer 2; the id the CRM shows names 1.
        let found = index().find(&cp("ms-a", None, Some("bo@example.com"), None));
        assert_eq!(found, Match::One("1".into()));
    }

    #[test]
    fn tax_id_then_email_then_phone_whatever_their_spelling() {
        let index = index();
        assert_eq!(
            index.find(&cp("x", Some("7701234567"), None, None)),
            Match::One("2".into())
        );
        assert_eq!(
            index.find(&cp("x", None, Some(" BO@example.com"), None)),
            Match::One("2".into())
        );
        assert_eq!(
            index.find(&cp("x", None, None, Some("89161111111"))),
            Match::One("3".into())
        );
        // A tax id of no customer falls through to the e-mail.
        assert_eq!(
            index.find(&cp(
                "x",
                Some("500100732259"),
                Some("anna@example.com"),
                None
            )),
            Match::One("1".into())
        );
    }

    #[test]
    fn two_customers_on_the_deciding_key_are_a_conflict_none_is_unmatched() {
        let index = index();
        assert_eq!(
            index.find(&cp(
                "x",
                None,
                Some("shared@example.com"),
                Some("89161111111")
            )),
            Match::Several(vec!["3".into(), "4".into()])
        );
        assert_eq!(
            index.find(&cp("x", Some("123"), Some("nobody@x.y"), Some("12-34"))),
            Match::None
        );
        assert_eq!(inn_key("12345"), None);
        assert_eq!(index.len(), 4);
    }

    #[test]
    fn a_corporate_wins_over_its_contact_on_the_same_key_but_not_over_a_stronger_one() {
        let mut ms = MsIndex {
            private: index(),
            corporate: CrmIndex::default(),
        };
        // Romashka: a company's tax id, customer 3 as its contact person.
        ms.corporate.add(CrmKeys {
            id: "corporate:9".into(),
            moysklad_id: None,
            inns: vec!["7702 000000".into(), "500100732259".into()],
            emails: vec!["shared@example.com".into()],
            phones: vec!["8 (916) 111-11-11".into()],
        });
        let legal = |inn: Option<&str>, email: Option<&str>| cp("x", inn, email, None);
        assert_eq!(
            ms.find(&legal(Some("500100732259"), None)),
            Match::One("corporate:9".into())
        );
        assert_eq!(
            ms.find(&legal(None, Some("Shared@example.com"))),
            Match::One("corporate:9".into()),
            "the contact persons' shared e-mail names the corporate"
        );
        // A tax id of private customer 2 beats the corporate's e-mail.
        assert_eq!(
            ms.find(&legal(Some("7701234567"), Some("shared@example.com"))),
            Match::One("2".into())
        );
        // An individual is never a corporate customer.
        let mut person = legal(Some("500100732259"), Some("shared@example.com"));
        person.company_type = Some("individual".into());
        assert_eq!(
            ms.find(&person),
            Match::Several(vec!["3".into(), "4".into()])
        );
        assert_eq!(ms.len(), 5);
    }
}
