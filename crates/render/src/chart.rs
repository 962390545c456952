//! Charts as SVG text, with Swedish number formatting and a title and description for screen
//! readers. The values are also always shown in a table beside the chart (the text alternative).

use domain::sv;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One series: a name and (label, value) points; `None` is a gap.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Points in x order.
    pub points: Vec<Option<f64>>,
    /// Drawn dashed-looking (a target line) rather than as the main line.
    pub is_target: bool,
}

/// A line chart over labelled periods.
#[derive(Debug, Clone)]
pub struct LineChart {
    /// Title (also the SVG's `<title>`).
    pub title: String,
    /// Text alternative summary (the SVG's `<desc>`).
    pub description: String,
    /// X labels (periods), in order.
    pub labels: Vec<String>,
    /// Unit suffix for the y axis ("%", "st").
    pub unit: String,
    /// Series.
    pub series: Vec<Series>,
}

const INK: RGBColor = RGBColor(27, 31, 36);
const MAIN: RGBColor = RGBColor(11, 83, 148);
const TARGET: RGBColor = RGBColor(179, 71, 0);
const GRID: RGBColor = RGBColor(201, 208, 216);
/// A second series gets a hollow ring, not a triangle: ▲ and ▼ say överskott and underskott
/// in the tables beside the charts, and an outcome in deficit drawn as ▲ would contradict them.
const OUTCOME_STYLES: [(RGBColor, Mark); 3] =
    [(MAIN, Mark::Circle), (RGBColor(112, 48, 160), Mark::Ring), (RGBColor(0, 112, 84), Mark::Triangle)];

/// The point mark of a series, so that series differ by shape and not by colour alone.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Circle,
    Triangle,
    Ring,
    Cross,
}

/// The element for `mark` at `at`, as a boxed element of whatever coordinate system the caller
/// draws in (pixels for the legend, data for the series).
macro_rules! mark_element {
    ($mark:expr, $at:expr, $size:expr, $style:expr) => {
        match $mark {
            Mark::Circle => Circle::new($at, $size, $style.filled()).into_dyn(),
            Mark::Triangle => TriangleMarker::new($at, $size + 1, $style.filled()).into_dyn(),
            Mark::Ring => Circle::new($at, $size, $style).into_dyn(),
            Mark::Cross => Cross::new($at, $size, $style).into_dyn(),
        }
    };
}

/// The series of a forecast chart: the forecasts month by month, and the outcome as a point of
/// its own after them (a different mark, not one more point on the forecasts' line).
pub fn forecasts_and_outcome(forecasts: &[f64], outcome: Option<f64>) -> Vec<Series> {
    let mut series = vec![Series {
        name: "Prognos".into(),
        points: forecasts.iter().map(|v| Some(*v)).chain(outcome.map(|_| None)).collect(),
        is_target: false,
    }];
    if let Some(o) = outcome {
        series.push(Series { name: "Utfall".into(), points: forecasts.iter().map(|_| None).chain([Some(o)]).collect(), is_target: false });
    }
    series
}

