"""Every rule: one dossier that makes it fire at a known line, and one that satisfies it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hai_cli.rules import RULES, _load_rule_modules
from hai_cli.rules.privacy import is_bsn
from tests.helpers import base_dossier, check

S1 = "steps/1-medical-context.yaml"
S2 = "steps/2-innovation-level.yaml"
S3 = "steps/3-added-value.yaml"
S4 = "steps/4-risks-and-impact.yaml"
S5 = "steps/5-tasks-and-responsibilities.yaml"
S6 = "steps/6-laws-and-regulations.yaml"
S7 = "steps/7-implementation.yaml"
S8 = "steps/8-evaluation.yaml"

PURCHASE = "schema_version: 1\nid: x\nname: X\nacquisition: purchase\nphase: '{phase}'\n{extra}"
IN_HOUSE = "schema_version: 1\nid: x\nname: X\nacquisition: in-house\nphase: '{phase}'\n{extra}"


def meta(kind: str = PURCHASE, phase: str = "1B", extra: str = "") -> str:
    return kind.format(phase=phase, extra=extra)


def done(item: str, evidence: bool = False) -> str:
    text = f"  {item}:\n    status: done\n"
    return text + ("    evidence: [evidence/pri.md]\n" if evidence else "")


ROLE_DEPLOYER = (
    "    ai-system: 'yes'\n    own-name: 'no'\n    intended-purpose: 'no'\n"
    "    substantial-modification: 'no'\n"
)
DECIDED = (
    "decisions:\n  ai-act-role:\n" + ROLE_DEPLOYER + "  ai-act-risk:\n    medical-device: 'no'\n"
    "    annex-iii: 'no'\n    transparency: 'no'\n"
)
HIGH_RISK = (
    "decisions:\n  ai-act-role:\n" + ROLE_DEPLOYER + "  ai-act-risk:\n    medical-device: 'yes'\n"
    "    conformity-route: notified-body\n"
)
MEASURES = (
    "deployer_measures:\n  instructions_for_use: volgens de gebruiksaanwijzing\n"
    "  human_oversight: [radioloog]\n  log_retention_months: 6\n"
    "  provider_informed: via de servicedesk\n  serious_incidents: via de VIM\n"
    "  workers_informed: vakgroepoverleg\n"
)
RULE_11_IIA = (
    "decisions:\n  mdr-class:\n    medical-purpose: 'yes'\n    function: decisions\n"
    "    decision-impact: other\n"
)
TRIPOD = "validation_protocol:\n  outcome_measures:\n    - name: AUC\n      guideline: {g}\n"
CHANGE = (
    "changes:\n  - date: 2026-03-01\n    kind: retraining\n    size: {size}\n"
    "    status: requested\n    significance:\n      intended-purpose: 'no'\n      model: 'yes'\n"
    "      foreseen: 'no'\n"
)


@dataclass
class Case:
    code: str
    files: dict[str, str]
    where: tuple[str, int]
    fixed: dict[str, str] = field(default_factory=dict)  # overrides that satisfy the rule


CASES = {
    "na-without-reason": Case(
        "HAI101",
        {S4: "checklist:\n  risk-analysis:\n    status: n/a\n"},
        (S4, 3),
        {S4: "checklist:\n  risk-analysis:\n    status: n/a\n    reason: geen patiëntrisico\n"},
    ),
    "done-without-evidence": Case(
        "HAI102",
        {S2: "checklist:\n" + done("market-research")},
        (S2, 3),
        {S2: "checklist:\n" + done("market-research", evidence=True)},
    ),
    "evidence-missing": Case(
        "HAI103",
        {S2: "market_research:\n  evidence:\n    - evidence/none.pdf\n"},
        (S2, 3),
        {S2: "market_research:\n  evidence:\n    - evidence/pri.md\n"},
    ),
    "evidence-outside": Case(
        "HAI104",
        {S2: "market_research:\n  evidence: [../../etc/passwd]\n"},
        (S2, 2),
    ),
    "item-missing": Case(
        "HAI105", {S4: "checklist:\n  risk-analysis:\n    status: open\n"}, (S4, 1)
    ),
    "in-house-market": Case(
        "HAI110",
        {
            "dossier.yaml": meta(IN_HOUSE, "1A"),
            S2: "market_research:\n  outcome: x\nchecklist:\n" + done("market-research", True),
        },
        (S2, 1),
        {S2: "market_research:\n  why_no_market_product: geen CE-product voor deze vraag\n"},
    ),
    "shared-outside": Case(
        "HAI111",
        {"dossier.yaml": meta(IN_HOUSE, "1A", "shared_outside: true\n")},
        ("dossier.yaml", 6),
        {"dossier.yaml": meta(IN_HOUSE, "1A", "shared_outside: false\n")},
    ),
    "starting-phase": Case(
        "HAI112", {S2: "starting_phase: '1A'\n"}, (S2, 1), {S2: "starting_phase: '1B'\n"}
    ),
    "sub-task": Case(
        "HAI113",
        {S1: "main_task: health\nsub_task: efficient-workflow\n"},
        (S1, 2),
        {S1: "main_task: efficiency\nsub_task: efficient-workflow\n"},
    ),
    "goal-and-task": Case(
        "HAI114",
        {S1: "goal: sneller\nchecklist:\n" + done("goal-and-main-task")},
        (S1, 4),
        {
            S1: "clinical_problem: p\ngoal: g\nmain_task: efficiency\nsub_task: faster-assessment\n"
            "checklist:\n" + done("goal-and-main-task")
        },
    ),
    "considerations": Case(
        "HAI115",
        {S1: "checklist:\n" + done("care-process")},
        (S1, 3),
        {
            S1: "current_process: x\nconsiderations:\n"
            + "".join(
                f"  {n}: {{answer: yes}}\n"
                for n in (
                    "large_data",
                    "human_analysis_infeasible",
                    "data_available",
                    "accuracy_testable",
                    "actionable_outcomes",
                )
            )
            + "checklist:\n"
            + done("care-process")
        },
    ),
    "evidence-level": Case(
        "HAI116",
        {S3: "checklist:\n" + done("evidence-assessed")},
        (S3, 3),
        {S3: "evidence_level: 2\nchecklist:\n" + done("evidence-assessed")},
    ),
    "outcome-measures": Case(
        "HAI117",
        {S3: "checklist:\n" + done("outcome-measures-relevant")},
        (S3, 3),
        {
            S3: "outcome_measures:\n  - {name: doorlooptijd, kind: process}\nchecklist:\n"
            + done("outcome-measures-relevant")
        },
    ),
    "health-outcome": Case(
        "HAI118",
        {
            S1: "main_task: health\n",
            S3: "outcome_measures:\n  - name: doorlooptijd\n    kind: process\n",
        },
        (S3, 1),
        {S3: "outcome_measures:\n  - {name: IC-opnames, kind: health}\n"},
    ),
    "purchase-intended-use": Case(
        "HAI120",
        {"dossier.yaml": meta(extra="supplier:\n  name: S\n  use_within_intended_use: false\n")},
        ("dossier.yaml", 8),
        {"dossier.yaml": meta(extra="supplier:\n  name: S\n  use_within_intended_use: true\n")},
    ),
    "pri-too-light": Case(
        "HAI130",
        {S4: "risk_indication: high\npri:\n  type: screening\n"},
        (S4, 3),
        {S4: "risk_indication: high\npri:\n  type: extended-hfmea\n"},
    ),
    "risk-analysis-incomplete": Case(
        "HAI131",
        {
            S4: "pri: {type: screening}\ndpia: {status: done}\nce_class: IIa\nchecklist:\n"
            + done("risk-analysis", True)
        },
        (S4, 6),
        {S4: "risk_indication: medium\ncybersecurity: [{threat: data-poisoning}]\n"},
    ),
    "processor-agreement": Case(
        "HAI140",
        {
            S4: "personal_data:\n  third_party: Leverancier BV\n",
            S5: "agreements:\n  - kind: sla\nchecklist:\n" + done("management-agreements", True),
        },
        (S5, 5),
        {
            S5: "agreements:\n  - kind: sla\n  - kind: processor-agreement\nchecklist:\n"
            + done("management-agreements", True)
        },
    ),
    "dpia": Case(
        "HAI141",
        {S4: "dpia:\n  status: not-needed\nchecklist:\n" + done("risk-analysis", True)},
        (S4, 2),
        {S4: "dpia:\n  status: done\nchecklist:\n" + done("risk-analysis", True)},
    ),
    "impact": Case(
        "HAI142",
        {S4: "checklist:\n" + done("impact")},
        (S4, 3),
        {
            S4: "interaction_level: risk-score\nexpected_effects:\n  direct: [snellere diagnose]\nchecklist:\n"
            + done("impact")
        },
    ),
    "outcome-registration": Case(
        "HAI143",
        {S4: "checklist:\n" + done("local-outcome-data")},
        (S4, 3),
        {S4: "outcome_registration: in het EPD\nchecklist:\n" + done("local-outcome-data")},
    ),
    "team": Case(
        "HAI150",
        {S5: "team:\n  - name: A\n    category: end-user\nchecklist:\n" + done("ai-team")},
        (S5, 1),
        {
            S5: "team:\n  - {name: A, category: end-user, project_leader: true}\n"
            "  - {name: B, category: knowledge-expert, roles: [data-scientist, functional-administrator, ethics-legal-expert]}\n"
            "checklist:\n" + done("ai-team")
        },
    ),
    "ethics-expert": Case(
        "HAI151",
        {
            S5: "team:\n  - {name: A, category: end-user, project_leader: true}\nchecklist:\n"
            + done("ai-team")
        },
        (S5, 1),
        {
            S5: "team:\n  - {name: A, category: end-user, roles: [ethics-legal-expert]}\nchecklist:\n"
            + done("ai-team")
        },
    ),
    "agreements": Case(
        "HAI152",
        {S5: "checklist:\n" + done("management-agreements", True)},
        (S5, 3),
        {S5: "agreements: [{kind: sso}]\nchecklist:\n" + done("management-agreements", True)},
    ),
    "training-plan": Case(
        "HAI153",
        {S5: "checklist:\n" + done("training-plan", True)},
        (S5, 3),
        {
            S5: "training_plan:\n  supplier_training: e-learning\nchecklist:\n"
            + done("training-plan", True)
        },
    ),
    "autonomous": Case(
        "HAI160",
        {S4: "interaction_level: autonomous\n"},
        (S4, 1),
        {S4: "interaction_level: recommendation\n"},
    ),
    "frameworks": Case(
        "HAI170",
        {S6: "frameworks:\n  mdr: {applicable: true}\nchecklist:\n" + done("laws-known")},
        (S6, 5),
    ),
    "tracking": Case(
        "HAI171",
        {S6: "tracking:\n  responsible: jurist\nchecklist:\n" + done("developments-tracked")},
        (S6, 5),
        {
            S6: "tracking:\n  responsible: jurist\n  last_review: 2026-01-10\nchecklist:\n"
            + done("developments-tracked")
        },
    ),
    "supplier-questions": Case(
        "HAI175",
        {
            S7: "supplier_questions:\n  intended_use: x\nchecklist:\n"
            + done("properties-understood")
        },
        (S7, 5),
    ),
    "documents": Case(
        "HAI176",
        {S7: "design: {functional: x}\nchecklist:\n" + done("documents-in-dossier", True)},
        (S7, 4),
    ),
    "protocol-measure": Case(
        "HAI177",
        {
            S7: "validation_protocol:\n  outcome_measures:\n    - name: sensitiviteit\n      goal: x\n"
        },
        (S7, 3),
    ),
    "acceptance-test": Case(
        "HAI178",
        {
            S7: "validation_protocol:\n  acceptance_test: {result: failed}\nchecklist:\n"
            + done("acceptance-test")
        },
        (S7, 5),
        {
            S7: "validation_protocol:\n  acceptance_test: {result: passed}\nchecklist:\n"
            + done("acceptance-test")
        },
    ),
    "release": Case(
        "HAI179",
        {S7: "releases:\n  technical: {by: beheer}\nchecklist:\n" + done("technical-release")},
        (S7, 5),
        {
            S7: "releases:\n  technical: {by: beheer, date: 2026-01-02}\nchecklist:\n"
            + done("technical-release")
        },
    ),
    "acceptance-run-failed": Case(
        "HAI178",
        {
            S7: "validation_protocol:\n  acceptance_test:\n    result: passed\n    runs:\n"
            "      - {id: run-1, date: 2026-01-02, result: failed}\nchecklist:\n"
            + done("acceptance-test")
        },
        (S7, 8),
        {
            S7: "validation_protocol:\n  acceptance_test:\n    result: passed\n    runs:\n"
            "      - {id: run-1, date: 2026-01-02, result: failed}\n"
            "      - {id: run-2, date: 2026-01-09, result: passed, retest_of: run-1}\n"
            "checklist:\n" + done("acceptance-test")
        },
    ),
    "must-untested": Case(
        "HAI210",
        {
            S7: "requirements:\n"
            "  - {id: F-01, category: functional, text: Signaal, priority: must}\n"
            "  - {id: P-01, category: purchase-conditions, text: Contract, priority: must}\n"
            "validation_protocol:\n  acceptance_test:\n    runs:\n"
            "      - {id: run-1, date: 2026-01-02, result: passed}\nchecklist:\n"
            + done("acceptance-test")
        },
        (S7, 2),
        {
            S7: "requirements:\n"
            "  - {id: F-01, category: functional, text: Signaal, priority: must}\n"
            "  - {id: P-01, category: purchase-conditions, text: Contract, priority: must}\n"
            "validation_protocol:\n  acceptance_test:\n    runs:\n"
            "      - id: run-1\n        date: 2026-01-02\n        result: passed\n"
            "        cases: [{id: AT-01, requirements: [F-01], result: passed}]\n"
            "checklist:\n" + done("acceptance-test")
        },
    ),
    "test-names-unknown-requirement": Case(
        "HAI211",
        {
            S7: "requirements:\n"
            "  - {id: F-01, category: functional, text: Signaal, priority: must}\n"
            "validation_protocol:\n  acceptance_test:\n    runs:\n"
            "      - id: run-1\n        date: 2026-01-02\n        result: passed\n"
            "        cases:\n          - id: AT-01\n            requirements: [F-01, F-10]\n"
        },
        (S7, 11),
        {
            S7: "requirements:\n"
            "  - {id: F-01, category: functional, text: Signaal, priority: must}\n"
            "validation_protocol:\n  acceptance_test:\n    runs:\n"
            "      - id: run-1\n        date: 2026-01-02\n        result: passed\n"
            "        cases:\n          - id: AT-01\n            requirements: [F-01]\n"
        },
    ),
    "evaluation-overdue": Case(
        "HAI180",
        {
            "dossier.yaml": meta(phase="3"),
            S8: "evaluations:\n  - date: 2025-01-10\n  - date: 2026-02-01\n",
        },
        (S8, 3),
        {S8: "evaluations:\n  - date: 2026-09-01\n"},
    ),
    "evaluation-due-soon": Case(
        "HAI181",
        {
            "dossier.yaml": meta(phase="3"),
            S8: "evaluation_interval_months: 3\nevaluations:\n  - date: 2026-09-10\n",
        },
        (S8, 3),
        {S8: "evaluation_interval_months: 3\nevaluations:\n  - date: 2026-11-01\n"},
    ),
    "major-change": Case(
        "HAI182",
        {S8: "changes:\n  - date: 2026-03-01\n    kind: upgrade\n    size: major\n"},
        (S8, 2),
        {
            S8: "changes:\n  - date: 2026-03-01\n    kind: upgrade\n    size: major\n"
            "    reassessment: {steps: [3, 4, 5, 6], done: true, date: 2026-04-01}\n"
        },
    ),
    "phase-versions": Case(
        "HAI183",
        {
            "dossier.yaml": meta(phase="4"),
            S8: "versions:\n  - version: '1.0'\n    in_production: true\n    validated: true\n",
        },
        (S8, 3),
        {S8: "versions:\n  - version: '1.0'\n    in_production: false\n"},
    ),
    "version-validated": Case(
        "HAI184",
        {S8: "versions:\n  - version: '1.0'\n    in_production: true\n"},
        (S8, 2),
        {S8: "versions:\n  - version: '1.0'\n    in_production: true\n    validated: true\n"},
    ),
    "version-dpia": Case(
        "HAI185",
        {S8: "versions:\n  - version: '1.0'\n  - version: '2.0'\n    dpia_considered: true\n"},
        (S8, 3),
        {
            S8: "versions:\n  - version: '1.0'\n  - version: '2.0'\n    dpia_considered: true\n    impact_assessment_considered: true\n"
        },
    ),
    "breach-without-decision": Case(
        "HAI186",
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    figures:\n      - {measure: sensitivity, value: 0.85}\n"
        },
        (S8, 6),
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    decision: change\n    figures:\n      - {measure: sensitivity, value: 0.85}\n"
        },
    ),
    "breach-marked-by-hand": Case(
        "HAI186",
        {
            S8: "monitoring:\n  - id: bias\n    measure: fairness\n"
            "evaluations:\n  - date: 2026-10-01\n    figures:\n      - {measure: bias, value: verschil bij vrouwen, breached: true}\n"
        },
        (S8, 5),
        {
            S8: "monitoring:\n  - id: bias\n    measure: fairness\n"
            "evaluations:\n  - date: 2026-10-01\n    figures:\n      - {measure: bias, value: geen verschil, breached: false}\n"
        },
    ),
    "unknown-figure": Case(
        "HAI187",
        {
            S8: "monitoring:\n  - {id: uptime, measure: technical-errors}\n"
            "evaluations:\n  - date: 2026-10-01\n    figures:\n      - measure: uptme\n        value: 99.5\n"
        },
        (S8, 6),
        {
            S8: "monitoring:\n  - {id: uptime, measure: technical-errors}\n"
            "evaluations:\n  - date: 2026-10-01\n    figures:\n      - measure: uptime\n        value: 99.5\n"
        },
    ),
    "figure-not-comparable": Case(
        "HAI195",
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    decision: continue\n    figures:\n      - measure: sensitivity\n        value: '0,85'\n"
        },
        (S8, 10),
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    decision: continue\n    figures:\n      - measure: sensitivity\n        value: 0.85\n"
        },
    ),
    "limit-checks-nothing": Case(
        "HAI196",
        {S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {}\n"},
        (S8, 4),
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
        },
    ),
    "breach-denied": Case(
        "HAI197",
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    decision: change\n    figures:\n      - measure: sensitivity\n        value: 0.85\n        breached: false\n"
        },
        (S8, 11),
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-10-01\n    decision: change\n    figures:\n      - measure: sensitivity\n        value: 0.85\n        breached: true\n"
        },
    ),
    "figure-missing": Case(
        "HAI198",
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-04-01\n    decision: continue\n"
            "  - date: 2026-10-01\n    decision: continue\n"
        },
        (S8, 8),
        {
            S8: "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.9}\n"
            "evaluations:\n  - date: 2026-04-01\n    decision: continue\n"
            "  - date: 2026-10-01\n    decision: continue\n    figures:\n      - {measure: sensitivity, value: 0.95}\n"
        },
    ),
    "retention": Case(
        "HAI188",
        {
            "dossier.yaml": meta(IN_HOUSE, "4"),
            S8: "decommissioning:\n  date: 2026-06-01\n  retention:\n    patient_data_until: 2040-06-01\n",
        },
        (S8, 4),
        {
            S8: "decommissioning:\n  date: 2026-06-01\n  retention:\n    patient_data_until: 2046-06-01\n    records_until: 2036-06-01\n"
        },
    ),
    "minor-change": Case(
        "HAI189",
        {S8: "changes:\n  - date: 2026-03-01\n    kind: update\n    size: minor\n"},
        (S8, 2),
        {
            S8: "changes:\n  - date: 2026-03-01\n    kind: update\n    size: minor\n    status: requested\n"
        },
    ),
    "version-before-go-live": Case(
        "HAI183",
        {S8: "versions:\n  - version: '1.0'\n    in_production: true\n    validated: true\n"},
        (S8, 3),
        {S8: "versions:\n  - version: '1.0'\n    validated: true\n"},
    ),
    "decision-unknown-answer": Case(
        "HAI240",
        {S6: "decisions:\n  ai-act-role:\n    ai-system: maybe\n"},
        (S6, 3),
        {S6: "decisions:\n  ai-act-role:\n" + ROLE_DEPLOYER},
    ),
    "ai-act-undecided": Case(
        "HAI241",
        {S6: "checklist:\n" + done("laws-known")},
        (S6, 3),
        {S6: DECIDED + "checklist:\n" + done("laws-known")},
    ),
    "ai-literacy": Case(
        "HAI242",
        {S5: "training_plan:\n  academy: e-learning\nchecklist:\n" + done("training-plan")},
        (S5, 5),
        {
            S5: "training_plan:\n  academy: e-learning\n  ai_literacy: e-learning AI, verplicht\n"
            "checklist:\n" + done("training-plan")
        },
    ),
    "deployer-duties": Case(
        "HAI243",
        {
            "dossier.yaml": meta(phase="2"),
            ".hai/law.yaml": "dates:\n  ai-act-deployer-annex-i: 2026-01-01\n",
            S6: HIGH_RISK,
        },
        (S6, 1),
        {
            S5: "team:\n  - name: radioloog\n    category: end-user\n",
            S6: HIGH_RISK + MEASURES,
        },
    ),
    "in-house-exemption": Case(
        "HAI244",
        {"dossier.yaml": meta(IN_HOUSE), S6: "checklist:\n" + done("laws-known")},
        (S6, 3),
        {
            S6: "decisions:\n  mdr-in-house:\n    medical-device: 'no'\n"
            "checklist:\n" + done("laws-known")
        },
    ),
    "rule-11": Case(
        "HAI245",
        {S4: "ce_class: I\n" + RULE_11_IIA},
        (S4, 1),
        {S4: "ce_class: IIa\n" + RULE_11_IIA},
    ),
    "law-review": Case(
        "HAI246",
        {S6: DECIDED + "tracking:\n  last_review: 2022-03-29\nchecklist:\n" + done("laws-known")},
        (S6, 12),
        {S6: DECIDED + "tracking:\n  last_review: 2026-11-01\nchecklist:\n" + done("laws-known")},
    ),
    "tripod-superseded": Case(
        "HAI247",
        {S7: TRIPOD.format(g="tripod")},
        (S7, 4),
        {S7: TRIPOD.format(g="tripod-plus-ai")},
    ),
    "change-size": Case(
        "HAI248",
        {S8: CHANGE.format(size="minor")},
        (S8, 4),
        {S8: CHANGE.format(size="major")},
    ),
    "bsn": Case(
        "HAI190",
        {S1: "# patiënt\nclinical_problem: casus van patiënt 111222333 op de SEH\n"},
        (S1, 2),
        {S1: "clinical_problem: casus van patiënt 111222334 op de SEH\n"},
    ),
    "development-text-in-a-purchase": Case(
        "HAI192",
        {S7: "development:\n  data_period: opnames 2020\n"},
        (S7, 1),
        {S7: "development:\n  data_period:\n"},  # the scaffold's empty keys: fine
    ),
    "supplier-in-an-in-house-build": Case(
        "HAI192",
        {"dossier.yaml": meta(IN_HOUSE, "1A", "supplier:\n  name: Leverancier BV\n")},
        ("dossier.yaml", 6),
        {"dossier.yaml": meta(IN_HOUSE, "1A")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_fires(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    result = check(base_dossier(tmp_path, case.files))
    found = [(p.file, p.line) for p in result.problems if p.code == case.code]
    assert case.where in found, (
        f"{case.code} at {found}, all: {[(p.code, p.file, p.line) for p in result.problems]}"
    )
    problem = next(p for p in result.problems if p.code == case.code)
    assert problem.text.nl and problem.text.en and problem.text.nl != problem.text.en


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.fixed))
def test_rule_satisfied(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    result = check(base_dossier(tmp_path, {**case.files, **case.fixed}))
    assert case.code not in [p.code for p in result.problems], result.problems


def test_every_rule_has_a_case() -> None:
    _load_rule_modules()
    approvals = (Path(__file__).parent / "test_approvals.py").read_text()
    elsewhere = {code for code in ("HAI200", "HAI201", "HAI202") if code in approvals}
    assert set(RULES) == {case.code for case in CASES.values()} | elsewhere


def test_every_rule_has_two_languages() -> None:
    _load_rule_modules()
    for rule in RULES.values():
        assert rule.title.nl and rule.title.en and rule.code.startswith("HAI")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("111222334", False),
        ("000000000", False),
        ("12345678", False),
    ],
)
def test_eleven_test(number: str, valid: bool) -> None:
    assert is_bsn(number) is valid


def test_bsn_formats_and_non_matches(tmp_path: Path) -> None:
    text = (
        "a: 1234.56.782\n"  # dotted notation of 123456782
        "b: 123 456 782\n"
        "c: 0612345678\n"  # a phone number: ten digits
        "d: 2024-03-01\n"
        "e: v1.1112223330.2\n"  # ten digits in a version string
        "f: 1112223330\n"  # ten digits whose first nine pass the eleven test
        "g: '01112223330'\n"  # and whose last nine do
        "h: evidence/111222333.pdf\n"  # nine digits after a '/' in a file name
        "i: scan-111222333-v2\n"
        "j: 111 222 333 4\n"  # part of a longer spaced number
    )
    assert is_bsn("111222333")
    result = check(base_dossier(tmp_path, {S1: text}))
    assert [p.line for p in result.problems if p.code == "HAI190"] == [1, 2, 8, 9]


def test_fields_for_one_acquisition_are_the_ones_the_guidance_names() -> None:
    """The rule's table and the scaffold's "Alleen bij zelfbouw/inkoop" guidance agree."""
    from hai_cli.catalogue import catalogue
    from hai_cli.rules.acquisition import ONLY_FOR

    said = {}
    for path, text in catalogue().fields.items():
        for prefix, kind in (
            ("Alleen bij zelfbouw", "in-house"),
            ("Alleen bij inkoop", "purchase"),
        ):
            if text.nl.startswith(prefix):
                file, key = path.split(".", 1)
                said[("dossier" if file == "dossier" else int(file.removeprefix("step")), key)] = (
                    kind
                )
    assert said == ONLY_FOR


GOLDEN_MESSAGES = Path(__file__).parent / "golden" / "rule-messages.txt"


def rule_messages(tmp_path: Path) -> str:
    """Every rule's message as its case makes it fire, in Dutch and English: the golden file
    (a changed word shows in review). Regenerate with ``python tests/golden/update.py``."""
    lines = []
    for name in sorted(CASES):
        case = CASES[name]
        result = check(base_dossier(tmp_path / name, case.files))
        for problem in (p for p in result.problems if p.code == case.code):
            lines.append(f"{problem.code} {name} {problem.file}:{problem.line}")
            lines.append(f"  nl: {problem.text.nl}")
            lines.append(f"  en: {problem.text.en}")
    from hai_cli.check import duplicate_ids  # found across a portfolio, before the rules

    for shared in (2, 5):
        (problem,) = duplicate_ids([("same-id", 3, f"dept/d-{i}") for i in range(shared)])[0]
        lines.append(f"{problem.code} duplicate-id-{shared} {problem.file}:{problem.line}")
        lines.append(f"  nl: {problem.text.nl}")
        lines.append(f"  en: {problem.text.en}")
    return "\n".join(lines) + "\n"


def test_rule_messages_match_the_golden_file(tmp_path: Path) -> None:
    assert GOLDEN_MESSAGES.read_text("utf-8") == rule_messages(tmp_path), (
        "a rule's message changed: review it and run `python tests/golden/update.py`"
    )


def test_rules_read_typed_step_models(tmp_path: Path) -> None:
    """``ctx.step(Model)`` returns that model; a rule must name what it reads in ``needs``."""
    import datetime as dt

    from hai_cli.load import load_dossier
    from hai_cli.model.steps import STEP_NUMBERS, RisksStep, TasksStep
    from hai_cli.rules import Context

    _load_rule_modules()
    for rule in RULES.values():
        assert all(model in STEP_NUMBERS for model in rule.needs), rule.code
    ctx = Context(load_dossier(base_dossier(tmp_path)), dt.date(2026, 1, 1), needs=(RisksStep,))
    assert isinstance(ctx.step(RisksStep), RisksStep)
    assert isinstance(ctx.maybe(TasksStep), TasksStep)
    with pytest.raises(AssertionError, match="TasksStep without naming it in needs"):
        ctx.step(TasksStep)


def test_bsn_not_in_a_content_hash(tmp_path: Path) -> None:
    # a SHA-256 digest whose digits hold a run that passes the eleven test (123456782)
    digest = "ab123456782cd" + "e" * 51
    text = f"a: sha256:{digest}\nb: nummer 123456782\n"
    result = check(base_dossier(tmp_path, {S1: text}))
    assert [p.line for p in result.problems if p.code == "HAI190"] == [2]


def test_bsn_prefilter_skips_only_text_without_nine_digits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only text with nine digits in a row (or in the dotted or spaced form, or with a digit
    beyond ASCII, which \\d also matches) is scanned; the findings are those of a full scan."""
    from hai_cli.rules import privacy

    assert not privacy.may_hold_bsn("d: 2024-03-01\nc: 12345678 en 1234.56.78\né – € 12 345 678\n")
    for held in ("x: 123456782\n", "1234.56.782", "tel 123 456 782", "٠", "١٢٣"):
        assert privacy.may_hold_bsn(held), held
    texts = {
        "plain": "a: 2024-03-01\nb: 12345678\n",
        "ascii": "a: 1234.56.782\nb: nummer 123456782 é\nc: 123 456 782\n",
        "indic": "a: ١٢٣٤٥٦٧٨٢\n",  # 123456782 in Arabic-Indic digits
        "hash": f"a: sha256:ab123456782cd{'e' * 51}\nb: 111222333\n",
    }
    found = {}
    for name, text in texts.items():
        result = check(base_dossier(tmp_path, {S1: text}, name=name))
        found[name] = [(p.file, p.line) for p in result.problems if p.code == "HAI190"]
    assert found == {
        "plain": [],
        "ascii": [(S1, 1), (S1, 2), (S1, 3)],
        "indic": [(S1, 1)],
        "hash": [(S1, 2)],
    }
    monkeypatch.setattr(privacy, "may_hold_bsn", lambda text: True)  # every text scanned
    for name, text in texts.items():
        result = check(base_dossier(tmp_path / "full", {S1: text}, name=name))
        assert [(p.file, p.line) for p in result.problems if p.code == "HAI190"] == found[name]
