//! `plan --format ord`: the planned routes as an Open Reaction Database `Dataset` in proto3 JSON
//! (ord-schema's `proto/dataset.proto` and `proto/reaction.proto`; field names in lowerCamelCase,
//! enums by name), written with `serde_json`.
//!
//! One `Reaction` per step of every route: the reaction SMILES; one input per material of the
//! procedure card with its amount (moles when counted in equivalents, else grams, else
//! millilitres) and role; the temperature; the card's workup cut into ORD workup types; one
//! outcome whose products are the predicted mixture, the intended product marked desired and
//! the others side products. Every yield is a prediction, and says so: each `YIELD`
//! measurement points through its `analysisKey` at an analysis of type `CUSTOM` named
//! `regiochem prediction` whose details say the number was computed by regiochem's outcome
//! model and not measured; `usesInternalStandard` stays unset (no analysis was run).
//! Provenance names regiochem and its version, and ord-schema's validation requires a record
//! creator with an e-mail address: the record is created by `regiochem` with the reserved
//! address `regiochem@example.invalid` (RFC 2606), which no one reads.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use regiochem_planner::plan::PlannedStep;
use regiochem_planner::procedure::Material;
use regiochem_planner::{PlanReport, PlannedRoute, StopReason};
use regiochem_rules::data::{DataError, round, rows};
use regiochem_rules::reagents::ReagentLibrary;
use serde_json::{Map, Value, json};

/// The version written into every record's provenance.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The key of the analysis every predicted yield points at.
const PREDICTION: &str = "regiochem prediction";

/// One row of `data/ord_workups.tsv`: first word, ORD workup type, phase kept.
struct WorkupWord {
    word: String,
    kind: String,
    keep_phase: Option<String>,
}

/// One row of `data/ord_temperatures.tsv`.
struct ReagentTemperature {
    reagent: String,
    low: f64,
    high: f64,
    control: String,
    reflux: bool,
}

/// `data/ord_workups.tsv`, read through the one row reader.
fn workup_words() -> Result<&'static [WorkupWord], DataError> {
    const FILE: &str = "ord_workups.tsv";
    static WORDS: OnceLock<Result<Vec<WorkupWord>, DataError>> = OnceLock::new();
    let loaded = WORDS.get_or_init(|| {
        let mut out = Vec::new();
        for (line, f) in rows(FILE, include_str!("../data/ord_workups.tsv"), 4)? {
            if !WORKUP_TYPES.contains(&f[1]) {
                return Err(DataError::new(
                    FILE,
                    line,
                    format!("`{}` is not an ORD workup type", f[1]),
                ));
            }
            out.push(WorkupWord {
                word: f[0].to_lowercase(),
                kind: f[1].to_string(),
                keep_phase: (f[2] != "-").then(|| f[2].to_string()),
            });
        }
        Ok(out)
    });
    loaded.as_deref().map_err(Clone::clone)
}

/// The `ReactionWorkupType` names of ord-schema's reaction.proto.
const WORKUP_TYPES: &[&str] = &[
    "CUSTOM",
    "ADDITION",
    "ALIQUOT",
    "TEMPERATURE",
    "CONCENTRATION",
    "EXTRACTION",
    "FILTRATION",
    "WASH",
    "DRY_IN_VACUUM",
    "DRY_WITH_MATERIAL",
    "FLASH_CHROMATOGRAPHY",
    "OTHER_CHROMATOGRAPHY",
    "SCAVENGING",
    "WAIT",
    "STIRRING",
    "PH_ADJUST",
    "DISSOLUTION",
    "DISTILLATION",
];

/// The `TemperatureControlType` names the temperature table may use.
const CONTROL_TYPES: &[&str] = &["CUSTOM", "AMBIENT", "ICE_BATH", "OIL_BATH", "WATER_BATH"];