/// Draws the chart as an SVG document of `width` × `height` pixels.
pub fn line_chart(chart: &LineChart, width: u32, height: u32) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let values: Vec<f64> = chart.series.iter().flat_map(|s| s.points.iter().flatten().copied()).collect();
        let (mut lo, mut hi) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        if values.is_empty() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo).abs() * 0.15).max(hi.abs() * 0.05).max(1.0);
        let y0 = if lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
        let n = chart.labels.len().max(1);
        let labels = chart.labels.clone();
        let unit = chart.unit.clone();
        let mut c = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(72)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y0..hi + pad)
            .map_err(|e| e.to_string())?;
        c.configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 { labels.get(i as usize).cloned().unwrap_or_default() } else { String::new() }
            })
            .y_label_formatter(&|y| {
                format!(
                    "{}{}",
                    sv::format_number(*y, if (hi - y0) < 10.0 { 1 } else { 0 }),
                    if unit.is_empty() { String::new() } else { format!(" {unit}") }
                )
            })
            .label_style(("sans-serif", 16).into_font().color(&INK))
            .axis_style(INK)
            .draw()
            .map_err(|e| e.to_string())?;
        // Shapes as well as colour: each outcome series its own colour and mark (filled circle,
        // filled triangle, hollow circle), targets orange crosses.
        let mut outcome_index = 0;
        for s in &chart.series {
            let (color, mark) = if s.is_target {
                (TARGET, Mark::Cross)
            } else {
                outcome_index += 1;
                OUTCOME_STYLES[(outcome_index - 1) % OUTCOME_STYLES.len()]
            };
            let pts: Vec<(f64, f64)> = s.points.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as f64, v))).collect();
            let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: if s.is_target { 2 } else { 3 } };
            // A line needs two points; a lone point (the year's outcome after the forecasts) is
            // its mark alone, not a line of one point.
            let drawn = match pts.len() {
                0 | 1 => c.draw_series(std::iter::empty::<PathElement<(f64, f64)>>()),
                _ => c.draw_series(LineSeries::new(pts.clone(), style)),
            }
            .map_err(|e| e.to_string())?;
            drawn.label(s.name.clone()).legend(move |(x, y)| {
                let line = PathElement::new(vec![(x, y), (x + 20, y)], style);
                let m: DynElement<_, _> = mark_element!(mark, (x + 10, y), 4, style);
                EmptyElement::at((0, 0)) + line + m
            });
            for p in &pts {
                let m: DynElement<_, _> = mark_element!(mark, *p, 6, style);
                c.draw_series(std::iter::once(m)).map_err(|e| e.to_string())?;
            }
            // Each point of an outcome series labelled with its value, where they are few
            // enough to read (a chart is read for its figures, not only its shape).
            if !s.is_target && pts.len() <= 12 {
                // As many decimals as the values have (up to one): −14,6 is not −15.
                let decimals = if values.iter().any(|v| (v - v.round()).abs() > 1e-9) { 1 } else { 0 };
                let label_style = ("sans-serif", 14).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Bottom));
                for (x, y) in &pts {
                    let text = sv::format_number(*y, decimals);
                    // Above its mark by the mark's size and a gap, in pixels whatever the scale.
                    let label = EmptyElement::at((*x, *y)) + Text::new(text, (0, -10), label_style.clone());
                    c.draw_series(std::iter::once(label)).map_err(|e| e.to_string())?;
                }
            }
        }
        // The zero line, where the values lie on both sides of it (deviations).
        if y0 < 0.0 && hi + pad > 0.0 {
            c.draw_series(std::iter::once(PathElement::new(vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)], INK.stroke_width(1))))
                .map_err(|e| e.to_string())?;
        }
        // One series is named by the chart's caption, series that never share a period by the
        // periods' labels (forecasts, then "Utfall"); series drawn over each other get a legend.
        let overlapping = (0..n).any(|i| chart.series.iter().filter(|s| s.points.get(i).copied().flatten().is_some()).count() > 1);
        // A target's cross needs its legend whatever it shares.
        if overlapping || (chart.series.len() > 1 && chart.series.iter().any(|s| s.is_target)) {
            c.configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.9))
                .border_style(GRID)
                .label_font(("sans-serif", 16).into_font().color(&INK))
                .draw()
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    accessible(svg, &chart.title, &chart.description)
}

