//! The HTML report of `plan --format html` and `validate --format html`, and the scheme of
//! `plan --format svg`: one self-contained page (inline SVG, no scripts, print CSS), rendered
//! from the serialized JSON report (the README's JSON contract), not from the planner's types.

use std::fmt::Write as _;

use regiochem_mol::Molecule;
use regiochem_mol::depict::{SvgOptions, coordinates, draw};
use regiochem_rules::sites::SiteModel;
use serde_json::Value;

const CSS: &str = "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em}\
.scheme{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:1em 0}\
.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:.8em 0}\
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}\
.error{color:#b00020}.warning{color:#b06000}.info{color:#225}\
code{font-size:.85em;word-break:break-all}\
@media print{.route,.card{page-break-inside:avoid}body{margin:0}}";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An inline `<svg>` of a SMILES, or the escaped SMILES when it does not read.
fn structure(smiles: &str, options: &SvgOptions) -> String {
    let Ok(molecule) = smiles.parse::<Molecule>() else {
        return format!("<code>{}</code>", escape(smiles));
    };
    let (body, width, height) = draw(&molecule, &coordinates(&molecule), options);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" role=\"img\">\
         <title>{}</title>\n{body}</svg>",
        escape(smiles)
    )
}

/// The target with its basic nitrogen sites highlighted, and a table of them (label, atom,
/// class, pKa).
fn target(smiles: &str) -> String {
    let mut options = SvgOptions::default();
    let mut rows = String::new();
    if let (Ok(molecule), Ok(model)) = (smiles.parse::<Molecule>(), SiteModel::standard()) {
        for site in model.perceive(&molecule) {
            let Some(pka) = site.pka else { continue };
            options.highlight.push(site.atom);
            let _ = write!(
                rows,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{pka:.1}</td></tr>",
                escape(&site.label),
                site.atom,
                escape(site.class.name())
            );
        }
    }
    let mut out = format!("<div class=\"scheme\">{}", structure(smiles, &options));
    if !rows.is_empty() {
        let _ = write!(
            out,
            "<table><tr><th>site</th><th>atom</th><th>class</th><th>pKa</th></tr>{rows}</table>"
        );
    }
    out.push_str("</div>");
    out
}

/// An arrow with text over it and under it.
fn arrow(over: &[String], under: &str) -> String {
    let width = over
        .iter()
        .map(|t| t.chars().count())
        .chain([under.chars().count(), 12])
        .max()
        .unwrap_or(12)
        .min(40) as f64
        * 6.2
        + 20.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"110\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    for (i, text) in over.iter().take(3).enumerate() {
        let shown: String = text.chars().take(40).collect();
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            width / 2.0,
            18 + 13 * i,
            escape(&shown)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"6\" y1=\"60\" x2=\"{:.1}\" y2=\"60\" stroke=\"black\" stroke-width=\"1.5\"/>\
         <polygon points=\"{:.1},55 {:.1},60 {:.1},65\" fill=\"black\"/>\
         <text x=\"{:.1}\" y=\"80\" text-anchor=\"middle\" font-weight=\"bold\">{}</text></svg>",
        width - 10.0,
        width - 12.0,
        width - 2.0,
        width - 12.0,
        width / 2.0,
        escape(under)
    );
    out
}

/// A horizontal bar chart of (label, fraction).
fn bars(rows: &[(String, f64)]) -> String {
    let height = 22 * rows.len() + 8;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    for (i, (label, fraction)) in rows.iter().enumerate() {
        let y = 4 + 22 * i;
        let shown: String = label.chars().take(38).collect();
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"250\" y=\"{y}\" width=\"{:.1}\" height=\"16\" fill=\"#4a7bd0\"/>\
             <text x=\"{:.1}\" y=\"{}\">{:.1} %</text>",
            y + 12,
            escape(&shown),
            250.0 * fraction.clamp(0.0, 1.0),
            256.0 + 250.0 * fraction.clamp(0.0, 1.0),
            y + 12,
            100.0 * fraction
        );
    }
    out.push_str("</svg>");
    out
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn findings(out: &mut String, list: Option<&Vec<Value>>) {
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        return;
    };
    out.push_str("<ul class=\"findings\">");
    for finding in list {
        let severity = text_of(&finding["severity"]);
        let _ = write!(
            out,
            "<li class=\"{}\"><b>{}</b> <code>{}</code> {}</li>",
            escape(&severity),
            escape(&severity),
            escape(&text_of(&finding["code"])),
            escape(&text_of(&finding["message"]))
        );
    }
    out.push_str("</ul>");
}