/// `data/ord_temperatures.tsv`, read through the one row reader.
fn temperatures() -> Result<&'static [ReagentTemperature], DataError> {
    const FILE: &str = "ord_temperatures.tsv";
    static ROWS: OnceLock<Result<Vec<ReagentTemperature>, DataError>> = OnceLock::new();
    let loaded = ROWS.get_or_init(|| {
        let mut out = Vec::new();
        for (line, f) in rows(FILE, include_str!("../data/ord_temperatures.tsv"), 6)? {
            let number = |field: &str| {
                field
                    .parse::<f64>()
                    .map_err(|_| DataError::new(FILE, line, format!("`{field}` is not a number")))
            };
            let (low, high) = (number(f[1])?, number(f[2])?);
            if low > high || low < -273.15 {
                return Err(DataError::new(FILE, line, "not a temperature range"));
            }
            if !CONTROL_TYPES.contains(&f[3]) {
                return Err(DataError::new(
                    FILE,
                    line,
                    format!("`{}` is not a temperature control type", f[3]),
                ));
            }
            let reflux = match f[4] {
                "yes" => true,
                "no" => false,
                other => {
                    return Err(DataError::new(
                        FILE,
                        line,
                        format!("reflux is yes or no, not `{other}`"),
                    ));
                }
            };
            out.push(ReagentTemperature {
                reagent: f[0].to_string(),
                low,
                high,
                control: f[3].to_string(),
                reflux,
            });
        }
        Ok(out)
    });
    loaded.as_deref().map_err(Clone::clone)
}

/// The report as an ORD `Dataset`: every step of every route, best route first.
pub(crate) fn dataset(report: &PlanReport) -> Result<Value, DataError> {
    let created = now_utc();
    let mut reactions = Vec::new();
    for route in &report.routes {
        for (index, step) in route.steps.iter().enumerate() {
            reactions.push(reaction(&report.target, route, index, step, &created)?);
        }
    }
    let scale = report
        .routes
        .iter()
        .flat_map(|r| r.steps.first())
        .map(|s| s.procedure.scale_mmol)
        .next();
    if reactions.is_empty() {
        // ORD has no record of a route not found, and ord-schema rejects a Dataset without
        // reactions: the description says why there are none.
        let why = match &report.stop_reason {
            StopReason::OutOfScope(reason) => format!("out of scope: {reason}"),
            other => other.name().to_string(),
        };
        let what = if report.routes.is_empty() {
            format!("no route ({why})")
        } else {
            "no step: the target is in stock".to_string()
        };
        return Ok(json!({
            "datasetId": format!("ord_dataset-{}", hex_hash(&report.target)),
            "name": format!("regiochem routes to {}", report.target),
            "description": format!("regiochem {VERSION}: {what} for {}", report.target),
            "reactions": [],
        }));
    }
    let mut description = format!(
        "Routes to {} planned by regiochem {VERSION}: one reaction per step of each ranked route",
        report.target
    );
    if let Some(scale) = scale {
        description.push_str(&format!(
            ", amounts from its procedure cards at {scale} mmol"
        ));
    }
    description.push_str(
        "; conditions are the cards' defaults and every yield is the model's prediction, not a measurement",
    );
    let ids: Vec<&str> = reactions
        .iter()
        .filter_map(|r| r["reactionId"].as_str())
        .collect();
    let dataset_id = format!(
        "ord_dataset-{}",
        hex_hash(&format!("{}|{}", report.target, ids.join("|")))
    );
    Ok(json!({
        "datasetId": dataset_id,
        "name": format!("regiochem routes to {}", report.target),
        "description": description,
        "reactions": reactions,
    }))
}