/// Gives an SVG an accessible name and description: role and labels on the root element,
/// <title> and <desc> as its first children. Their ids come from the chart's own text, so two
/// charts on one page do not lend each other their names (and the same chart renders the same).
fn accessible(svg: String, title: &str, description: &str) -> Result<String, String> {
    let Some(tag_end) = svg.find('>').filter(|_| svg.starts_with("<svg")) else { return Ok(svg) };
    // FNV-1a of title and description.
    let id =
        format!("{title}\u{0}{description}").bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    let id = format!("chart-{:012x}", id >> 16);
    let open = svg[..tag_end].replacen("<svg", &format!("<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\""), 1);
    Ok(format!(
        "{open}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(description),
        &svg[tag_end + 1..]
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_accessible_svg_with_swedish_numbers() {
        let chart = LineChart {
            title: "Sjukfrånvaro".into(),
            description: "Utfall 2023 11,5 %, 2024 10,74 %; målvärde 7 %.".into(),
            labels: vec!["2023".into(), "2024".into()],
            unit: "%".into(),
            series: vec![
                Series { name: "Utfall".into(), points: vec![Some(11.5), Some(10.74)], is_target: false },
                Series { name: "Målvärde".into(), points: vec![None, Some(7.0)], is_target: true },
            ],
        };
        let svg = line_chart(&chart, 640, 320).unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-labelledby=\"chart-"), "{}", &svg[..200]);
        assert!(svg.contains("-title\">Sjukfrånvaro</title>"));
        // Each chart names its own title and description.
        let id = svg.split("aria-labelledby=\"").nth(1).unwrap().split(' ').next().unwrap();
        assert!(svg.contains(&format!("<title id=\"{id}\">")), "{}", &svg[..300]);
        assert!(svg.contains("2024"));
        assert!(svg.contains("Målvärde"));
        assert!(svg.contains(",0 %") || svg.contains(",5 %") || svg.contains(" %"), "Swedish y labels");
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn bar_chart_labels_every_bar() {
        let chart = BarChart {
            title: "Avvikelse per verksamhet".into(),
            description: "IFO 12,1; Myndighet −55,3.".into(),
            labels: vec!["IFO".into(), "Myndighet".into()],
            values: vec![12.1, -55.3],
            value_labels: vec!["12,1".into(), "−55,3".into()],
        };
        let svg = bar_chart(&chart, 640, 200).unwrap();
        assert!(svg.contains("-title\">Avvikelse per verksamhet</title>"));
        assert!(svg.contains("−55,3") && svg.contains("12,1") && svg.contains("Myndighet"));
    }

    #[test]
    fn empty_chart_does_not_fail() {
        let chart =
            LineChart { title: "Tom".into(), description: "Inga värden.".into(), labels: vec![], unit: String::new(), series: vec![] };
        assert!(line_chart(&chart, 300, 200).unwrap().contains("-title\">Tom</title>"));
    }
}

/// A horizontal bar chart of signed values (deviations): bars right of zero for positive
/// values, left for negative, each labelled with its value so colour is never the only cue.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Title (the SVG's `<title>`).
    pub title: String,
    /// Text alternative (the SVG's `<desc>`).
    pub description: String,
    /// One label per bar, top to bottom.
    pub labels: Vec<String>,
    /// Values.
    pub values: Vec<f64>,
    /// Value labels as they should be printed ("−55,3").
    pub value_labels: Vec<String>,
}

/// Draws a bar chart as SVG.
pub fn bar_chart(chart: &BarChart, width: u32, height: u32) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let max = chart.values.iter().fold(1.0f64, |m, v| m.max(v.abs())) * 1.25;
        // Values none of which is negative start at zero, not in the middle.
        let min = if chart.values.iter().all(|v| *v >= 0.0) { 0.0 } else { -max };
        let n = chart.labels.len().max(1);
        let labels = chart.labels.clone();
        let mut c = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(34)
            // Room for the longest label (about nine pixels a character at 15 px).
            .y_label_area_size(chart.labels.iter().map(|l| l.chars().count() as u32 * 9 + 16).max().unwrap_or(60).clamp(60, 280))
            .build_cartesian_2d(min..max, -0.5f64..(n as f64 - 0.5))
            .map_err(|e| e.to_string())?;
        c.configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 { labels.get(n - 1 - i as usize).cloned().unwrap_or_default() } else { String::new() }
            })
            .x_label_formatter(&|x| sv::format_number(*x, 0))
            .label_style(("sans-serif", 15).into_font().color(&INK))
            .axis_style(INK)
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, (v, text)) in chart.values.iter().zip(&chart.value_labels).enumerate() {
            let y = (n - 1 - i) as f64;
            let color = if *v >= 0.0 { MAIN } else { TARGET };
            // A bar too short to see is drawn a little longer (its label says the value); a zero
            // has no bar at all (an empty rectangle is invalid SVG).
            if *v != 0.0 {
                let shown = v.signum() * v.abs().max(max * 0.008);
                c.draw_series(std::iter::once(Rectangle::new([(0.0, y - 0.3), (shown, y + 0.3)], color.filled())))
                    .map_err(|e| e.to_string())?;
            }
            let x = if *v >= 0.0 { *v + max * 0.02 } else { *v - max * 0.02 };
            let anchor = if *v >= 0.0 { HPos::Left } else { HPos::Right };
            let style = ("sans-serif", 15).into_font().color(&INK).pos(Pos::new(anchor, VPos::Center));
            c.draw_series(std::iter::once(Text::new(text.clone(), (x, y), style))).map_err(|e| e.to_string())?;
        }
        c.draw_series(std::iter::once(PathElement::new(vec![(0.0, -0.5), (0.0, n as f64 - 0.5)], INK.stroke_width(2))))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    accessible(svg, &chart.title, &chart.description)
}