fn procedure(out: &mut String, card: &Value) {
    if card.is_null() {
        return;
    }
    out.push_str("<div class=\"card\"><b>Procedure</b><table><tr><th>material</th><th>role</th><th>equiv.</th><th>mmol</th><th>g</th><th>mL</th></tr>");
    for m in card["materials"].as_array().into_iter().flatten() {
        let number = |v: &Value| v.as_f64().map_or_else(String::new, |x| format!("{x:.3}"));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&text_of(&m["name"])),
            escape(&text_of(&m["role"])),
            number(&m["equivalents"]),
            number(&m["mmol"]),
            number(&m["grams"]),
            number(&m["millilitres"])
        );
    }
    out.push_str("</table>");
    for (title, key) in [
        ("Conditions", "conditions"),
        ("Work-up", "workup"),
        ("Hazards", "hazards"),
    ] {
        let items: Vec<String> = card[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(text_of)
            .collect();
        if !items.is_empty() {
            let _ = write!(out, "<p><b>{title}</b>: {}</p>", escape(&items.join("; ")));
        }
    }
    let purification = text_of(&card["purification"]);
    if !purification.is_empty() {
        let _ = write!(out, "<p><b>Purification</b>: {}</p>", escape(&purification));
    }
    out.push_str("</div>");
}

/// One step's arrow texts: co-reactants and agents over, the yield of its product under.
fn step_parts(step: &Value, product: &str) -> (String, Vec<String>, String, Vec<(String, f64)>) {
    let reaction = text_of(&step["reaction_smiles"]);
    let mut parts = reaction.splitn(3, '>');
    let reactants = parts.next().unwrap_or_default();
    let agents = parts.next().unwrap_or_default();
    let mut reactant_list = reactants.split('.');
    let substrate = reactant_list.next().unwrap_or_default().to_owned();
    let mut over: Vec<String> = reactant_list.map(str::to_owned).collect();
    if let Some(card) = step["procedure"].as_object() {
        for m in card
            .get("materials")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let role = text_of(&m["role"]);
            if role == "reagent" || role == "solvent" {
                over.push(text_of(&m["name"]));
            }
        }
    } else if !agents.is_empty() {
        over.push(agents.to_owned());
    }
    // `plan` steps list the mixture as `predicted`, `validate` steps as `products`.
    let mixture = step.get("products").unwrap_or(&step["predicted"]);
    let mut chart: Vec<(String, f64)> = mixture
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let smiles = text_of(&p["smiles"]);
            let name = if smiles == product {
                format!("product {smiles}")
            } else {
                smiles
            };
            (name, p["fraction"].as_f64().unwrap_or(0.0))
        })
        .collect();
    if let Some(unreacted) = step["unreacted"].as_f64().filter(|u| *u > 0.0005) {
        chart.push(("unreacted substrate".to_owned(), unreacted));
    }
    let yield_ = step["yield"]
        .as_f64()
        .or_else(|| {
            chart
                .iter()
                .find(|(name, _)| name.starts_with("product "))
                .map(|(_, f)| *f)
        })
        .map_or_else(String::new, |f| format!("{:.0} %", 100.0 * f));
    (substrate, over, yield_, chart)
}

/// The scheme of one route: structures and arrows, as HTML.
fn scheme(steps: &[Value]) -> (String, Vec<Vec<(String, f64)>>) {
    let mut out = String::from("<div class=\"scheme\">");
    let mut charts = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let product = text_of(&step["product"]).to_owned();
        let product = if product.is_empty() {
            text_of(&step["reaction_smiles"])
                .rsplit('>')
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            product
        };
        let (substrate, over, yield_, chart) = step_parts(step, &product);
        if i == 0 {
            out.push_str(&structure(&substrate, &SvgOptions::default()));
        }
        out.push_str(&arrow(&over, &yield_));
        out.push_str(&structure(&product, &SvgOptions::default()));
        charts.push(chart);
    }
    out.push_str("</div>");
    (out, charts)
}