fn reaction(
    target: &str,
    route: &PlannedRoute,
    index: usize,
    step: &PlannedStep,
    created: &str,
) -> Result<Value, DataError> {
    let mut out = Map::new();
    out.insert(
        "identifiers".into(),
        json!([{
            "type": "REACTION_SMILES",
            "value": step.reaction.reaction_smiles(),
        }]),
    );
    out.insert(
        "reactionId".into(),
        reaction_id(target, route, index).into(),
    );
    // The substrate of a later step is the product of the one before: say so, so the steps of
    // a route read as one synthesis.
    let made_by = index.checked_sub(1).map(|before| {
        (
            route.steps[before].reaction.product.to_string(),
            reaction_id(target, route, before),
        )
    });
    out.insert(
        "inputs".into(),
        Value::Object(inputs(step, made_by.as_ref())),
    );
    out.insert("conditions".into(), conditions(step)?);
    let procedure = &step.procedure;
    let mut notes = Map::new();
    if !procedure.conditions.is_empty() {
        notes.insert(
            "procedureDetails".into(),
            procedure.conditions.join("\n").into(),
        );
    }
    if !procedure.hazards.is_empty() {
        notes.insert("safetyNotes".into(), procedure.hazards.join(" ").into());
    }
    if !notes.is_empty() {
        out.insert("notes".into(), Value::Object(notes));
    }
    let mut workups = Vec::new();
    for line in &procedure.workup {
        workups.extend(workup(line)?);
    }
    if !procedure.purification.is_empty() {
        workups.push(purification(&procedure.purification)?);
    }
    if !workups.is_empty() {
        out.insert("workups".into(), Value::Array(workups));
    }
    out.insert("outcomes".into(), json!([outcome(step)]));
    out.insert(
        "provenance".into(),
        json!({
            "recordCreated": {
                "time": {"value": created},
                "person": {"username": "regiochem", "name": format!("regiochem {VERSION}"), "email": "regiochem@example.invalid"},
                "details": format!("planned by regiochem {VERSION} (`regiochem plan --format ord`); predicted, not performed"),
            },
            "reactionMetadata": {
                "regiochem_version": {"stringValue": VERSION},
                "route_rank": {"integerValue": route.rank},
                "route_score": {"floatValue": route.score},
                "route_predicted_yield": {"floatValue": route.predicted_yield},
                "step": {"integerValue": index + 1},
                "steps": {"integerValue": route.steps.len()},
                "verdict": {"stringValue": step.outcome.verdict.name()},
            },
        }),
    );
    Ok(Value::Object(out))
}

/// One input per card material, keyed by its name (a repeated name gets ` (2)`, ...).
fn inputs(step: &PlannedStep, made_by: Option<&(String, String)>) -> Map<String, Value> {
    let materials = &step.procedure.materials;
    let limiting = materials
        .iter()
        .filter(|m| is_reactant(m))
        .filter_map(|m| m.mmol)
        .fold(f64::INFINITY, f64::min);
    let mut out = Map::new();
    for material in materials {
        let mut compound = Map::new();
        let mut identifiers = vec![json!({"type": "SMILES", "value": material.smiles})];
        if material.name != material.smiles {
            identifiers.push(json!({"type": "NAME", "value": material.name}));
        }
        compound.insert("identifiers".into(), Value::Array(identifiers));
        compound.insert("amount".into(), amount(material));
        compound.insert("reactionRole".into(), role(material).into());
        if let Some((product, id)) = made_by {
            if material.role == "substrate" && &material.smiles == product {
                compound.insert(
                    "preparations".into(),
                    json!([{"type": "SYNTHESIZED", "details": "the product of the route's previous step", "reactionId": id}]),
                );
            }
        }
        if is_reactant(material) {
            compound.insert(
                "isLimiting".into(),
                (material.mmol == Some(limiting)).into(),
            );
        }
        let mut key = material.name.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{} ({n})", material.name);
        }
        out.insert(key, json!({"components": [Value::Object(compound)]}));
    }
    out
}

fn is_reactant(material: &Material) -> bool {
    matches!(material.role.as_str(), "substrate" | "co-reactant")
}

