//! The text of `filter=`: conditions separated by `;` (`\;` is a literal
//! `;` inside a value), each a field, an operator and a value
//! (md/_general.md, "Фильтрация выборки с помощью параметра filter").

/// A filter operator, as MoySklad spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// `=`: equal; repeated on one field, any of the values (OR).
    Eq,
    /// `!=`: not equal; repeated on one field, none of the values (AND).
    Ne,
    /// `~`: contains, ignoring case.
    Like,
    /// `~=`: starts with, ignoring case.
    Prefix,
    /// `=~`: ends with, ignoring case.
    Suffix,
    Lt,
    Gt,
    Le,
    Ge,
}

impl Op {
    pub fn token(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Like => "~",
            Op::Prefix => "~=",
            Op::Suffix => "=~",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Ge => ">=",
        }
    }

    /// `<`, `>`, `<=`, `>=`: the "inequalities" the docs forbid next to `=`.
    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Lt | Op::Gt | Op::Le | Op::Ge)
    }
}

/// Two-character operators first, so `!=` is not read as `!` and `=`.
const OPS: [Op; 9] = [
    Op::Ne,
    Op::Prefix,
    Op::Suffix,
    Op::Le,
    Op::Ge,
    Op::Eq,
    Op::Like,
    Op::Lt,
    Op::Gt,
];

/// One condition as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Raw {
    pub field: String,
    pub op: Op,
    pub value: String,
}

/// The conditions of `filter`, or the text of the complaint about the first
/// one that has no operator MoySklad knows.
pub(crate) fn split(filter: &str) -> Result<Vec<Raw>, String> {
    let mut out = Vec::new();
    for cond in conditions(filter).into_iter().filter(|c| !c.is_empty()) {
        let Some(pos) = cond.find(['=', '!', '~', '<', '>']) else {
            return Err(format!("условие '{cond}' без оператора"));
        };
        let (field, rest) = cond.split_at(pos);
        let Some(op) = OPS.into_iter().find(|op| rest.starts_with(op.token())) else {
            return Err(format!("неверный оператор в условии '{cond}'"));
        };
        out.push(Raw {
            field: field.to_owned(),
            op,
            value: rest[op.token().len()..].to_owned(),
        });
    }
    Ok(out)
}

/// Splits on `;` except `\;`, which becomes a `;` of the value.
fn conditions(filter: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = filter.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&';') => {
                chars.next();
                out.last_mut().expect("never empty").push(';');
            }
            ';' => out.push(String::new()),
            c => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(filter: &str) -> Vec<(String, Op, String)> {
        split(filter)
            .unwrap()
            .into_iter()
            .map(|r| (r.field, r.op, r.value))
            .collect()
    }

    #[test]
    fn every_documented_operator_is_read() {
        let got = ops("a=1;b!=2;c~3;d~=4;e=~5;f<6;g>7;h<=8;i>=9");
        let want = [
            Op::Eq,
            Op::Ne,
            Op::Like,
            Op::Prefix,
            Op::Suffix,
            Op::Lt,
            Op::Gt,
            Op::Le,
            Op::Ge,
        ];
        assert_eq!(got.iter().map(|c| c.1).collect::<Vec<_>>(), want);
        assert_eq!(got[4], ("e".into(), Op::Suffix, "5".into()));
    }

    #[test]
    fn escaped_semicolon_stays_in_the_value_and_empty_values_are_kept() {
        assert_eq!(
            ops(r"name=a\;b;code=;"),
            [
                ("name".into(), Op::Eq, "a;b".into()),
                ("code".into(), Op::Eq, String::new())
            ]
        );
    }

    #[test]
    fn a_condition_without_a_known_operator_is_an_error() {
        assert!(split("name").is_err());
        assert!(split("name!~x").is_err());
    }
}
