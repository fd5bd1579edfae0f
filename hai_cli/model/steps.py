"""The eight step files: each a ``checklist`` plus the structured fields the step decides.

Every field is optional, so that a scaffolded dossier validates while still open; the rules
(``hai_cli.rules``) require a field once the checklist item that depends on it is ``done``.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from hai_cli.catalogue import catalogue
from hai_cli.model.common import (
    Answer,
    Approval,
    Date,
    Evidence,
    Level,
    Number,
    Prose,
    Strict,
    Whole,
    YesNo,
    checklist_model,
)

Grade = Annotated[Whole, Field(ge=1, le=6)]


def _checklist(step: int, group: str = "checklist") -> type[Strict]:
    return checklist_model(f"Step{step}{group.title()}", catalogue().step(step).group(group))


Step1Checklist = _checklist(1)
Step2Checklist = _checklist(2)
Step3Checklist = _checklist(3)
Step4Checklist = _checklist(4)
Step5Checklist = _checklist(5)
Step6Checklist = _checklist(6)
Step7Checklist = _checklist(7)
Step8Checklist = _checklist(8)
DecommissioningChecklist = _checklist(8, "decommissioning")


# -- step 1 ------------------------------------------------------------------------------------


class MainTask(StrEnum):
    EFFICIENCY = "efficiency"
    HEALTH = "health"


class SubTask(StrEnum):
    EFFICIENT_WORKFLOW = "efficient-workflow"
    FASTER_ASSESSMENT = "faster-assessment"
    EARLIER_DETECTION = "earlier-detection"
    MORE_ACCURATE_DIAGNOSIS = "more-accurate-diagnosis-prognosis"
    PERSONALISED_CARE = "personalised-care"


SUB_TASK_MAIN = {
    SubTask.EFFICIENT_WORKFLOW: MainTask.EFFICIENCY,
    SubTask.FASTER_ASSESSMENT: MainTask.EFFICIENCY,
    SubTask.EARLIER_DETECTION: MainTask.HEALTH,
    SubTask.MORE_ACCURATE_DIAGNOSIS: MainTask.HEALTH,
    SubTask.PERSONALISED_CARE: MainTask.HEALTH,
}


class Consideration(Strict):
    answer: Answer | None = None
    explanation: Prose | None = None


class Considerations(Strict):
    large_data: Consideration | None = None
    human_analysis_infeasible: Consideration | None = None
    data_available: Consideration | None = None
    accuracy_testable: Consideration | None = None
    actionable_outcomes: Consideration | None = None


class MedicalContext(Strict):
    current_process: Prose | None = None
    clinical_problem: Prose | None = None
    patient_journey: Prose | None = None
    goal: Prose | None = None
    main_task: MainTask | None = None
    sub_task: SubTask | None = None
    considerations: Considerations | None = None
    strategic_fit: Prose | None = None
    checklist: Step1Checklist = Field(default_factory=Step1Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 2 ------------------------------------------------------------------------------------


class InnovationLevel(StrEnum):
    EXPERIMENTAL = "experimental"
    NEW_TO_NL = "new-to-nl"
    LOCALLY_NEW = "locally-new"


class StartingPhase(StrEnum):
    DEVELOPMENT = "1A"
    ACQUISITION = "1B"


class Candidate(Strict):
    supplier: str
    product: str | None = None
    ce_class: str | None = None
    notes: Prose | None = None


class MarketResearch(Strict):
    date: Date | None = None
    sources: list[str] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    outcome: Prose | None = None
    why_no_market_product: Prose | None = None
    evidence: Evidence


class InnovationStep(Strict):
    innovation_level: InnovationLevel | None = None
    starting_phase: StartingPhase | None = None
    medical_device: YesNo | None = None
    build_or_buy_rationale: Prose | None = None
    market_research: MarketResearch | None = None
    checklist: Step2Checklist = Field(default_factory=Step2Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 3 ------------------------------------------------------------------------------------


class OutcomeKind(StrEnum):
    PROCESS = "process"
    HEALTH = "health"
    EXPERIENCE = "experience"
    COSTS = "costs"


class Study(Strict):
    reference: str
    design: str | None = None
    evidence_level: Grade | None = None
    population: Prose | None = None
    findings: Prose | None = None


class OutcomeMeasure(Strict):
    name: str
    kind: OutcomeKind
    description: Prose | None = None


class SupportingEvidence(Strict):
    user_involvement: Prose | None = None
    implementation_nl: Prose | None = None
    societal_problem: Prose | None = None


class EarlyHta(Strict):
    done: YesNo = False
    summary: Prose | None = None
    evidence: Evidence


class AddedValueStep(Strict):
    evidence_level: Grade | None = None
    required_evidence_level: Grade | None = None
    studies: list[Study] = Field(default_factory=list)
    outcome_measures: list[OutcomeMeasure] = Field(default_factory=list)
    supporting_evidence: SupportingEvidence | None = None
    early_hta: EarlyHta | None = None
    checklist: Step3Checklist = Field(default_factory=Step3Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 4 ------------------------------------------------------------------------------------


class PriType(StrEnum):
    NONE_OR_LIMITED = "none-or-limited"
    SCREENING = "screening"
    EXTENDED = "extended-hfmea"


PRI_RANK = {PriType.NONE_OR_LIMITED: 0, PriType.SCREENING: 1, PriType.EXTENDED: 2}


class CeClass(StrEnum):
    I = "I"  # noqa: E741 - the MDR's own name
    IIA = "IIa"
    IIB = "IIb"
    III = "III"


class AssessmentStatus(StrEnum):
    DONE = "done"
    PLANNED = "planned"
    NOT_NEEDED = "not-needed"


class Interaction(StrEnum):
    INFORMATIVE = "informative"
    RISK_SCORE = "risk-score"
    RECOMMENDATION = "recommendation"
    AUTONOMOUS = "autonomous"


class Threat(StrEnum):
    DATA_POISONING = "data-poisoning"
    MODEL_STEALING = "model-stealing"
    ADVERSARIAL_ATTACKS = "adversarial-attacks"
    VULNERABLE_COMPONENTS = "vulnerable-components"
    CONNECTIVITY = "connectivity"
    OTHER = "other"


class Pri(Strict):
    type: PriType | None = None
    date: Date | None = None
    participants: list[str] = Field(default_factory=list)
    main_risks: list[Prose] = Field(default_factory=list)
    evidence: Evidence


class Assessment(Strict):
    status: AssessmentStatus | None = None
    date: Date | None = None
    summary: Prose | None = None
    evidence: Evidence


class Biv(Strict):
    availability: Level | None = None
    integrity: Level | None = None
    confidentiality: Level | None = None


class PersonalData(Strict):
    processed: YesNo | None = None
    third_party: str | None = Field(
        default=None, description="Who processes personal data on the hospital's behalf."
    )
    location: Prose | None = None
    retention: Prose | None = None


class CyberRisk(Strict):
    threat: Threat
    description: Prose | None = None
    measures: Prose | None = None


class ExpectedEffects(Strict):
    direct: list[Prose] = Field(default_factory=list)
    indirect: list[Prose] = Field(default_factory=list)
    patient_groups: Prose | None = None
    care_chain: Prose | None = None


Answers = dict[str, str | bool]  # a decision tree's answers: question id to answer id
Decisions = Annotated[
    dict[str, Answers],
    Field(
        default_factory=dict,
        description="Decision trees answered here: tree id to its answers ('hai decide TREE').",
    ),
]


class Device(Strict):
    """One medical device of the product (a product may be several devices)."""

    name: str
    ce_class: CeClass | None = None
    notified_body: str | None = None  # name and four-digit number, e.g. "TÜV SÜD (0123)"
    certificate: str | None = None
    udi_di: str | None = None
    intended_purpose: Prose | None = None


class RisksStep(Strict):
    risk_indication: Level | None = None
    risk_factors: Prose | None = None
    large_care_process_change: YesNo | None = None
    pri: Pri | None = None
    ce_class: CeClass | None = None
    devices: list[Device] = Field(default_factory=list)
    decisions: Decisions
    bia: Assessment | None = None
    biv: Biv | None = None
    dpia: Assessment | None = None
    personal_data: PersonalData | None = None
    cybersecurity: list[CyberRisk] = Field(default_factory=list)
    expected_effects: ExpectedEffects | None = None
    interaction_level: Interaction | None = None
    outcome_registration: Prose | None = None
    incident_reporting: Prose | None = None
    recall_procedure: Prose | None = None
    checklist: Step4Checklist = Field(default_factory=Step4Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 5 ------------------------------------------------------------------------------------


class Category(StrEnum):
    END_USER = "end-user"
    KNOWLEDGE_EXPERT = "knowledge-expert"
    DECISION_MAKER = "decision-maker"


class Role(StrEnum):
    PATIENT = "patient"
    MEDICAL_SPECIALIST = "medical-specialist"
    NURSE = "nurse"
    CLINICAL_EXPERT = "clinical-expert"
    AI_EXPERT = "ai-expert"
    CLINICAL_INFORMATICIAN = "clinical-informatician"
    IT_SPECIALIST = "it-specialist"
    FUNCTIONAL_ADMINISTRATOR = "functional-administrator"
    ETHICS_LEGAL_EXPERT = "ethics-legal-expert"
    MEDICAL_MANAGER = "medical-manager"
    DATA_STEWARD = "data-steward"
    DATA_ARCHITECT = "data-architect"
    DATA_ENGINEER = "data-engineer"
    DATA_SCIENTIST = "data-scientist"
    PRODUCT_OWNER = "product-owner"


AI_EXPERT_ROLES = {Role.AI_EXPERT, Role.CLINICAL_INFORMATICIAN, Role.DATA_SCIENTIST}
IT_ROLES = {Role.IT_SPECIALIST, Role.FUNCTIONAL_ADMINISTRATOR}


class TeamMember(Strict):
    name: str
    function: str | None = None
    category: Category
    roles: list[Role] = Field(default_factory=list)
    project_leader: YesNo = False


class Raci(Strict):
    activity: str
    responsible: list[str] = Field(default_factory=list)
    accountable: str | None = None
    consulted: list[str] = Field(default_factory=list)
    informed: list[str] = Field(default_factory=list)


class AgreementKind(StrEnum):
    SLA = "sla"
    SSO = "sso"
    PROCESSOR_AGREEMENT = "processor-agreement"
    INTERNAL = "internal"
    LICENCE = "licence"
    OTHER = "other"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    ENDED = "ended"


class Agreement(Strict):
    kind: AgreementKind
    party: str | None = None
    description: Prose | None = None
    status: AgreementStatus | None = None
    date: Date | None = None
    evidence: Evidence


class TrainingPlan(Strict):
    supplier_training: Prose | None = None
    academy: Prose | None = None
    general_courses: list[str] = Field(default_factory=list)
    ai_literacy: Prose | None = None
    mandatory_before_use: YesNo = True
    evidence: Evidence


class TasksStep(Strict):
    team: list[TeamMember] = Field(default_factory=list)
    raci: list[Raci] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    training_plan: TrainingPlan | None = None
    checklist: Step5Checklist = Field(default_factory=Step5Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 6 ------------------------------------------------------------------------------------


class FrameworkAssessment(Strict):
    applicable: YesNo | None = None
    applies_from: Date | None = None
    conclusion: Prose | None = None


class OtherFramework(FrameworkAssessment):
    name: str


class Frameworks(Strict):
    mdr: FrameworkAssessment | None = None
    gdpr: FrameworkAssessment | None = None
    eu_ai_act: FrameworkAssessment | None = None
    wgbo: FrameworkAssessment | None = None
    wkkgz: FrameworkAssessment | None = None
    product_liability: FrameworkAssessment | None = None
    nen_7510: FrameworkAssessment | None = None
    iso_27001: FrameworkAssessment | None = None
    igj_assessment: FrameworkAssessment | None = None
    zn_assessment: FrameworkAssessment | None = None
    leidraad_ai: FrameworkAssessment | None = None
    leidraad_nikp: FrameworkAssessment | None = None
    convenant_mt: FrameworkAssessment | None = None


class Tracking(Strict):
    responsible: str | None = None
    last_review: Date | None = None
    next_review: Date | None = None
    sources: list[str] = Field(default_factory=list)


class DeployerMeasures(Strict):
    """What AI Act art. 26 asks of a deployer of a high-risk AI system."""

    instructions_for_use: Prose | None = None
    human_oversight: list[str] = Field(default_factory=list)  # names from the team of step 5
    log_retention_months: int | None = Field(default=None, ge=0)
    provider_informed: Prose | None = None
    serious_incidents: Prose | None = None
    workers_informed: Prose | None = None
    evidence: Evidence


class LawsStep(Strict):
    frameworks: Frameworks | None = None
    other_frameworks: list[OtherFramework] = Field(default_factory=list)
    decisions: Decisions
    deployer_measures: DeployerMeasures | None = None
    tracking: Tracking | None = None
    checklist: Step6Checklist = Field(default_factory=Step6Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 7 ------------------------------------------------------------------------------------


class AcquisitionForm(StrEnum):
    PURCHASE = "purchase"
    TRIAL_PLACEMENT = "trial-placement"
    RENT_LEASE = "rent-lease"
    FREE_TRIAL = "free-trial"


class DataSplit(Strict):
    training: Prose | None = None
    tuning: Prose | None = None
    test: Prose | None = None
    external_validation: Prose | None = None


class Development(Strict):
    data_period: Prose | None = None
    data_sources: Prose | None = None
    data_split: DataSplit | None = None
    performance: Prose | None = None
    reporting_guideline: str | None = None
    informed_consent: Prose | None = None
    evidence: Evidence


class SupplierQuestions(Strict):
    intended_use: Prose | None = None
    data_quality: Prose | None = None
    data_quantity: Prose | None = None
    performance: Prose | None = None
    outcome_measures: Prose | None = None
    generalisability: Prose | None = None
    effectiveness_evidence: Prose | None = None
    integration: Prose | None = None
    risks: Prose | None = None
    ethics_law_society: Prose | None = None


class RequirementCategory(StrEnum):
    FUNCTIONAL = "functional"
    TECHNICAL = "technical"
    QUALITY_SAFETY = "quality-safety"
    DATA_ICT = "data-ict"
    DOCUMENTATION = "documentation"
    IMPLEMENTATION_TRAINING = "implementation-training"
    SERVICE = "service"
    PURCHASE_CONDITIONS = "purchase-conditions"
    REFERENCES = "references"


class Priority(StrEnum):
    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"


class Requirement(Strict):
    id: str
    category: RequirementCategory
    text: Prose
    priority: Priority
    response: Prose | None = None
    met: Answer | None = None


class Design(Strict):
    functional: Prose | None = None
    technical: Prose | None = None
    security: Prose | None = None
    evidence: Evidence


class Introduction(StrEnum):
    PILOT = "pilot"
    SHADOW_MODE = "shadow-mode"


class Milestone(Strict):
    milestone: str
    date: Date | None = None
    done: YesNo = False


class ImplementationPlan(Strict):
    introduction: Introduction | None = None
    period: Prose | None = None
    training: Prose | None = None
    communication_plan: Prose | None = None
    monitoring: Prose | None = None
    timeline: list[Milestone] = Field(default_factory=list)
    evidence: Evidence


class StatisticalApproach(StrEnum):
    RETROSPECTIVE = "retrospective"
    TEMPORAL = "temporal"
    EXTERNAL = "external"


class StatisticalValidation(Strict):
    approach: StatisticalApproach | None = None
    dataset: Prose | None = None
    description: Prose | None = None
    result: Prose | None = None


class TestResult(StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class CaseResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    BLOCKED = "blocked"
    NOT_RUN = "not-run"


class TestCase(Strict):
    """One case of an acceptance test run, tracing back to the PvE requirements it tests."""

    id: str = Field(min_length=1)
    requirements: list[str] = Field(default_factory=list)
    description: Prose | None = None
    result: CaseResult | None = None
    defect: Prose | None = None


class AcceptanceRun(Strict):
    """One run of the user acceptance test: when, where, which cases, with what result."""

    id: str = Field(min_length=1)
    date: Date
    environment: Prose | None = None
    result: TestResult
    cases: list[TestCase] = Field(default_factory=list)
    defects: list[Prose] = Field(default_factory=list)
    retest_of: str | None = None
    evidence: Evidence


class AcceptanceTest(Strict):
    environment: Prose | None = None
    description: Prose | None = None
    result: TestResult | None = None
    date: Date | None = None
    findings: list[Prose] = Field(default_factory=list)
    runs: list[AcceptanceRun] = Field(default_factory=list)
    evidence: Evidence

    def latest_run(self) -> AcceptanceRun | None:
        return max(self.runs, key=lambda r: r.date) if self.runs else None


class ImpactStudy(Strict):
    description: Prose | None = None
    partners: Prose | None = None


class Guideline(StrEnum):
    TRIPOD = "tripod"
    TRIPOD_AI = "tripod-ai"
    TRIPOD_PLUS_AI = "tripod-plus-ai"
    DECIDE_AI = "decide-ai"
    SQUIRE = "squire"
    NHS_HANDBOOK = "nhs-handbook"
    OTHER = "other"


class ProtocolMeasure(Strict):
    name: str
    goal: Prose | None = None
    calculation: Prose | None = None
    frequency: Prose | None = None
    collected_by: str | None = None
    assessed_by: str | None = None
    data_source: Prose | None = None
    guideline: Guideline | None = None
    acceptance_criterion: Prose | None = None


class ValidationProtocol(Strict):
    statistical_validation: StatisticalValidation | None = None
    acceptance_test: AcceptanceTest | None = None
    impact_study: ImpactStudy | None = None
    outcome_measures: list[ProtocolMeasure] = Field(default_factory=list)
    evidence: Evidence


class Release(Strict):
    by: str | None = None
    role: str | None = None
    date: Date | None = None
    note: Prose | None = None


class Releases(Strict):
    technical: Release | None = None
    functional: Release | None = None


class ImplementationStep(Strict):
    development: Development | None = None
    acquisition_form: AcquisitionForm | None = None
    supplier_questions: SupplierQuestions | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    design: Design | None = None
    implementation_plan: ImplementationPlan | None = None
    validation_protocol: ValidationProtocol | None = None
    releases: Releases | None = None
    checklist: Step7Checklist = Field(default_factory=Step7Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


# -- step 8 ------------------------------------------------------------------------------------


class MonitoringKind(StrEnum):
    WRONG_PREDICTIONS = "wrong-predictions"
    TECHNICAL_ERRORS = "technical-errors"
    FAIRNESS = "fairness"
    RISKS = "risks"
    DEPLOYMENT_BIAS = "deployment-bias"
    BENEFITS = "benefits"


class Limit(Strict):
    """A machine-checkable threshold: a figure below ``min`` or above ``max`` is a breach."""

    min: Number | None = None
    max: Number | None = None

    def breached_by(self, value: float) -> bool:
        return (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        )


class MonitoringMeasure(Strict):
    id: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    measure: MonitoringKind
    method: Prose | None = None
    threshold: Prose | None = None
    limit: Limit | None = None
    proportion: bool = Field(
        default=False,
        description="The figure is a fraction from 0 to 1 (hai evaluate then accepts 91% as 0.91).",
    )
    reviewer: str | None = None


class Decision(StrEnum):
    CONTINUE = "continue"
    CHANGE = "change"
    STOP = "stop"


class Figure(Strict):
    measure: str
    # any scalar, kept as written: the check says when it cannot be compared with the limit
    value: bool | int | float | str | None = None
    breached: YesNo | None = None
    note: Prose | None = None


class Evaluation(Strict):
    date: Date
    period_from: Date | None = None
    period_to: Date | None = None
    figures: list[Figure] = Field(default_factory=list)
    incidents: list[Prose] = Field(default_factory=list)
    recalls: list[Prose] = Field(default_factory=list)
    findings: list[Prose] = Field(default_factory=list)
    decision: Decision | None = None
    participants: list[str] = Field(default_factory=list)
    chair: str | None = None
    evidence: Evidence


class ChangeKind(StrEnum):
    UPDATE = "update"
    UPGRADE = "upgrade"
    RECALL = "recall"
    VIM = "vim"
    EVALUATION = "evaluation"
    RETRAINING = "retraining"  # a local retraining: a change kind of its own


class ChangeSize(StrEnum):
    MAJOR = "major"
    MINOR = "minor"


class Reassessment(Strict):
    steps: list[Annotated[Whole, Field(ge=1, le=8)]] = Field(default_factory=list)
    done: YesNo = False
    date: Date | None = None
    note: Prose | None = None


class ChangeStatus(StrEnum):
    REQUESTED = "requested"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


class Change(Strict):
    date: Date
    kind: ChangeKind
    size: ChangeSize
    status: ChangeStatus = ChangeStatus.IMPLEMENTED
    description: Prose | None = None
    significance: Answers = Field(
        default_factory=dict,
        description="Answers to the decision tree 'change-significance' ('hai decide ...').",
    )
    reassessment: Reassessment | None = None
    evidence: Evidence


class ModelVersion(Strict):
    version: str
    in_production: YesNo = False
    released: Date | None = None
    retired: Date | None = None
    changes: Prose | None = None
    training_data: Prose | None = None
    test_data: Prose | None = None
    contributors: list[str] = Field(default_factory=list)
    performance: Prose | None = None
    validated: YesNo | None = None
    dpia_considered: YesNo | None = None
    impact_assessment_considered: YesNo | None = None
    outcome: Prose | None = None
    evidence: Evidence


class Retention(Strict):
    patient_data_until: Date | None = None
    records_until: Date | None = None
    note: Prose | None = None


class Decommissioning(Strict):
    date: Date | None = None
    reason: Prose | None = None
    impact: Prose | None = None
    retention: Retention | None = None
    evidence: Evidence
    checklist: DecommissioningChecklist = Field(  # type: ignore[valid-type]
        default_factory=DecommissioningChecklist
    )


class EvaluationStep(Strict):
    monitoring: list[MonitoringMeasure] = Field(default_factory=list)
    evaluation_interval_months: Whole = Field(default=6, ge=1, le=36)
    evaluations: list[Evaluation] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    versions: list[ModelVersion] = Field(default_factory=list)
    decommissioning: Decommissioning | None = None
    checklist: Step8Checklist = Field(default_factory=Step8Checklist)  # type: ignore[valid-type]
    approvals: list[Approval] = Field(default_factory=list)


STEP_MODELS: dict[int, type[Strict]] = {
    1: MedicalContext,
    2: InnovationStep,
    3: AddedValueStep,
    4: RisksStep,
    5: TasksStep,
    6: LawsStep,
    7: ImplementationStep,
    8: EvaluationStep,
}
STEP_NUMBERS: dict[type[BaseModel], int] = {model: number for number, model in STEP_MODELS.items()}