/// The ORD role of a card material: reactants, solvents, catalysts and reagents. A reagent
/// used at less than one equivalent, or weighed against the substrate (Pd/C), cannot be
/// consumed stoichiometrically: it is a catalyst.
fn role(material: &Material) -> &'static str {
    match material.role.as_str() {
        "substrate" | "co-reactant" => "REACTANT",
        "solvent" => "SOLVENT",
        "catalyst" => "CATALYST",
        "reagent" => match (material.equivalents, material.grams) {
            (Some(eq), _) if eq < 1.0 => "CATALYST",
            (None, Some(_)) => "CATALYST",
            _ => "REAGENT",
        },
        _ => "REAGENT",
    }
}

/// Moles when the card counts the material in equivalents, else its mass, else its volume;
/// a material the card gives no amount for is `unmeasured`, saying so.
fn amount(material: &Material) -> Value {
    if material.role != "solvent" {
        if let Some(mmol) = material.mmol {
            return json!({"moles": {"value": mmol, "units": "MILLIMOLE"}});
        }
        if let Some(g) = material.grams {
            return json!({"mass": {"value": g, "units": "GRAM"}});
        }
    }
    if let Some(ml) = material.millilitres {
        return json!({"volume": {"value": ml, "units": "MILLILITER"}});
    }
    json!({"unmeasured": {"type": "CUSTOM", "details": "no amount on the procedure card"}})
}

/// The step's temperature: as stated (`temp=`), else that of the first row of
/// `ord_temperatures.tsv` whose reagent is on the card; none when neither says.
fn conditions(step: &PlannedStep) -> Result<Value, DataError> {
    let stated = step.reaction.step.temperature.map(|t| (t.low, t.high));
    let (range, control, reflux, why) = match stated {
        Some((low, high)) => (
            (low, high),
            "CUSTOM".to_string(),
            false,
            format!("stated on the step: {low}..{high} C"),
        ),
        None => {
            let names: Vec<&str> = step
                .procedure
                .materials
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            let Some(row) = temperatures()?
                .iter()
                .find(|row| names.contains(&row.reagent.as_str()))
            else {
                return Ok(json!({}));
            };
            (
                (row.low, row.high),
                row.control.clone(),
                row.reflux,
                format!("the card's conditions for {}", row.reagent),
            )
        }
    };
    let (low, high) = range;
    let mut control_json = json!({"type": control});
    if control == "CUSTOM" {
        control_json["details"] = why.clone().into();
    }
    let mut out = json!({
        "temperature": {
            "control": control_json,
            "setpoint": {
                "value": round((low + high) / 2.0, 2),
                "precision": round((high - low) / 2.0, 2),
                "units": "CELSIUS",
            },
        },
    });
    if reflux {
        out["reflux"] = true.into();
    }
    // A range that starts at an addition temperature (an ice bath, or a stated `temp=0..25`)
    // is a profile, which ORD calls dynamic; otherwise the precision carries the range the
    // card allows (room temperature to 60 C).
    if low != high && (stated.is_some() || control == "ICE_BATH") {
        out["conditionsAreDynamic"] = true.into();
        out["details"] = format!("starts at {low} C and ends at {high} C ({why})").into();
    }
    Ok(out)
}