/// One cell of a risk matrix.
#[derive(Debug, Clone)]
pub struct MatrixCell {
    /// Sannolikhet 1–4 (column).
    pub probability: u8,
    /// Konsekvens 1–4 (row).
    pub consequence: u8,
    /// The cell's level word ("Hög").
    pub level: String,
    /// Items in the cell (their keys).
    pub items: Vec<String>,
}

/// A 4 × 4 risk matrix as SVG: probability across, consequence up, every cell labelled with its
/// risk value, its level in words and the items in it, so nothing depends on colour.
pub fn risk_matrix(title: &str, p_labels: &[String; 4], k_labels: &[String; 4], cells: &[MatrixCell]) -> String {
    let (cw, ch, left, top) = (150, 84, 150, 40);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"rm-title rm-desc\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"13\">",
        left + 4 * cw + 10,
        top + 4 * ch + 60,
        left + 4 * cw + 10,
        top + 4 * ch + 60
    );
    let desc: Vec<String> = cells
        .iter()
        .filter(|c| !c.items.is_empty())
        .map(|c| {
            format!(
                "{} i cellen sannolikhet {} × konsekvens {} = {} ({})",
                c.items.join(", "),
                c.probability,
                c.consequence,
                c.probability * c.consequence,
                c.level
            )
        })
        .collect();
    svg.push_str(&format!("<title id=\"rm-title\">{}</title><desc id=\"rm-desc\">{}</desc>", escape(title), escape(&desc.join("; "))));
    for k in 1..=4u8 {
        let y = top + (4 - k as i32) * ch;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-weight=\"600\">{}</text>",
            left - 8,
            y + ch / 2 + 4,
            escape(&format!("{k} {}", k_labels[k as usize - 1]))
        ));
        for p in 1..=4u8 {
            let x = left + (p as i32 - 1) * cw;
            let cell = cells.iter().find(|c| c.probability == p && c.consequence == k);
            let value = p * k;
            let level = cell.map(|c| c.level.clone()).unwrap_or_default();
            let fill = match level.as_str() {
                "Hög" => "#f6d6d2",
                "Medel" => "#fbecc8",
                _ => "#e3f1e6",
            };
            svg.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{cw}\" height=\"{ch}\" fill=\"{fill}\" stroke=\"#1b1f24\"/>"));
            svg.push_str(&format!("<text x=\"{}\" y=\"{}\" font-weight=\"700\">{value} {}</text>", x + 8, y + 18, escape(&level)));
            if let Some(c) = cell.filter(|c| !c.items.is_empty()) {
                svg.push_str(&format!("<text x=\"{}\" y=\"{}\">{}</text>", x + 8, y + 42, escape(&c.items.join(", "))));
            }
        }
    }
    for p in 1..=4u8 {
        let x = left + (p as i32 - 1) * cw + cw / 2;
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
            top + 4 * ch + 20,
            escape(&format!("{p} {}", p_labels[p as usize - 1]))
        ));
    }
    svg.push_str(&format!("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">Sannolikhet →</text>", left + 2 * cw, top + 4 * ch + 44));
    svg.push_str(&format!("<text x=\"10\" y=\"{}\">Konsekvens ↑</text>", top - 14));
    svg.push_str("</svg>");
    svg
}

/// A chart as a PNG (for Word, which takes no SVG): drawn at twice its size with the vendored
/// sans-serif, on white; (PNG, width, height in CSS pixels). `None` where it cannot be drawn
/// (the chart's text alternative then stands alone).
pub fn to_png(svg: &str) -> Option<(Vec<u8>, u32, u32)> {
    use resvg::{tiny_skia, usvg};
    static FONTS: std::sync::OnceLock<std::sync::Arc<usvg::fontdb::Database>> = std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for f in crate::pdf::SANS {
            db.load_font_data(f.to_vec());
        }
        db.set_sans_serif_family("Fira Sans");
        std::sync::Arc::new(db)
    });
    let options = usvg::Options { font_family: "Fira Sans".into(), fontdb: fonts.clone(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width() * 2, size.height() * 2)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    Some((pixmap.encode_png().ok()?, size.width(), size.height()))
}