/// The page for a `plan` report.
pub(crate) fn plan_page(report: &Value) -> String {
    let target_smiles = text_of(&report["target"]);
    let routes: Vec<&Value> = report["routes"].as_array().into_iter().flatten().collect();
    let mut out = page_head(&format!("Routes to {target_smiles}"));
    let _ = write!(
        out,
        "<h1>Routes to <code>{}</code></h1>",
        escape(&target_smiles)
    );
    out.push_str(&target(&target_smiles));
    let stop = text_of(&report["stop_reason"]["kind"]);
    let _ = write!(
        out,
        "<p>search: {} \u{b7} {} routes</p>",
        escape(&stop),
        routes.len()
    );
    if routes.len() > 1 {
        out.push_str("<nav><b>Contents</b><ol>");
        for route in &routes {
            let rank = text_of(&route["rank"]);
            let _ = write!(
                out,
                "<li><a href=\"#route-{rank}\">Route {rank}: {} steps, predicted yield {:.0} %</a></li>",
                route["steps"].as_array().map_or(0, Vec::len),
                100.0 * route["predicted_yield"].as_f64().unwrap_or(0.0)
            );
        }
        out.push_str("</ol></nav>");
    }
    for route in &routes {
        let rank = text_of(&route["rank"]);
        let _ = write!(
            out,
            "<section class=\"route\" id=\"route-{rank}\"><h2>Route {rank} \u{b7} score {:.3} \u{b7} predicted yield {:.0} %</h2>",
            route["score"].as_f64().unwrap_or(0.0),
            100.0 * route["predicted_yield"].as_f64().unwrap_or(0.0)
        );
        let steps: Vec<Value> = route["steps"].as_array().cloned().unwrap_or_default();
        let (html, charts) = scheme(&steps);
        out.push_str(&html);
        for (i, (step, chart)) in steps.iter().zip(&charts).enumerate() {
            let _ = write!(
                out,
                "<h3>Step {}</h3><p><code>{}</code></p><p>Predicted mixture</p>{}",
                i + 1,
                escape(&text_of(&step["reaction_smiles"])),
                bars(chart)
            );
            findings(&mut out, step["findings"].as_array());
            procedure(&mut out, &step["procedure"]);
        }
        out.push_str("</section>");
    }
    out.push_str("</body></html>\n");
    out
}

/// The page for a `validate` report.
pub(crate) fn validate_page(report: &Value) -> String {
    let target_smiles = text_of(&report["target"]);
    let mut out = page_head(&format!("Validation of a route to {target_smiles}"));
    let _ = write!(
        out,
        "<h1>Route check: {} \u{b7} overall yield {:.0} %</h1>",
        escape(&text_of(&report["verdict"])),
        100.0 * report["overall_yield"].as_f64().unwrap_or(0.0)
    );
    if !target_smiles.is_empty() {
        out.push_str(&target(&target_smiles));
    }
    let steps: Vec<Value> = report["steps"].as_array().cloned().unwrap_or_default();
    let (html, charts) = scheme(&steps);
    out.push_str(&html);
    for (step, chart) in steps.iter().zip(&charts) {
        let _ = write!(
            out,
            "<section class=\"card\"><h3>Step {} \u{b7} {}</h3><p><code>{}</code></p><p>Predicted mixture</p>{}",
            text_of(&step["index"]),
            escape(&text_of(&step["verdict"])),
            escape(&text_of(&step["reaction_smiles"])),
            bars(chart)
        );
        findings(&mut out, step["findings"].as_array());
        out.push_str("</section>");
    }
    out.push_str("</body></html>\n");
    out
}

/// The best route's scheme alone, as one SVG document (structures and arrows side by side).
pub(crate) fn plan_scheme_svg(report: &Value) -> String {
    let Some(route) = report["routes"].as_array().and_then(|r| r.first()) else {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"40\" font-family=\"sans-serif\"><text x=\"10\" y=\"25\">no route</text></svg>\n".to_owned();
    };
    let steps: Vec<Value> = route["steps"].as_array().cloned().unwrap_or_default();
    let (html, _) = scheme(&steps);
    // The scheme's pieces are SVG documents; nest them in one outer SVG, left to right.
    let pieces: Vec<&str> = html
        .split("<svg ")
        .skip(1)
        .map(|p| p.split("</svg>").next().unwrap_or_default())
        .collect();
    let mut x = 0.0;
    let mut body = String::new();
    let mut height: f64 = 0.0;
    for piece in pieces {
        let attr = |name: &str| {
            piece
                .split(&format!("{name}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (w, h) = (attr("width"), attr("height"));
        height = height.max(h);
        let _ = writeln!(body, "<svg x=\"{x:.0}\" y=\"0\" {piece}</svg>");
        x += w + 4.0;
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{x:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {x:.0} {height:.0}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n"
    )
}

fn page_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>",
        escape(title)
    )
}