/// A card's workup line as ORD workups: cut at `;`, and at `, ` before a word of the table;
/// each clause typed by its first word (CUSTOM when the word is not in the table).
fn workup(line: &str) -> Result<Vec<Value>, DataError> {
    let words = workup_words()?;
    let known = |clause: &str| {
        let first = first_word(clause);
        words.iter().find(|w| w.word == first)
    };
    let mut clauses: Vec<String> = Vec::new();
    for part in line.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let mut current = String::new();
        for piece in part.split(", ") {
            if !current.is_empty() && known(piece).is_some() {
                clauses.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str(", ");
            }
            current.push_str(piece);
        }
        if !current.is_empty() {
            clauses.push(current);
        }
    }
    let library = ReagentLibrary::standard()?;
    // A workup that cools or warms to room temperature: the `room temperature` row.
    let workup_temperature = |clause: &str| -> Option<Value> {
        if !clause.contains("room temperature") {
            return None;
        }
        let row = temperatures()
            .ok()?
            .iter()
            .find(|r| r.reagent == "room temperature")?;
        Some(json!({
            "control": {"type": row.control},
            "setpoint": {"value": row.high, "units": "CELSIUS"},
        }))
    };
    Ok(clauses
        .iter()
        .map(|clause| {
            let mut out = json!({"type": "CUSTOM", "details": clause});
            let materials = workup_materials(clause, library);
            if !materials.is_empty() {
                out["input"] = json!({"components": materials});
            }
            if let Some(word) = known(clause) {
                out["type"] = word.kind.clone().into();
                if let Some(phase) = &word.keep_phase {
                    out["keepPhase"] = phase.clone().into();
                }
            }
            if out["type"] == "TEMPERATURE" {
                if let Some(temperature) = workup_temperature(clause) {
                    out["temperature"] = temperature;
                }
            }
            if out["type"] == "PH_ADJUST" {
                if let Some(ph) = target_ph(clause) {
                    out["targetPh"] = ph.into();
                }
            }
            out
        })
        .collect())
}

/// What a workup clause adds, as ORD compounds: the names after its first `with`, `over` or
/// `in` (up to a parenthesis; `and` separates names, `aqueous` is dropped) that the reagent
/// library knows; the card states no amount for them.
fn workup_materials(clause: &str, library: &ReagentLibrary) -> Vec<Value> {
    let Some(at) = [" with ", " over ", " in "]
        .iter()
        .filter_map(|word| clause.find(word).map(|i| i + word.len()))
        .min()
    else {
        return Vec::new();
    };
    let names = clause[at..].split(['(', ',', ';']).next().unwrap_or("");
    names
        .split(" and ")
        .map(|name| name.trim().trim_start_matches("aqueous ").trim())
        .filter_map(|name| library.find(name))
        .map(|reagent| {
            json!({
                "identifiers": [
                    {"type": "SMILES", "value": reagent.smiles},
                    {"type": "NAME", "value": reagent.name},
                ],
                "amount": {"unmeasured": {"type": "CUSTOM", "details": "no amount on the procedure card"}},
                "reactionRole": "WORKUP",
            })
        })
        .collect()
}

/// The purification line as one workup, typed by its first word.
fn purification(text: &str) -> Result<Value, DataError> {
    let first = first_word(text);
    let kind = workup_words()?
        .iter()
        .find(|w| w.word == first)
        .map_or("CUSTOM", |w| w.kind.as_str());
    Ok(json!({"type": kind, "details": text}))
}

