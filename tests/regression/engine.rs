//! Defects of the rules engine, the outcome model, routes, validation and planning.

use crate::cli::regiochem;
use regiochem_mol::Molecule;
use regiochem_rules::sites::{SiteClass, SiteModel};

/// Issue 8: 41 basic nitrogens with `--acid 1` overflowed a shift in the shield (a debug
/// panic, a wrong mask in release); the microstates are bounded to the most basic
/// `MAX_SITES` sites.
#[test]
fn many_basic_nitrogens_with_acid_do_not_overflow_the_shield() {
    let polyamine = format!("N{}", "CCN".repeat(40));
    let (status, out, err) = regiochem(
        &[
            "predict",
            &polyamine,
            "--reagent",
            "Boc2O",
            "--acid",
            "1",
            "--json",
        ],
        "",
    );
    assert_eq!(status, 0, "{err}");
    let prediction: serde_json::Value = serde_json::from_str(&out).unwrap();
    let total: f64 = prediction["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["fraction"].as_f64().unwrap())
        .sum::<f64>()
        + prediction["unreacted"].as_f64().unwrap();
    // The model follows 64 products and keeps mass balance to 1e-6 inside (an internal error
    // otherwise); the JSON rounds each fraction to 4 places, so what it shows balances within
    // half a unit of the last place per value shown.
    let shown = prediction["products"].as_array().unwrap().len() + 1;
    assert!(
        total > 0.9 && total <= 1.0 + 5e-5 * shown as f64,
        "{total} over {shown} values"
    );
}

/// Issue 8: `rate 1e308` in a rules file made every fraction 0 (a false "no site is free"
/// finding); kinetic parameters are bounded in the rules language.
#[test]
fn kinetic_parameters_out_of_range_are_rules_errors() {
    let rule = |value: &str| {
        format!(
            "rule fast\n  class protect\n  template [N;H1:1].[C:2](=O)(OC(C)(C)C)OC(=O)OC(C)(C)C>>[N:1][C:2](=O)OC(C)(C)C\n  {value}\n"
        )
    };
    let codes = |text: &str| -> Vec<(&'static str, String)> {
        let error = regiochem_rules::ruleset::RuleSet::parse(text).unwrap_err();
        error
            .errors
            .iter()
            .map(|e| {
                let span = e.span();
                (e.stable_code(), text[span.start..span.end].to_string())
            })
            .collect()
    };
    assert_eq!(
        codes(&rule("rate 1e308")),
        [("rules::bad_value", "1e308".into())]
    );
    assert_eq!(
        codes(&rule("rate 10000000")),
        [("rules::out_of_range", "10000000".into())]
    );
    assert_eq!(
        codes(&rule("steric 3.5")),
        [("rules::out_of_range", "3.5".into())]
    );
    assert_eq!(
        codes(&rule("beta -1")),
        [("rules::out_of_range", "-1".into())]
    );
    // The extreme allowed rate keeps the model's mass balance.
    let scratch = std::env::temp_dir().join(format!("regiochem-rate-{}.rules", std::process::id()));
    std::fs::write(&scratch, rule("rate 1000000")).unwrap();
    let (status, out, err) = regiochem(
        &[
            "predict",
            "C1CNCCNC1",
            "--reagent",
            "Boc2O",
            "--rules",
            scratch.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    std::fs::remove_file(&scratch).unwrap();
    assert_eq!(status, 0, "{err}");
    let prediction: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = prediction["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"model-error"), "{codes:?}");
    assert!(!codes.contains(&"no-reaction"), "{codes:?}");
}

/// Issue 8: validate was quadratic in distinct agents (10,000 agents: 9 s): splitting the
/// agents into components made one pass over the whole mixture per component. Every agent is
/// still reported, in order.
#[test]
fn ten_thousand_distinct_agents_are_each_reported() {
    let agents: Vec<String> = (1..=100)
        .flat_map(|iso| (0..100).map(move |k| format!("[{iso}CH3]{}", "C".repeat(k))))
        .collect();
    let route: regiochem_planner::Route =
        format!("C1CNCCNC1.CC(=O)Cl>{}>CC(=O)N1CCCNCC1\n", agents.join("."))
            .parse()
            .unwrap();
    assert_eq!(route.steps[0].step.agents.len(), 10_000);
    let engine = regiochem_rules::predict::Engine::standard().unwrap();
    let validation = regiochem_planner::validate(&route, &engine);
    let unknown = validation.steps[0]
        .outcome
        .findings
        .iter()
        .filter(|f| f.code == regiochem_rules::finding::FindingCode::UnknownAgent)
        .count();
    assert_eq!(unknown, 10_000);
}

fn most_basic(smiles: &str) -> f64 {
    let molecule: Molecule = smiles.parse().unwrap();
    SiteModel::standard()
        .unwrap()
        .perceive(&molecule)
        .iter()
        .filter_map(|s| s.pka)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// The free NH of an acyl-, carbamoyl- or sulfonylpiperazine came out at 9.30 (measured
/// 7.4-8.3: 1-acetylpiperazine 7.94, 1-tosylpiperazine 7.41).
#[test]
fn acyl_piperazine_free_nh_is_not_as_basic_as_piperazine() {
    for (smiles, measured) in [
        ("CC(=O)N1CCNCC1", 7.94),
        ("CCOC(=O)N1CCNCC1", 8.25),
        ("Cc1ccc(S(=O)(=O)N2CCNCC2)cc1", 7.41),
    ] {
        let pka = most_basic(smiles);
        assert!((pka - measured).abs() < 0.5, "{smiles}: {pka}");
    }
}

/// N-aryl piperazines came out at 11.1 (measured 8.7-9.0).
#[test]
fn aryl_piperazine_free_nh_is_lowered_by_the_aryl_nitrogen() {
    let pka = most_basic("c1ccccc1N1CCNCC1");
    assert!((8.2..=9.3).contains(&pka), "{pka}");
}

/// Every aniline got 4.6, whatever its ring carried.
#[test]
fn aniline_pka_follows_ring_substituents() {
    let aniline = most_basic("Nc1ccccc1");
    let nitro = most_basic("Nc1ccc(cc1)[N+](=O)[O-]");
    let methoxy = most_basic("Nc1ccc(OC)cc1");
    assert!(nitro < aniline - 2.0, "{nitro} vs {aniline}");
    assert!(methoxy > aniline, "{methoxy} vs {aniline}");
}

/// Amidines and guanidines were typed as a primary amine plus an imine.
#[test]
fn guanidine_is_one_strongly_basic_site() {
    let molecule: Molecule = "CNC(=N)N".parse().unwrap();
    let sites = SiteModel::standard().unwrap().perceive(&molecule);
    let guanidine: Vec<_> = sites
        .iter()
        .filter(|s| s.class == SiteClass::Guanidine)
        .collect();
    assert_eq!(guanidine.len(), 1);
    assert!(guanidine[0].pka.unwrap() > 12.0);
    assert!(
        sites
            .iter()
            .filter(|s| s.class != SiteClass::Guanidine)
            .all(|s| s.pka.is_none())
    );
}

/// Issue 11: an open-chain secondary amine ranked with a ring one, so N-alkyl chain amines
/// beat primary amines and piperidines in the which-N cases (0 of 25 and 0 of 29 recorded);
/// Mayr's N (Brotzel, Chu, Mayr 2007) puts diethylamine well below pyrrolidine.
#[test]
fn an_open_chain_secondary_amine_is_less_nucleophilic_than_a_ring_one() {
    let model = SiteModel::standard().unwrap();
    let nucleophilicity = |smiles: &str| {
        let molecule: Molecule = smiles.parse().unwrap();
        let sites = model.perceive(&molecule);
        let secondary: Vec<_> = sites
            .iter()
            .filter(|s| s.class == SiteClass::Secondary)
            .collect();
        assert_eq!(secondary.len(), 1, "{smiles}");
        secondary[0].log_nucleophilicity.unwrap()
    };
    let chain = nucleophilicity("CCCCNCCCC");
    let ring = nucleophilicity("C1CCNCC1");
    assert!(ring - chain >= 0.4, "ring {ring} vs chain {chain}");
}

/// The Schmidt route of seed 000 was never planned: the 1,4-diazepan-5-one it gives has a
/// diamine ring, so the planner took it for the target's core and never offered LiAlH4.
#[test]
fn the_schmidt_lactam_is_reduced_on_the_way_to_a_diazepane() {
    use regiochem_planner::data::{PlannerData, Stock};
    use regiochem_planner::{Limits, Planner};
    use regiochem_rules::predict::Engine;

    let mut data = PlannerData::standard().unwrap().clone();
    data.stock = Stock::parse("O=C1CCN(Cc2ccc(F)cc2F)CC1\n").unwrap();
    let planner = Planner {
        engine: Engine::standard().unwrap(),
        data: &data,
        limits: Limits::default(),
    };
    let report = planner.plan(&"Fc1ccc(CN2CCCNCC2)c(F)c1".parse().unwrap());
    let best = report.routes.first().expect("a route from the piperidone");
    let agents: Vec<&str> = best
        .route
        .steps
        .iter()
        .flat_map(|s| s.step.agents.iter().map(String::as_str))
        .collect();
    assert!(agents.contains(&"[AlH4-]"), "{}", best.route.to_text());
}

/// The verdict and codes of one step given as a route line.
fn judge_line(line: &str) -> (String, Vec<String>, f64) {
    let route: regiochem_planner::Route = line.parse().unwrap();
    let engine = regiochem_rules::predict::Engine::standard().unwrap();
    let validation = regiochem_planner::validate(&route, &engine);
    let step = &validation.steps[0].outcome;
    let codes = step
        .findings
        .iter()
        .filter(|f| f.severity >= regiochem_rules::finding::Severity::Warn)
        .map(|f| f.code.name().to_string())
        .collect();
    (step.verdict.name().to_string(), codes, step.intended_yield)
}

/// Issue 10: 1 eq HCl beside triethylamine in methanol passed at 89.8 % mono; the base takes the shield's
/// acid and the statistical mixture comes back.
#[test]
fn a_base_beside_the_shield_takes_its_acid() {
    let (verdict, codes, _) = judge_line(
        "C1CNCCNC1.CC(C)(C)OC(=O)OC(=O)OC(C)(C)C>CCN(CC)CC.CO>CC(C)(C)OC(=O)N1CCCNCC1 acid=1",
    );
    assert_eq!(verdict, "fail");
    assert!(
        codes.contains(&"incompatible-base".to_string()),
        "{codes:?}"
    );
}

/// Issue 10: an acid chloride in methanol passed; it solvolyses.
#[test]
fn an_acid_chloride_in_methanol_solvolyses() {
    let (verdict, codes, _) =
        judge_line("CC(C)(C)OC(=O)N1CCCNCC1.CC(=O)Cl>CCN(CC)CC.CO>CC(=O)N1CCCN(C(=O)OC(C)(C)C)CC1");
    assert_eq!(verdict, "fail");
    assert!(
        codes.contains(&"incompatible-solvent".to_string()),
        "{codes:?}"
    );
}

/// Issue 10: mesyl chloride and triethylamine on 4-hydroxybenzamide mesylated nothing (`no-reaction`).
#[test]
fn a_phenol_is_mesylated() {
    let (verdict, _, _) =
        judge_line("NC(=O)c1ccc(O)cc1.CS(=O)(=O)Cl>CCN(CC)CC.ClCCl>CS(=O)(=O)Oc1ccc(cc1)C(N)=O");
    assert_eq!(verdict, "pass");
}

/// Issue 10: Cbz removal with hydrogen bromide in acetic acid failed as an unknown reagent.
#[test]
fn hbr_in_acetic_acid_removes_cbz() {
    let (verdict, _, _) = judge_line("CC(=O)N1CCCN(C(=O)OCc2ccccc2)CC1>Br.CC(=O)O>CC(=O)N1CCCNCC1");
    assert_eq!(verdict, "pass");
}

/// Issue 10: an agent the library does not know failed the step; it is `unknown`.
#[test]
fn an_unknown_agent_makes_the_step_unknown() {
    let (verdict, codes, _) = judge_line(
        "CC(C)(C)OC(=O)N1CCCNCC1.CC(=O)Cl>CCN(CC)CC.CC(C)(C)OO.ClCCl>CC(=O)N1CCCN(C(=O)OC(C)(C)C)CC1",
    );
    assert_eq!(verdict, "unknown");
    assert!(codes.contains(&"unknown-agent".to_string()), "{codes:?}");
}

/// Issue 10: methyl iodide on a secondary amine passed at 82-88 %; the tertiary amine quaternises.
#[test]
fn methyl_iodide_on_a_secondary_amine_fails() {
    let (verdict, codes, _) = judge_line(
        "CC(C)(C)OC(=O)N1CCCNCC1.CI>O=C([O-])[O-].[K+].[K+].CC#N>CN1CCCN(C(=O)OC(C)(C)C)CC1",
    );
    assert_eq!(verdict, "fail");
    assert!(codes.contains(&"over-reaction".to_string()), "{codes:?}");
}

/// Issue 10: hydrogen over palladium removing a plain N-benzyl while keeping a 4-aminobenzyl ranked first at
/// 100 %; hydrogenolysis does not choose between benzyls.
#[test]
fn hydrogenolysis_does_not_choose_between_benzyls() {
    let (verdict, _, _) =
        judge_line("Nc1ccc(CN2CCCN(Cc3ccccc3)CC2)cc1>[H][H].[Pd].CO>Nc1ccc(CN2CCCNCC2)cc1");
    assert_eq!(verdict, "fail");
}

/// Issue 10: a Buchwald coupling of an aryl bromide carrying its own free amine passed at
/// 100 %; it oligomerises.
#[test]
fn a_buchwald_partner_with_its_own_amine_oligomerises() {
    let (verdict, codes, _) = judge_line(
        "CC(C)(C)OC(=O)N1CCCNCC1.Brc1ccc(CN2CCNCC2)cc1>[Pd].CC(C)(C)[O-].[Na+].Cc1ccccc1>CC(C)(C)OC(=O)N1CCCN(c2ccc(CN3CCNCC3)cc2)CC1",
    );
    assert_eq!(verdict, "fail");
    assert!(codes.contains(&"over-reaction".to_string()), "{codes:?}");
}

/// Issue 10: 265 of 414 best routes claimed 100 %; a step's yield is an isolated yield, never
/// above 97 %.
#[test]
fn no_step_is_quantitative() {
    let (verdict, _, expected) = judge_line(
        "CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1>O=C(O)C(F)(F)F.ClCCl>O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
    );
    assert_eq!(verdict, "pass");
    assert!(expected > 0.8 && expected <= 0.97, "{expected}");
}

/// The major product of `substrate` with `co_reactant` under the co-reactant's default
/// conditions (the `predict --with` contract).
fn default_major(substrate: &str, co_reactant: &str) -> Option<String> {
    use regiochem_rules::defaults::{self, DefaultTable};
    use regiochem_rules::predict::Engine;
    use regiochem_rules::step::Step;
    let engine = Engine::standard().unwrap();
    let table = DefaultTable::standard().unwrap();
    let mut step = Step::new(substrate.parse::<Molecule>().unwrap());
    step.co_reactants = vec![co_reactant.parse::<Molecule>().unwrap()];
    let prediction = defaults::predict(&engine, table, &step);
    regiochem_testkit::constitution(&prediction.major()?.smiles)
}

/// Issue 11: an acid carrying a 2-chloropyridine got SNAr conditions (DIPEA, DMSO) and the
/// amine went onto the ring; under the acid's own conditions (HATU) it makes the amide.
#[test]
fn a_chloroazine_acid_couples_as_an_acid() {
    assert_eq!(
        default_major("OCCN1CCNCC1", "O=C(O)c1cc(Cl)ccn1"),
        regiochem_testkit::constitution("O=C(c1cc(Cl)ccn1)N1CCN(CCO)CC1")
    );
}

/// Issue 11: every halide of an activated arene reacted at one rate, so a chloride beside an
/// activated fluoride took the amine; the fluoride goes first (the element effect).
#[test]
fn snar_takes_the_fluoride_before_the_chloride() {
    assert_eq!(
        default_major("C[C@@H]1NCC[C@@H]1O", "CCc1c(F)ccc(C#N)c1Cl"),
        regiochem_testkit::constitution("CCc1c(N2CC[C@H](O)[C@@H]2C)ccc(C#N)c1Cl")
    );
}

/// Issue 11: the 2- and 4-chlorides of a 2,4-dichloropyrimidine reacted at one rate (a tie
/// the atom order broke); an amine takes the 4-chloride first.
#[test]
fn a_dichloropyrimidine_reacts_at_the_4_chloride() {
    assert_eq!(
        default_major("NCCCO", "Clc1ccnc(Cl)n1"),
        regiochem_testkit::constitution("OCCCNc1ccnc(Cl)n1")
    );
}

/// Issue 11: a 1-chloroanthraquinone got a ketone's reductive-amination conditions and the
/// amine went onto a ring carbonyl; a chloride ortho to an aryl ketone takes the amine by SNAr.
#[test]
fn a_chloroanthraquinone_takes_the_amine_by_snar() {
    assert_eq!(
        default_major("NCCCCCO", "O=C1c2ccccc2C(=O)c2c(Cl)cccc21"),
        regiochem_testkit::constitution("O=C1c2ccccc2C(=O)c2c(NCCCCCO)cccc21")
    );
}

/// `plan TARGET --top 1 --format json`, which must succeed: the report and its text.
fn best_route_report(target: &str) -> (serde_json::Value, String) {
    let (status, out, err) = regiochem(&["plan", target, "--top", "1", "--format", "json"], "");
    assert_eq!(status, 0, "{err}");
    (serde_json::from_str(&out).unwrap(), out)
}

/// Issues 9 and 10: once H2N-COCl was refused as self-reactive, 7 diazepane targets with a
/// primary urea lost their route (nothing installed R2N-C(=O)NH2); the planner now installs it
/// with TMS-NCO.
#[test]
fn a_primary_urea_is_planned_with_tms_nco() {
    let (report, out) = best_route_report("NC(=O)N1CCCN(C(=O)c2scnc2C2CC2)CC1");
    let steps = report["routes"][0]["steps"].as_array().expect("a route");
    assert!(
        steps.iter().any(|s| s["reaction_smiles"]
            .as_str()
            .unwrap()
            .contains("C[Si](C)(C)N=C=O")),
        "{out}"
    );
}

/// Issue 9: no rule alkylated a lactam N, so 1,4-diazepan-5-ones and piperazin-2-ones with a
/// substituted lactam N had no route; `NaH` in `DMF` and an alkyl halide now alkylate it, and
/// K2CO3 (far too weak for an amide N-H) still does nothing.
#[test]
fn a_lactam_nitrogen_is_alkylated_by_nah_not_by_carbonate() {
    let (verdict, _, _) = judge_line(
        "CC(C)(C)OC(=O)N1CCNC(=O)C1.BrCc1ccccc1>[H-].[Na+].CN(C)C=O>CC(C)(C)OC(=O)N1CCN(Cc2ccccc2)C(=O)C1",
    );
    assert_eq!(verdict, "pass");
    let (verdict, _, _) = judge_line(
        "CC(C)(C)OC(=O)N1CCNC(=O)C1.BrCc1ccccc1>O=C([O-])[O-].[K+].[K+].CC#N>CC(C)(C)OC(=O)N1CCN(Cc2ccccc2)C(=O)C1",
    );
    assert_eq!(verdict, "fail");
}

/// Issue 10: the planner used 2-(methylamino)benzenesulfonyl chloride as a reagent (the best
/// route of a diazepan-5-one target); its own aniline N-H sulfonylates it, as an acid chloride
/// with an N-H acylates itself.
#[test]
fn a_sulfonyl_chloride_with_its_own_nh_is_not_a_reagent() {
    let (verdict, codes, _) = judge_line(
        "O=C1CCNCCN1.CNc1ccccc1S(=O)(=O)Cl>CCN(CC)CC.ClCCl>CNc1ccccc1S(=O)(=O)N1CCC(=O)NCC1",
    );
    assert_eq!(verdict, "fail");
    assert!(codes.contains(&"self-reactive".to_string()), "{codes:?}");
}

/// Issue 9 (polycov): a triamine whose three N all carry the same group had no route: the
/// install variants covered one or two sites, and `both` (2.2 eq) on three free sites leaves
/// a third of the product short of one group. The `all` variant puts the group on every site in
/// one step with 1.1 eq per site.
#[test]
fn three_same_groups_on_a_triamine_go_on_in_one_step() {
    let (report, out) = best_route_report("CN(C)C(=O)NCCN(CCNC(=O)N(C)C)C(=O)N(C)C");
    let route = &report["routes"][0];
    assert_eq!(route["strategy"], "one-step-all", "{out}");
    let steps = route["steps"].as_array().expect("a route");
    assert_eq!(steps.len(), 1, "{out}");
    let co_reactant = steps[0]["procedure"]["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "co-reactant")
        .expect("a co-reactant");
    assert_eq!(co_reactant["equivalents"], 3.3, "{out}");
}

/// Issue 9 (polycov): a co-reactant with a second acid had no route (an acid chloride with
/// CH2COOH acylates itself; a Mitsunobu phenol with COOH esterifies its acid). The acid now goes
/// in as its tert-butyl ester (`masks.tsv`), the TFA that takes the Boc off frees it, and the
/// amino acid is isolated as its TFA salt, never through a basic wash that keeps it in water.
#[test]
fn a_co_reactant_acid_goes_in_as_its_tert_butyl_ester() {
    for target in [
        "CC(C)CCN1Cc2ccc(C(=O)N(C)CCC3CCNCC3)cc2CC(CC(=O)O)C1=O",
        "O=C(O)C1CC(c2ccc(OCCC3CCNCC3)cc2)=NO1",
    ] {
        let (report, out) = best_route_report(target);
        let steps = report["routes"][0]["steps"].as_array().expect("a route");
        let reaction = |s: &serde_json::Value| s["reaction_smiles"].as_str().unwrap().to_string();
        assert!(
            steps[..steps.len() - 1]
                .iter()
                .any(|s| reaction(s).contains("OC(C)(C)C") && !reaction(s).contains("C(=O)O>")),
            "{out}"
        );
        let last = steps.last().unwrap();
        assert!(reaction(last).contains("O=C(O)C(F)(F)F"), "{out}");
        let workup = last["procedure"]["workup"].to_string();
        assert!(
            workup.contains("TFA salt") && !workup.contains("NaOH"),
            "{out}"
        );
    }
}

/// Issue 9 (polycov): the cards weighed out 1.5 eq of `Et3N` whatever the co-reactant, so the
/// 2.2 eq of acid chloride of a bis-acylation (or 3.3 eq for three sites) released more HCl
/// than the base took up, and the last amine was left as its salt. A base now comes per
/// equivalent of co-reactant above one.
#[test]
fn the_base_takes_up_the_acid_of_every_equivalent_of_co_reactant() {
    let (report, out) = best_route_report("CN(C)C(=O)N1CCN(C(=O)N(C)C)CC1");
    let step = &report["routes"][0]["steps"][0];
    let materials = step["procedure"]["materials"].as_array().unwrap();
    let eq = |role: &str, name: &str| {
        materials
            .iter()
            .find(|m| m["role"] == role && (name.is_empty() || m["name"] == name))
            .and_then(|m| m["equivalents"].as_f64())
            .unwrap_or_else(|| panic!("{out}"))
    };
    assert_eq!(eq("co-reactant", ""), 2.2, "{out}");
    // 1.5 eq of Et3N per eq of the carbamoyl chloride.
    assert!((eq("reagent", "Et3N") - 3.3).abs() < 1e-9, "{out}");
}

/// Issue 9 (polycov): an N-(2-bromoaryl) had no route: its co-reactant was the dibromide,
/// which couples at either bromide. Copper takes the aryl iodide long before a bromide, so the
/// 2-bromo-1-iodoarene goes on at the iodide and the bromide stays, on a lactam N (Goldberg)
/// and on an amine N (Ullmann), at 80 C rather than the bromide's 110 C.
#[test]
fn copper_takes_the_aryl_iodide_and_keeps_the_bromide() {
    for target in ["Cc1ccc(N2CCNCC2=O)c(Br)c1", "Cc1ccc(N2CCC(N)C2)c(Br)c1"] {
        let (report, out) = best_route_report(target);
        let step = &report["routes"][0]["steps"][0];
        let reaction = step["reaction_smiles"].as_str().expect("a route");
        assert!(reaction.contains("Cc1cc(Br)c(I)cc1"), "{out}");
        assert!(reaction.contains("[Cu]I"), "{out}");
        assert!(step["procedure"].to_string().contains("80 C"), "{out}");
    }
}
