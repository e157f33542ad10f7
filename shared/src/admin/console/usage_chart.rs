//! The Usage page's bar chart, drawn on the server as SVG: one bar per day
//! (operations that day), the tallest reaching the top, a few day labels
//! under the axis, each bar's exact figure in its tooltip (`<title>`).

use crate::store::Day;
use maud::{Markup, html};

const WIDTH: u64 = 760;
const HEIGHT: u64 = 220;
/// Room under the bars for the day labels, and above for the top figure.
const BOTTOM: u64 = 24;
const TOP: u64 = 16;
const LEFT: u64 = 40;

/// Bars for `days` (oldest first, every day present, zeros included).
pub fn chart(days: &[(Day, u64)]) -> Markup {
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let plot = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / (days.len() as u64).max(1);
    let bar = slot.saturating_sub(4).max(2);
    let base = HEIGHT - BOTTOM;
    html! {
        svg id="usage-chart" xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT)
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label="Operations per day" {
            line x1=(LEFT) y1=(base) x2=(WIDTH) y2=(base) stroke="#667" {}
            text x=(LEFT - 4) y=(TOP + 4) text-anchor="end" font-size="11" fill="#667" { (max) }
            text x=(LEFT - 4) y=(base) text-anchor="end" font-size="11" fill="#667" { "0" }
            @for (i, (day, n)) in days.iter().enumerate() {
                @let h = n * plot / max;
                @let x = LEFT + i as u64 * slot + 2;
                rect class="bar" x=(x) y=(base - h) width=(bar) height=(h) fill="#1f3a5f" data-day=(day) data-operations=(n) {
                    title { (day) ": " (n) " operation(s)" }
                }
                @if i % 5 == 0 || i + 1 == days.len() {
                    text x=(x + bar / 2) y=(HEIGHT - 6) text-anchor="middle" font-size="10" fill="#667" {
                        (day.to_string().get(5..).unwrap_or_default())
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_day_the_tallest_at_the_top() {
        let d = Day::parse("2026-11-20").unwrap();
        let days = [
            (d, 10),
            (d.next().unwrap(), 0),
            (d.next().unwrap().next().unwrap(), 5),
        ];
        let svg = chart(&days).into_string();
        assert_eq!(svg.matches("<rect").count(), 3);
        let plot = HEIGHT - BOTTOM - TOP;
        assert!(svg.contains(&format!("height=\"{plot}\"")), "{svg}");
        assert!(svg.contains(&format!("height=\"{}\"", plot / 2)), "{svg}");
        assert!(svg.contains("2026-11-20: 10 operation(s)"));
    }
}