fn first_word(clause: &str) -> String {
    clause
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

/// The number after `pH` in a clause (`basify ... to pH > 12` is 12).
fn target_ph(clause: &str) -> Option<f64> {
    let rest = &clause[clause.find("pH")? + 2..];
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    let digits: String = rest[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

/// The predicted mixture: the intended product desired, the others side products, each with
/// its predicted yield on the limiting reagent, tied to the prediction analysis.
fn outcome(step: &PlannedStep) -> Value {
    let intended = step.reaction.product.to_string();
    let predicted = |share: f64| {
        json!({
            "analysisKey": PREDICTION,
            "type": "YIELD",
            "details": format!("predicted by regiochem {VERSION}, not measured"),
            "percentage": {"value": round(100.0 * share, 2)},
        })
    };
    let mut products = vec![json!({
        "identifiers": [{"type": "SMILES", "value": intended}],
        "isDesiredProduct": true,
        "reactionRole": "PRODUCT",
        "measurements": [predicted(step.outcome.intended_yield)],
    })];
    for product in &step.outcome.prediction.products {
        if product.smiles == intended {
            continue;
        }
        products.push(json!({
            "identifiers": [{"type": "SMILES", "value": product.smiles}],
            "isDesiredProduct": false,
            "reactionRole": "SIDE_PRODUCT",
            "measurements": [predicted(product.yield_on_limiting)],
        }));
    }
    let mut out = json!({
        "products": products,
        "analyses": {
            PREDICTION: {
                "type": "CUSTOM",
                "details": format!(
                    "computed by regiochem {VERSION}'s kinetic outcome model (verdict {}); no sample was analysed",
                    step.outcome.verdict.name()
                ),
            },
        },
    });
    if let Some(hours) = step.reaction.step.time_h {
        out["reactionTime"] = json!({"value": hours, "units": "HOUR"});
    }
    out
}

/// The reaction's ORD id: a hash of the target, the route's rank and the step's place and
/// reaction SMILES, so the same plan gets the same ids on every run.
fn reaction_id(target: &str, route: &PlannedRoute, index: usize) -> String {
    let key = format!(
        "{target}|{}|{index}|{}",
        route.rank,
        route.steps[index].reaction.reaction_smiles()
    );
    format!("ord-{}", hex_hash(&key))
}

/// 32 hex digits of `key`: FNV-1a (64 bits) twice, with the standard offset basis and its
/// bitwise complement.
fn hex_hash(key: &str) -> String {
    let fnv = |basis: u64| {
        key.bytes().fold(basis, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    format!("{:016x}{:016x}", fnv(BASIS), fnv(!BASIS))
}

/// The current time, `YYYY-MM-DDTHH:MM:SS+00:00`.
fn now_utc() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_789), (2026, 12, 2));
    }

    #[test]
    fn the_tables_load() {
        assert!(workup_words().unwrap().iter().any(|w| w.word == "extract"));
        assert!(
            temperatures()
                .unwrap()
                .iter()
                .any(|t| t.reagent == "LiAlH4" && t.reflux)
        );
    }

    #[test]
    fn a_workup_line_is_cut_before_known_words_only() {
        let steps = workup(
            "dilute with DCM, wash with aqueous NaHCO3 and brine, dry over Na2SO4, concentrate",
        )
        .unwrap();
        let kinds: Vec<&str> = steps.iter().map(|s| s["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["ADDITION", "WASH", "DRY_WITH_MATERIAL", "CONCENTRATION"]
        );
        let fieser = workup("Fieser workup for 0.13 g LiAlH4 at 0 C: 0.13 mL water, 0.13 mL 15 % NaOH, 0.39 mL water; stir 30 min, filter through Celite").unwrap();
        assert_eq!(fieser.len(), 3);
        assert_eq!(
            fieser[0]["details"],
            "Fieser workup for 0.13 g LiAlH4 at 0 C: 0.13 mL water, 0.13 mL 15 % NaOH, 0.39 mL water"
        );
        assert_eq!(fieser[2]["keepPhase"], "filtrate");
        let ph =
            workup("concentrate, basify with aqueous NaOH to pH > 12, extract with DCM (seed 004)")
                .unwrap();
        assert_eq!(ph[1]["type"], "PH_ADJUST");
        assert_eq!(ph[1]["targetPh"], 12.0);
        assert_eq!(ph[2]["keepPhase"], "organic");
        assert_eq!(workup("sacrifice a goat").unwrap()[0]["type"], "CUSTOM");
        let diluted = &workup("dilute with DCM, wash with aqueous NaOH (pH > 12)").unwrap();
        assert_eq!(
            diluted[0]["input"]["components"][0]["identifiers"][0]["value"],
            "ClCCl"
        );
        assert_eq!(
            diluted[1]["input"]["components"][0]["identifiers"][1]["value"],
            "NaOH"
        );
        assert_eq!(
            diluted[1]["input"]["components"][0]["reactionRole"],
            "WORKUP"
        );
    }
}
